package webpage

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxDepth bounds recursion over the DOM; deeper subtrees are read flat, as one block.
const maxDepth = 256

// skipTags never hold article text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Canvas: true, atom.Button: true,
	atom.Select: true, atom.Input: true, atom.Textarea: true, atom.Form: true, atom.Head: true,
	atom.Nav: true, atom.Footer: true, atom.Aside: true, atom.Header: true, atom.Dialog: true,
	atom.Menu: true, atom.Video: true, atom.Audio: true, atom.Picture: true, atom.Img: true, atom.Math: true,
}

// blockTags start a new block of text.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true,
	atom.Figure: true, atom.Figcaption: true, atom.Br: true, atom.Hr: true, atom.Address: true,
	atom.Center: true, atom.Details: true, atom.Summary: true, atom.Caption: true, atom.Tbody: true,
	atom.Thead: true, atom.Tfoot: true, atom.Body: true, atom.Fieldset: true, atom.Legend: true,
}

// blockWriter turns a DOM subtree into blocks.
type blockWriter struct {
	blocks []Block
	buf    strings.Builder
	kind   BlockKind
	outer  []BlockKind // kinds of the enclosing quotes and list items
	// spaced separates text nodes with a space: for trees whose text was trimmed (the
	// library's output), where "<b>Summary</b> Text" lost the space before "Text".
	spaced bool
	// glued lists the junctions the page itself prints without a space (gluedPairs):
	// there the spaced writer adds none ("(Twitter)", "Luft.", "m²").
	glued map[string]bool
	last  string // the text node written last in the current block
}

func (w *blockWriter) flush() {
	t := collapse(w.buf.String())
	w.buf.Reset()
	w.last = ""
	if t != "" {
		k := w.kind
		if k == Paragraph && len(w.outer) > 0 {
			k = w.outer[len(w.outer)-1] // a paragraph inside a quote or list item
		}
		w.blocks = append(w.blocks, Block{Kind: k, Text: t})
	}
	w.kind = Paragraph
}

func kindOf(a atom.Atom) (BlockKind, bool) {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return Heading, true
	case atom.Li, atom.Dd, atom.Dt:
		return ListItem, true
	case atom.Blockquote:
		return Quote, true
	}
	return Paragraph, false
}

func (w *blockWriter) write(n *html.Node, depth int) {
	switch n.Type {
	case html.TextNode:
		if w.spaced && !w.glues(n.Data) {
			w.buf.WriteByte(' ')
		}
		w.buf.WriteString(n.Data)
		if n.Data != "" {
			w.last = n.Data
		}
		return
	case html.ElementNode:
	case html.DocumentNode:
	default:
		return
	}
	a := n.DataAtom
	if n.Type == html.ElementNode {
		if a == 0 {
			a = atom.Lookup([]byte(n.Data)) // nodes built by code may lack their atom
		}
		if skipTags[a] || hidden(n) {
			return
		}
	}
	if depth > maxDepth {
		w.buf.WriteString(" " + textOf(n) + " ")
		return
	}
	block := blockTags[a]
	if block {
		w.flush()
		if k, ok := kindOf(a); ok {
			w.kind = k
		}
	}
	if a == atom.Td || a == atom.Th {
		w.buf.WriteByte(' ')
	}
	if a == atom.Pre {
		w.writePre(n)
		w.flush()
		return
	}
	if k, ok := kindOf(a); ok && k != Heading {
		w.outer = append(w.outer, k)
		defer func() { w.outer = w.outer[:len(w.outer)-1] }()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.write(c, depth+1)
	}
	if block {
		if k, ok := kindOf(a); ok && w.kind == Paragraph && w.buf.Len() > 0 {
			w.kind = k
		}
		w.flush()
	}
}

// writePre keeps preformatted text as one block, lines joined by spaces.
func (w *blockWriter) writePre(n *html.Node) {
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			w.buf.WriteString(c.Data)
		}
		return c.Type != html.ElementNode || !skipTags[c.DataAtom]
	})
}

// hidden reports elements the reader never sees.
func hidden(n *html.Node) bool {
	if _, ok := attrOK(n, "hidden"); ok {
		return true
	}
	if strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	st := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
	return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
