package webpage

import (
	"strings"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// mainBlocks extracts the article body: go-trafilatura finds the main content, the result is
// cut into blocks and cleaned of what the benchmark of real pages showed it still lets through.
// When it finds nothing usable, extractBlocks (the page's article container) stands in.
func mainBlocks(doc *html.Node, m *meta) []Block {
	res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Disabled,
		Focus:           trafilatura.Balanced,
	})
	var blocks []Block
	if err == nil && res != nil && res.ContentNode != nil {
		var w blockWriter
		w.write(res.ContentNode, 0)
		w.flush()
		blocks = w.blocks
		if m.trafTitle == "" {
			m.trafTitle = res.Metadata.Title
		}
		m.trafAuthor, m.trafSite = res.Metadata.Author, res.Metadata.Sitename
		if m.description == "" {
			m.description = res.Metadata.Description
		}
	}
	if textLen(blocks) == 0 {
		return nil
	}
	return dropTitleBlocks(blocks, m)
}

func textLen(blocks []Block) int {
	n := 0
	for _, b := range blocks {
		n += len(b.Text)
	}
	return n
}

// dropTitleBlocks removes the headline and standfirst that open the body: they are the
// article's title and description, reported as metadata, not body text.
func dropTitleBlocks(blocks []Block, m *meta) []Block {
	titles := []string{m.ogTitle, m.ldTitle, m.title, m.trafTitle, m.h1}
	for len(blocks) > 0 && blocks[0].Kind == Heading {
		t := norm(blocks[0].Text)
		matched := false
		for _, s := range titles {
			if s != "" && (norm(s) == t || strings.Contains(norm(s), t) && len(t) > 20) {
				matched = true
			}
		}
		if !matched && m.description != "" && similar(norm(m.description), t) {
			matched = true
		}
		if !matched {
			break
		}
		blocks = blocks[1:]
	}
	return blocks
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

// similar reports whether a and b are the same sentence, one possibly cut short.
func similar(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) > 20 && strings.HasPrefix(b, strings.TrimSuffix(a, "..."))
}

// limitDepth flattens subtrees nested deeper than maxDepth into their text, so that nothing
// downstream recurses without bound on pathological markup.
func limitDepth(doc *html.Node) {
	type item struct {
		n     *html.Node
		depth int
	}
	stack := []item{{doc, 0}}
	for len(stack) > 0 {
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
}

var _ = atom.P
