package webpage

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docent-bot/docent/corpus/webpage/internal/trafilatura"
	readability "github.com/go-shiori/go-readability"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// mainBlocks extracts the article body: go-trafilatura finds the main content, the result is
// cut into blocks and cleaned of what the benchmark of real pages showed it still lets through.
// When it finds nothing usable, extractBlocks (the page's article container) stands in.
func mainBlocks(doc *html.Node, nodes int, m *meta) []Block {
	if nodes > maxLibraryNodes {
		return nil
	}
	if body := find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body }); body != nil && textSize(body) > maxLibraryText {
		return nil // the library's cost grows faster than linearly with text; read it ourselves
	}
	// The library rewrites the tree it reads; the fallback needs the page as it was.
	work := clone(doc)
	isMain := mainContentTest(doc)
	pruneBoilerplate(work, isMain)
	lib := libraryReader{glued: gluedPairs(doc), shares: linkShares(doc), authorBox: authorBoxTexts(doc)}
	blocks, res := lib.read(work)
	if res != nil {
		if m.trafTitle == "" {
			m.trafTitle = res.Metadata.Title
		}
		m.trafAuthor, m.trafSite = res.Metadata.Author, res.Metadata.Sitename
		if m.description == "" {
			m.description = res.Metadata.Description
		}
	}
	if secondOpinionGain*textLen(blocks) <= textSize(work) {
		// The page holds at least twice the text the library kept: ask readability (the
		// library's own fallback) for a second opinion, taken only when it finds twice as
		// much, as the library judges a fallback candidate, and holds most of what the
		// library found (else it read another part of the page). Upstream's own fallback
		// (EnableFallback, not vendored) also swapped good extractions for ones carrying
		// captions and dates.
		alt := lib.readability(work)
		if textLen(alt) >= secondOpinionGain*textLen(blocks) && holdsMost(blockWords(alt), blockWords(blocks)) {
			blocks = alt
		}
	}
	if textLen(blocks) < minLibraryText {
		// Below this the library falls back to a crude whole-page baseline (title included);
		// the page's own article container reads better.
		return nil
	}
	if len(blocks) <= 2 && textLen(blocks) > 800 {
		// One long block is the library's whole-text baseline, paragraphs lost: the page's
		// own container, cleaned the same way, is better if it holds the same text.
		if own := ownBlocks(doc, m, isMain); len(own) >= 3 && covers(own, blocks) {
			blocks = own
		}
	}
	return dropTitleBlocks(blocks, m)
}

// secondOpinionGain is how many times more text readability must find to replace the
// library's extraction (the library's own rule for a fallback candidate).
const secondOpinionGain = 2

// libraryReader runs go-trafilatura (or go-readability) on a pruned copy of a page and cuts
// its result into blocks, author boxes and link lists dropped (looked up in the original page).
type libraryReader struct {
	glued     map[string]bool
	shares    map[string]float64
	authorBox map[string]bool // blocks of the page's author boxes (authorBoxTexts)
}

// read extracts the main content of work (left as it was) with go-trafilatura.
func (r libraryReader) read(work *html.Node) ([]Block, *trafilatura.ExtractResult) {
	res, err := trafilatura.ExtractDocument(clone(work))
	if err != nil || res == nil || res.ContentNode == nil {
		return nil, nil
	}
	w := blockWriter{spaced: true, glued: r.glued}
	w.write(res.ContentNode, 0)
	w.flush()
	return r.clean(w.blocks), res
}

// readability extracts the main content of work (left as it was) with go-readability, the
// fallback upstream go-trafilatura tries first; its tree keeps the page's own white space.
func (r libraryReader) readability(work *html.Node) []Block {
	res, err := readability.FromDocument(clone(work), nil)
	if err != nil || res.Node == nil {
		return nil
	}
	var w blockWriter
	w.write(res.Node, 0)
	w.flush()
	return r.clean(w.blocks)
}

// clean drops the blocks of author boxes and link lists.
func (r libraryReader) clean(blocks []Block) []Block {
	kept := blocks[:0]
	for _, b := range blocks {
		if !r.authorBox[norm(b.Text)] {
			kept = append(kept, b)
		}
	}
	return dropLinkBlocks(kept, r.shares)
}

// mainContentTest returns the extractor's own measure of main content for pruning: an
// element is the main content when it holds most of the words go-trafilatura extracts from
// the whole, unpruned page. The library runs at most once, and only when asked.
func mainContentTest(doc *html.Node) func(*html.Node) bool {
	var lib map[string]int
	done := false
	return func(n *html.Node) bool {
		if !done {
			done = true
			res, err := trafilatura.ExtractDocument(clone(doc))
			if err == nil && res != nil {
				lib = wordCounts(res.ContentText)
			}
		}
		if len(lib) == 0 {
			return false
		}
		return holdsMost(wordCounts(nodeText(n)), lib)
	}
}

// holdsMost reports whether the words of own cover at least half of the words of lib.
func holdsMost(own, lib map[string]int) bool {
	return wordShare(own, lib) >= 0.5
}

