package webpage

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// The library trims every text node it returns, so "Göbel (<a>Twitter</a>) ist" comes back
// as "Göbel (", "Twitter", ") ist": joined with spaces they read "( Twitter )", joined
// without they lose the spaces the page has around its links. The page itself says which
// it is: gluedPairs records where it runs two text nodes together.

// gluedPairs returns the junctions between adjacent text nodes of the page (within one
// block) that have no white space on either side, keyed by glueKey.
func gluedPairs(doc *html.Node) map[string]bool {
	glued := map[string]bool{}
	prev := "" // the text before, within the current block; "" after a block boundary
	var visit func(n *html.Node, depth int)
	visit = func(n *html.Node, depth int) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if c.Data == "" {
					continue
				}
				if prev != "" && !endsWithSpace(prev) && !startsWithSpace(c.Data) {
					glued[glueKey(prev, c.Data)] = true
				}
				prev = c.Data
			case html.ElementNode:
				if skipTags[c.DataAtom] || depth > maxDepth {
					continue
				}
				block := blockTags[c.DataAtom] || c.DataAtom == 0 && strings.Contains(c.Data, "-")
				if block {
					prev = ""
				}
				visit(c, depth+1)
				if block {
					prev = ""
				}
			}
		}
	}
	visit(doc, 0)
	return glued
}

// glueKey names the junction of a text ending with before and one starting with after: the
// last word of one and the first word of the other ("(" and "Twitter").
func glueKey(before, after string) string {
	before = strings.TrimRightFunc(before, unicode.IsSpace)
	after = strings.TrimLeftFunc(after, unicode.IsSpace)
	if i := strings.LastIndexFunc(before, unicode.IsSpace); i >= 0 {
		_, size := utf8.DecodeRuneInString(before[i:])
		before = before[i+size:]
	}
	if i := strings.IndexFunc(after, unicode.IsSpace); i >= 0 {
		after = after[:i]
	}
	return before + "\x00" + after
}

// glues reports whether the text node next follows the one written last without a space, as
// the page prints it. Where Chinese or Japanese text meets a Latin word ("管理ソフト" and
// "KeePass") a space is kept all the same: it changes nothing for a reader, and it keeps the
// Latin word a word of its own for search.
func (w *blockWriter) glues(next string) bool {
	prev := w.last
	if prev == "" || !w.glued[glueKey(prev, next)] {
		return false
	}
	a, _ := utf8.DecodeLastRuneInString(strings.TrimRightFunc(prev, unicode.IsSpace))
	b, _ := utf8.DecodeRuneInString(strings.TrimLeftFunc(next, unicode.IsSpace))
	return isCJK(a) == isCJK(b) || !isLatin(a) && !isLatin(b)
}

func isCJK(r rune) bool {
	return r >= 0x2e80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func isLatin(r rune) bool { return r < 0x250 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

func endsWithSpace(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsSpace(r)
}

func startsWithSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}
