package webpage

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// boilerWords are class/id words that name page furniture around an article: newsletter
// boxes, related and sponsored links, share bars, pop-ups, cookie notices, comment threads,
// calls to action ("cta"), tables of contents ("toc").
var boilerWords = map[string]bool{
	"newsletter": true, "subscribe": true, "subscription": true, "signup": true,
	"promo": true, "related": true, "recommended": true, "recommendations": true,
	"outbrain": true, "taboola": true, "sponsored": true, "advertisement": true, "advert": true,
	"share": true, "sharing": true, "social": true,
	"rollover": true, "tooltip": true, "popup": true, "modal": true,
	"cookie": true, "cookies": true, "consent": true, "gdpr": true, "paywall": true,
	"breadcrumb": true, "breadcrumbs": true, "comments": true, "cta": true, "toc": true,
}

// uiRoles are ARIA roles of page controls, never article text ("Show image" toggles, menus).
var uiRoles = map[string]bool{
	"button": true, "navigation": true, "menu": true, "menubar": true, "toolbar": true,
	"search": true, "dialog": true,
}

// pruneBoilerplate removes elements whose class or id names them page furniture, or whose
// role makes them a control, unless they hold a large share of the page's text (a wrapper
// that happens to carry such a class) or are the page's main content by the extractor's own
// measure: a class word is a guess, and "entry-content no-share" or a "modal" that holds the
// article must not take it away.
//
// isMain, when not nil, is asked about an element holding at least half of the page's
// paragraph text; it reports whether the element holds the main content. Elements it keeps
// are still searched for furniture inside them.
func pruneBoilerplate(doc *html.Node, isMain func(*html.Node) bool) {
	body := find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body == nil {
		return
	}
	total := textSize(body)
	paras := paragraphText(body, false)
	var doomed, maybeMain []*html.Node
	walk(body, func(n *html.Node) bool {
		if n.Type != html.ElementNode || n == body {
			return true
		}
		switch n.DataAtom {
		case atom.Article, atom.Main, atom.Html, atom.Body:
			return true
		case atom.Figcaption:
			doomed = append(doomed, n)
			return false
		}
		if !isBoilerplate(attr(n, "class")+" "+attr(n, "id")) && !uiRoles[attr(n, "role")] {
			return true
		}
		if textSize(n)*5 > total*2 {
			return true
		}
		if isMain != nil && paragraphText(n, false)*2 >= paras && paras > 0 {
			maybeMain = append(maybeMain, n)
			return true
		}
		doomed = append(doomed, n)
		return false
	})
	for _, n := range maybeMain {
		if !isMain(n) {
			doomed = append(doomed, n)
		}
	}
	for _, n := range doomed {
		n.Parent.RemoveChild(n)
	}
	unwrapCustom(body)
	keepLeadParagraphs(body)
}

// keepLeadParagraphs renames the class or id of a paragraph called a teaser
// ("article-teaser"): the library drops teaser elements from the content it finds, meant for
// lists of teasers to other articles, but a single <p> so called is the article's lead.
func keepLeadParagraphs(root *html.Node) {
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.P {
			for i, a := range n.Attr {
				if (a.Key == "class" || a.Key == "id") && strings.Contains(strings.ToLower(a.Val), "teaser") {
					n.Attr[i].Val = "lead"
				}
			}
		}
		return true
	})
}

// unwrapCustom replaces custom elements (<hl-trusted-source>, names with a hyphen) by their
// children: they are mostly inline wrappers, and extractors drop the paragraphs holding them.
func unwrapCustom(root *html.Node) {
	var custom []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == 0 && strings.Contains(n.Data, "-") {
			custom = append(custom, n)
		}
		return true
	})
	for i := len(custom) - 1; i >= 0; i-- { // innermost first
		n := custom[i]
		for c := n.FirstChild; c != nil; c = n.FirstChild {
			n.RemoveChild(c)
			n.Parent.InsertBefore(c, n)
		}
		n.Parent.RemoveChild(n)
	}
}

// paragraphText counts the bytes of paragraph text under n: text inside <p> elements,
// outside links, scripts and styles. inP tells whether n is inside a <p>.
func paragraphText(n *html.Node, inP bool) int {
	size := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && inP:
			size += len(strings.TrimSpace(c.Data))
		case c.Type == html.ElementNode && c.DataAtom != atom.A && c.DataAtom != atom.Script && c.DataAtom != atom.Style:
			size += paragraphText(c, inP || c.DataAtom == atom.P)
		}
	}
	return size
}

func isBoilerplate(names string) bool {
	for _, w := range classWords(names) {
		if boilerWords[w] {
			return true
		}
	}
	return false
}

// authorBoxTexts returns the normalised text of each block inside the page's author boxes
// (class or id word "author", holding under 40% of the page's text): the writer's bio and
// links, furniture next to the article. Their blocks are dropped after extraction rather
// than pruned before it, since the library reads the author's name from these boxes.
func authorBoxTexts(doc *html.Node) map[string]bool {
	body := find(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body == nil {
		return nil
	}
	total := textSize(body)
	texts := map[string]bool{}
	walk(body, func(n *html.Node) bool {
		if n.Type != html.ElementNode || !hasClassWord(n, "author") || textSize(n)*5 > total*2 {
			return true
		}
		var w blockWriter
		w.write(n, 0)
		w.flush()
		for _, b := range w.blocks {
			texts[norm(b.Text)] = true
		}
		return false
	})
	return texts
}

// hasClassWord reports whether word is one of the words of n's class or id.
func hasClassWord(n *html.Node, word string) bool {
	for _, w := range classWords(attr(n, "class") + " " + attr(n, "id")) {
		if w == word {
			return true
		}
	}
	return false
}

// classWords splits class and id names into lower-case words ("cbx-Author_Name": cbx, author, name).
func classWords(names string) []string {
	return strings.FieldsFunc(strings.ToLower(names), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}
