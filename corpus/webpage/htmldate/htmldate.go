// Package htmldate finds a web page's publication date in its machine-readable markup:
// date meta tags, <time datetime> and JSON-LD. It has the API go-trafilatura uses from
// github.com/markusmobius/go-htmldate, without free-text date parsing.
package htmldate

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// Options mirrors the fields of the original that callers set; the search is always the
// metadata one, so the free-text options are accepted and ignored.
type Options struct {
	ExtractTime         bool
	UseOriginalDate     bool // prefer publication over modification dates (always done)
	URL                 string
	MinDate             time.Time
	MaxDate             time.Time
	EnableLog           bool
	SkipExtensiveSearch bool
	DeferUrlExtractor   bool
}

// Result is a found date.
type Result struct {
	DateTime    time.Time
	HasTime     bool
	HasTimezone bool
	SrcString   string
}

// IsZero reports whether no date was found.
func (r Result) IsZero() bool { return r.DateTime.IsZero() }

// Format formats the date with a time layout.
func (r Result) Format(layout string) string { return r.DateTime.Format(layout) }

// ErrNotFound is returned when the page carries no readable date.
var ErrNotFound = errors.New("no publication date found")

// FromReader parses a page and finds its date.
func FromReader(r io.Reader, opts Options) (Result, error) {
	doc, err := html.Parse(r)
	if err != nil {
		return Result{}, err
	}
	return FromDocument(doc, opts)
}

// publishedKeys are meta names/properties/itemprops that carry the publication date,
// most trusted first.
var publishedKeys = []string{
	"article:published_time", "og:published_time", "datepublished", "dc.date.issued",
	"dcterms.created", "dc.date", "dcterms.date", "date", "pubdate", "publishdate",
	"publish-date", "sailthru.date", "parsely-pub-date", "citation_publication_date",
	"citation_date", "dateCreated",
}

// FromDocument finds the publication date of a parsed page.
func FromDocument(doc *html.Node, opts Options) (Result, error) {
	if doc == nil {
		return Result{}, ErrNotFound
	}
	metas := map[string]string{}
	var times, ldJSON []string
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > 256 {
			return
		}
		if n.Type == html.ElementNode {
			switch n.Data {
			case "meta":
				key := strings.ToLower(firstAttr(n, "property", "name", "itemprop", "http-equiv"))
				if v := attr(n, "content"); key != "" && v != "" {
					if _, seen := metas[key]; !seen {
						metas[key] = v
					}
				}
			case "time":
				if v := attr(n, "datetime"); v != "" {
					times = append(times, v)
				}
			case "script":
				if strings.Contains(attr(n, "type"), "ld+json") && n.FirstChild != nil {
					ldJSON = append(ldJSON, n.FirstChild.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)

	var candidates []string
	for _, k := range publishedKeys {
		if v, ok := metas[strings.ToLower(k)]; ok {
			candidates = append(candidates, v)
		}
	}
	for _, raw := range ldJSON {
		candidates = append(candidates, jsonLDDates(raw)...)
	}
	candidates = append(candidates, times...)
	for _, c := range candidates {
		if r, ok := parse(c); ok && inRange(r.DateTime, opts) {
			return r, nil
		}
	}
	return Result{}, ErrNotFound
}

// jsonLDDates returns datePublished values anywhere in a JSON-LD block.
func jsonLDDates(raw string) []string {
	var v any
	if json.Unmarshal([]byte(raw), &v) != nil {
		return nil
	}
	var out []string
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 32 {
			return
		}
		switch t := v.(type) {
		case map[string]any:
			if s, ok := t["datePublished"].(string); ok {
				out = append(out, s)
			}
			for _, c := range t {
				visit(c, depth+1)
			}
		case []any:
			for _, c := range t {
				visit(c, depth+1)
			}
		}
	}
	visit(v, 0)
	return out
}

var layouts = []struct {
	layout     string
	time, zone bool
}{
	{time.RFC3339Nano, true, true},
	{"2006-01-02T15:04:05Z0700", true, true},
	{"2006-01-02T15:04:05", true, false},
	{"2006-01-02T15:04Z07:00", true, true},
	{"2006-01-02T15:04", true, false},
	{"2006-01-02 15:04:05", true, false},
	{time.RFC1123Z, true, true},
	{time.RFC1123, true, true},
	{"2006-01-02", false, false},
	{"2006/01/02", false, false},
	{"20060102", false, false},
}

func parse(s string) (Result, bool) {
	s = strings.TrimSpace(s)
	for _, l := range layouts {
		if t, err := time.Parse(l.layout, s); err == nil {
			return Result{DateTime: t, HasTime: l.time, HasTimezone: l.zone, SrcString: s}, true
		}
	}
	// A date followed by anything else ("2023-05-08 (updated)").
	if len(s) > 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return Result{DateTime: t, SrcString: s}, true
		}
	}
	return Result{}, false
}

func inRange(t time.Time, opts Options) bool {
	if t.Year() < 1990 && opts.MinDate.IsZero() {
		return false // placeholder dates like 0001-01-01 or 1970-01-01
	}
	if !opts.MinDate.IsZero() && t.Before(opts.MinDate) {
		return false
	}
	return opts.MaxDate.IsZero() || !t.After(opts.MaxDate)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

func firstAttr(n *html.Node, keys ...string) string {
	for _, k := range keys {
		if v := attr(n, k); v != "" {
			return v
		}
	}
	return ""
}
