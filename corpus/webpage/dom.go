package webpage

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// attr returns the value of the named attribute of n, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// walk calls fn on every node under root in document order, without recursion (pages may nest
// deeper than any stack should). fn returns false to skip a node's children.
func walk(root *html.Node, fn func(n *html.Node) bool) {
	if root == nil {
		return
	}
	n := root
	for {
		descend := fn(n)
		if descend && n.FirstChild != nil {
			n = n.FirstChild
			continue
		}
		for n != root && n.NextSibling == nil {
			n = n.Parent
		}
		if n == root {
			return
		}
		n = n.NextSibling
	}
}

// find returns the first element under root for which match is true.
func find(root *html.Node, match func(*html.Node) bool) *html.Node {
	var found *html.Node
	walk(root, func(n *html.Node) bool {
		if found != nil {
			return false
		}
		if n.Type == html.ElementNode && match(n) {
			found = n
			return false
		}
		return true
	})
	return found
}

// textOf returns the visible text under n with whitespace collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
		case html.ElementNode:
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg:
				return false
			case atom.Br, atom.P, atom.Div, atom.Li, atom.Td, atom.Th:
				b.WriteByte(' ')
			}
		}
		return true
	})
	return collapse(b.String())
}

// collapse trims s and turns every run of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
