package webpage

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// meta is what a page says about itself, gathered before the body is read.
type meta struct {
	title, ogTitle, ldTitle, h1 string
	author, ldAuthor, byline    string
	published                   time.Time
	siteName                    string
	description                 string
	trafTitle, trafAuthor       string // go-trafilatura's reading of the metadata
	trafSite                    string
}

func readMeta(doc *html.Node) meta {
	var m meta
	var dates []string
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Title:
			if m.title == "" {
				m.title = textOf(n)
			}
			return false
		case atom.Meta:
			key := strings.ToLower(attr(n, "property"))
			if key == "" {
				key = strings.ToLower(attr(n, "name"))
			}
			if key == "" {
				key = strings.ToLower(attr(n, "itemprop"))
			}
			val := collapse(attr(n, "content"))
			if val == "" {
				return false
			}
			switch key {
			case "og:title", "twitter:title":
				setOnce(&m.ogTitle, val)
			case "author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author", "cxenseparse:author":
				if !strings.HasPrefix(val, "http") {
					setOnce(&m.author, strings.TrimPrefix(val, "By "))
				}
			case "description", "og:description", "twitter:description":
				setOnce(&m.description, val)
			case "og:site_name", "application-name":
				setOnce(&m.siteName, val)
			case "article:published_time", "datepublished", "date", "dc.date", "dc.date.issued",
				"pubdate", "publishdate", "publish-date", "sailthru.date", "parsely-pub-date",
				"og:published_time", "article.published", "published_time", "date.release", "dcterms.created":
				dates = append(dates, val)
			}
			return false
		case atom.Script:
			if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
				readJSONLD(n.FirstChild.Data, &m, &dates)
			}
			return false
		case atom.Time:
			if d := attr(n, "datetime"); d != "" {
				dates = append(dates, d) // used only if no meta date came first
			}
		case atom.H1:
			if m.h1 == "" {
				m.h1 = textOf(n)
			}
		}
		if m.byline == "" && isBylineNode(n) {
			if t := textOf(n); len(t) > 2 && len(t) < 100 {
				m.byline = cleanByline(t)
			}
		}
		return true
	})
	for _, d := range dates {
		if t, ok := parseDate(d); ok {
			m.published = t
			break
		}
	}
	return m
}

func setOnce(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

var bylineHint = regexp.MustCompile(`(?i)\b(byline|author|writer|by-line|contributor)`)

func isBylineNode(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Form || strings.Contains(strings.ToLower(attr(p, "class")+attr(p, "id")), "comment") {
			return false // a comment's author or a form's label, not the article's
		}
	}
	if attr(n, "rel") == "author" || strings.EqualFold(attr(n, "itemprop"), "author") {
		return true
	}
	switch n.DataAtom {
	case atom.A, atom.Span, atom.Div, atom.P, atom.Address:
	default:
		return false
	}
	return bylineHint.MatchString(attr(n, "class") + " " + attr(n, "id"))
}

var byPrefix = regexp.MustCompile(`(?i)^\s*(by|von|par|por|door|di|автор:?)\s+`)

