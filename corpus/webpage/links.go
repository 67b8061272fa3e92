package webpage

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxLinkShare is the largest share of a block's text that may sit in links: blocks above it
// are navigation, related-article lists and "read more" teasers, not article prose.
const maxLinkShare = 0.8

// linkBlockMax is the longest block (bytes) whose link share is looked up: longer blocks are
// prose whatever their links.
const linkBlockMax = 400

// linkShares maps the normalised text of each short block-level element of the page to the
// share of that text inside links. The library's output tree does not keep links reliably
// (asking it to changes what it extracts), so its blocks are looked up here by their text.
func linkShares(doc *html.Node) map[string]float64 {
	shares := map[string]float64{}
	var visit func(n *html.Node, inLink bool) (text string, link int, long bool)
	visit = func(n *html.Node, inLink bool) (string, int, bool) {
		switch n.Type {
		case html.TextNode:
			if inLink {
				return n.Data, len(strings.TrimSpace(n.Data)), len(n.Data) > linkBlockMax
			}
			return n.Data, 0, len(n.Data) > linkBlockMax
		case html.ElementNode, html.DocumentNode:
		default:
			return "", 0, false
		}
		if skipTags[n.DataAtom] && n.DataAtom != atom.Nav && n.DataAtom != atom.Aside &&
			n.DataAtom != atom.Footer && n.DataAtom != atom.Header {
			return "", 0, false
		}
		inLink = inLink || n.DataAtom == atom.A
		var b strings.Builder
		link, long := 0, false
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			t, l, lg := visit(c, inLink)
			link += l
			long = long || lg
			if !long {
				b.WriteString(t)
				if blockTags[c.DataAtom] || c.DataAtom == atom.Td {
					b.WriteByte(' ')
				}
				long = b.Len() > linkBlockMax
			}
		}
		if long {
			return "", link, true
		}
		text := b.String()
		if n.Type == html.ElementNode && blockTags[n.DataAtom] {
			if key := norm(text); key != "" {
				shares[key] = min(1, float64(link)/float64(len(collapse(text))))
			}
		}
		return text, link, false
	}
	visit(doc, false)
	return shares
}

// dropLinkBlocks removes blocks that are mostly links on the page, the labels of link lists,
// bare addresses, unrendered shortcodes and credit lines.
func dropLinkBlocks(blocks []Block, shares map[string]float64) []Block {
	links := make([]bool, len(blocks))
	for i, b := range blocks {
		s, ok := shares[norm(b.Text)]
		links[i] = ok && s > maxLinkShare && len(b.Text) <= linkBlockMax
	}
	out := blocks[:0]
	for i, b := range blocks {
		if links[i] || linkListLabel(blocks, links, i) || isCreditLine(b.Text) || isURL(b.Text) || shortcode.MatchString(b.Text) || teaser(blocks, links, i) {
			continue
		}
		out = append(out, b)
	}
	return out
}

// linkListLabel reports a short heading or label ("Read more:") right before two or more
// link blocks: the title of a list of links, which goes with it.
func linkListLabel(blocks []Block, links []bool, i int) bool {
	b := blocks[i]
	if i+2 >= len(blocks) || !links[i+1] || !links[i+2] || links[i] || len(b.Text) > 60 {
		return false
	}
	return b.Kind == Heading || strings.HasSuffix(b.Text, ":")
}

// teaser reports a short block under a linked heading and followed by another link block (or
// the end): the standfirst of a related article in a list of them.
func teaser(blocks []Block, links []bool, i int) bool {
	if len(blocks[i].Text) > 200 || i == 0 || !links[i-1] || blocks[i-1].Kind != Heading {
		return false
	}
	return i == len(links)-1 || links[i+1]
}

// shortcode matches a block that is an unrendered CMS shortcode ("[button link=…]Send[/button]").
var shortcode = regexp.MustCompile(`^\[(\w+)\b[^\]]*\].*\[/(\w+)\]$`)

var dateLine = regexp.MustCompile(`(?i)^(?:(?:updated|published|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|et|est|edt|pst|pdt|bst|cet|cest|` +
	`jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|` +
	`mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|` +
	// the same in German, French and Spanish, the other languages of saved pages
	`veröffentlicht|aktualisiert|uhr|um|januar|februar|märz|mai|juni|juli|oktober|dezember|` +
	`publié|mis|à|jour|le|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|` +
	`publicado|actualizado|de|del|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|` +
	`\d+(?:st|nd|rd|th)?|[,:./|–-])\s*)+$`)

// isDateLine reports a block that only states a date or time ("Updated Nov. 3, 2019 10:43").
// Only opening blocks are tested: inside the body such a line is content (opening hours).
func isDateLine(s string) bool {
	return len(s) <= 60 && strings.ContainsAny(s, "0123456789") && dateLine.MatchString(s)
}

// isCreditLine reports a short block with a copyright sign: a photo credit ("© AFP / Jane
// Roe") or a copyright line, never a paragraph of the article.
func isCreditLine(s string) bool {
	return utf8.RuneCountInString(s) <= 120 && strings.Contains(s, "©")
}

// isURL reports a block that is a bare address.
func isURL(s string) bool {
	return !strings.ContainsRune(s, ' ') && (strings.HasPrefix(s, "http://") ||
		strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "www."))
}