// wordShare is the share of the words of lib (counted with repeats) that own holds too.
func wordShare(own, lib map[string]int) float64 {
	total, found := 0, 0
	for w, n := range lib {
		total += n
		found += min(n, own[w])
	}
	if total == 0 {
		return 0
	}
	return float64(found) / float64(total)
}

// wordCounts counts the lower-cased words of s.
func wordCounts(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		m[w]++
	}
	return m
}

// nodeText is the text under n, outside scripts and styles, its text nodes joined by spaces.
func nodeText(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return c.Type != html.ElementNode || c.DataAtom != atom.Script && c.DataAtom != atom.Style
	})
	return b.String()
}

func textLen(blocks []Block) int {
	n := 0
	for _, b := range blocks {
		n += utf8.RuneCountInString(b.Text)
	}
	return n
}

// dropTitleBlocks removes the headline and standfirst that open the body: they are the
// article's title and description, reported as metadata, not body text.
func dropTitleBlocks(blocks []Block, m *meta) []Block {
	titles := []string{m.ogTitle, m.ldTitle, m.title, m.trafTitle, m.h1}
	for len(blocks) > 0 && (isDateLine(blocks[0].Text) || blocks[0].Kind == Heading && isTitle(blocks[0].Text, titles, m.description)) {
		blocks = blocks[1:]
	}
	return blocks
}

// isTitle reports whether a heading repeats one of the page's titles or its description.
func isTitle(text string, titles []string, description string) bool {
	t := norm(text)
	for _, s := range titles {
		if s != "" && (norm(s) == t || strings.Contains(norm(s), t) && len(t) > 20) {
			return true
		}
	}
	return description != "" && isCutFrom(norm(description), t)
}

// norm lowercases s and keeps its letters and digits, for comparisons.
func norm(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r == ' ' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r > 0x7f {
			b.WriteRune(r)
		}
	}
	return collapse(b.String())
}

// isCutFrom reports whether the description is the heading, possibly cut short: the
// standfirst. A description that runs on past the heading is an excerpt of the body (as
// blogs make them from the opening text), so the heading is the body's own.
func isCutFrom(description, heading string) bool {
	d := strings.TrimRight(description, ".… ") // a cut description ends in an ellipsis
	return len(d) > 20 && strings.HasPrefix(heading, d)
}

// limitDepth flattens subtrees nested deeper than maxDepth into their text, so that nothing
// downstream recurses without bound on pathological markup.
// It returns the number of nodes in the tree.
func limitDepth(doc *html.Node) int {
	type item struct {
		n     *html.Node
		depth int
	}
	stack := []item{{doc, 0}}
	count := 0
	for len(stack) > 0 {
		count++
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if it.depth >= maxDepth-8 && it.n.FirstChild != nil {
			text := textOf(it.n)
			for c := it.n.FirstChild; c != nil; {
				next := c.NextSibling
				it.n.RemoveChild(c)
				c = next
			}
			if text != "" {
				it.n.AppendChild(&html.Node{Type: html.TextNode, Data: text})
			}
			continue
		}
		for c := it.n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, item{c, it.depth + 1})
		}
	}
	return count
}

// minLibraryText is the least text (characters) go-trafilatura's result must hold to be used.
const minLibraryText = 250

// maxLibraryText is the most visible text (bytes) a page may hold for go-trafilatura to read it;
// longer pages (a book on one page, a dump) go to the linear extractor.
const maxLibraryText = 256 << 10

// maxLibraryNodes is the most nodes a page may have for go-trafilatura to read it: its
// selectors scan the tree many times over (200k table cells took 5 s of CPU).
const maxLibraryNodes = 100_000

// textSize counts the bytes of text under n, outside scripts and styles.
func textSize(n *html.Node) int {
	size := 0
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			size += len(c.Data)
		}
		return c.Type != html.ElementNode || c.DataAtom != atom.Script && c.DataAtom != atom.Style
	})
	return size
}

// clone deep-copies the tree under n (its depth is bounded by limitDepth).
func clone(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace,
		Attr: append([]html.Attribute(nil), n.Attr...)}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.AppendChild(clone(k))
	}
	return c
}

// ownBlocks is the linear extractor on a pruned copy of the page, link lists dropped.
func ownBlocks(doc *html.Node, m *meta, isMain func(*html.Node) bool) []Block {
	work := clone(doc)
	pruneBoilerplate(work, isMain)
	return dropLinkBlocks(extractBlocks(work, m), linkShares(doc))
}

// covers reports whether own holds nearly all the words of lib, at not much greater length.
func covers(own, lib []Block) bool {
	return wordShare(blockWords(own), blockWords(lib)) >= 0.9 && textLen(own)*10 <= textLen(lib)*13
}

// blockWords counts the lower-cased words of the blocks.
func blockWords(blocks []Block) map[string]int {
	m := map[string]int{}
	for _, b := range blocks {
		for w, n := range wordCounts(b.Text) {
			m[w] += n
		}
	}
	return m
}