func cleanByline(s string) string {
	s = byPrefix.ReplaceAllString(collapse(s), "")
	if i := strings.IndexAny(s, "|•·\n"); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

// readJSONLD takes headline, author, date and body from schema.org objects in a JSON-LD script.
func readJSONLD(src string, m *meta, dates *[]string) {
	var v any
	if err := json.Unmarshal([]byte(strings.TrimSpace(src)), &v); err != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g, depth+1)
			}
			if !isArticleType(x["@type"]) {
				return
			}
			if s, ok := x["headline"].(string); ok {
				setOnce(&m.ldTitle, collapse(html.UnescapeString(s)))
			}
			if a := ldName(x["author"]); a != "" {
				setOnce(&m.ldAuthor, a)
			}
			if s, ok := x["datePublished"].(string); ok {
				*dates = append([]string{s}, *dates...)
			}
			if p, ok := x["publisher"].(map[string]any); ok {
				if s, ok := p["name"].(string); ok {
					setOnce(&m.siteName, s)
				}
			}
		}
	}
	visit(v, 0)
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return strings.Contains(x, "Article") || strings.Contains(x, "Posting") || x == "Report" || x == "WebPage"
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// ldName joins the names of JSON-LD author values (a string, a Person, or a list of them).
func ldName(v any) string {
	switch x := v.(type) {
	case string:
		if strings.HasPrefix(x, "http") {
			return ""
		}
		return collapse(x)
	case map[string]any:
		return ldName(x["name"])
	case []any:
		var names []string
		for _, e := range x {
			if n := ldName(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00",
	"2006-01-02T15:04", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05",
	"2006-01-02", "2006/01/02", "20060102", time.RFC1123Z, time.RFC1123, "January 2, 2006", "2 January 2006",
	"Jan 2, 2006", "2006-01-02T15:04:05.000-0700",
}

func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil && t.Year() > 1900 && t.Year() < 2200 {
			return t, true
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil && t.Year() > 1900 {
			return t, true
		}
	}
	return time.Time{}, false
}

var titleSep = regexp.MustCompile(`\s+[|–—·•»:-]\s+`)

// cleanTitle picks the best title: og/JSON-LD titles as given, the <title> without the site name.
func (m *meta) bestTitle() string {
	for _, t := range []string{m.ogTitle, m.ldTitle} {
		if t != "" {
			return stripSite(t, m.siteName)
		}
	}
	if m.title == "" {
		return m.h1
	}
	t := stripSite(m.title, m.siteName)
	if m.h1 != "" && strings.Contains(m.title, m.h1) {
		return m.h1
	}
	return t
}

// stripSite removes a " | Site" suffix (or "Site | " prefix) from a title.
func stripSite(t, site string) string {
	parts := titleSep.Split(t, -1)
	if len(parts) < 2 {
		return t
	}
	// Keep the longest part: the headline is longer than the site name.
	seps := titleSep.FindAllStringIndex(t, -1)
	first, last := t[:seps[0][0]], t[seps[len(seps)-1][1]:]
	if site != "" {
		if strings.EqualFold(strings.TrimSpace(last), site) {
			return strings.TrimSpace(t[:seps[len(seps)-1][0]])
		}
		if strings.EqualFold(strings.TrimSpace(first), site) {
			return strings.TrimSpace(t[seps[0][1]:])
		}
	}
	if len(strings.Fields(last)) <= 4 && len(strings.Fields(first)) >= 4 && len(first) > 2*len(last) {
		return strings.TrimSpace(t[:seps[len(seps)-1][0]])
	}
	return t
}

func (m *meta) bestAuthor() string {
	for _, a := range []string{m.ldAuthor, m.author, m.trafAuthor, m.byline} {
		if a = cleanAuthor(a); a != "" {
			return a
		}
	}
	return ""
}

var (
	authorCut    = regexp.MustCompile(`(?i)\s+(?:[|•·—–]|-\s|on\s+\w+\s+\d|updated|published|posted|pub\b|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d+\s+(?:hours?|days?|minutes?)\s+ago).*$`)
	authorHandle = regexp.MustCompile(`\s*@\w+`)
)

// cleanAuthor trims a byline to the names: no "By", handles, dates or trailing roles after a bar.
func cleanAuthor(a string) string {
	a = byPrefix.ReplaceAllString(collapse(a), "")
	a = authorCut.ReplaceAllString(a, "")
	a = authorHandle.ReplaceAllString(a, "")
	a = strings.Trim(a, " ,;:-")
	if len(a) > 100 || strings.Contains(a, "://") {
		return ""
	}
	if a == strings.ToUpper(a) && strings.ToLower(a) != a {
		words := strings.Fields(strings.ToLower(a))
		for i, w := range words {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
		a = strings.Join(words, " ")
	}
	return a
}
