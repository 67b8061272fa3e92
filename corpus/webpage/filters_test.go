package webpage

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestIsDateLine(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"NOVEMBER 20, 2019 10:43", true},
		{"Updated at 1:23 p.m.", true},
		{"Published Tue 5 March 2019", true},
		{"2019-11-19", true},
		{"24. März 2021, 19:49 Uhr", true},
		{"Publié le 3 février 2020 à 10:15", true},
		{"5 de mayo de 2019", true},
		{"Am 24. März 2021 eröffnete das Museum.", false},
		{"The meeting on November 20, 2019 went well.", false},
		{"Maybe", false},
		{"Updated", false}, // no digit
	}
	for _, tc := range tests {
		if got := isDateLine(tc.in); got != tc.want {
			t.Errorf("isDateLine(%q) = %v; want %v", tc.in, got, tc.want)
		}
	}
}

func TestTrimEdges(t *testing.T) {
	p := func(s string) Block { return Block{Kind: Paragraph, Text: s} }
	body := []Block{p("The article's first real paragraph, which stays."), p("The last real paragraph of the article, which stays too.")}
	tests := []struct {
		name   string
		blocks []Block
		author string
	}{
		{"reading time and byline", append([]Block{p("5 min read"), p("11/19/2019 by Jane Roe")}, body...), "Jane Roe"},
		{"newsletter and copyright", append(append([]Block{}, body...), p("Subscribe to the Morning newsletter"), p("Copyright Example 2019"), p("Jane Roe")), "Jane Roe"},
		{"filing tags and follow line", append(append([]Block{}, body...), p("Filed under: Politics |"), p("Follow us on Instagram, Facebook and Twitter.")), ""},
		{"nothing to trim", append([]Block{}, body...), "Jane Roe"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := trimEdges(tc.blocks, tc.author)
			if len(got) != 2 || got[0] != body[0] || got[1] != body[1] {
				t.Errorf("trimEdges() = %+v; want %+v", got, body)
			}
		})
	}
	long := p("If you enjoyed this article, subscribe — " + strings.Repeat("a long paragraph of real prose ", 20))
	if got := trimEdges([]Block{body[0], long}, ""); len(got) != 2 {
		t.Errorf("trimEdges dropped a long closing paragraph: %+v", got)
	}
}

func TestPruneBoilerplate(t *testing.T) {
	page := `<html><body class="share-enabled"><div class="non-ad-column"><article><p>` + longPara + `</p>
<div class="newsletter-signup"><p>Sign up for our newsletter</p></div>
<p>Ilhan Omar<span class="rollover-people-block"><a href="/p">Ilhan Omar</a><a href="/q">Other story</a></span> said.</p>
<figure><img src="x.jpg"><figcaption>A caption</figcaption></figure>
<p>Cited<hl-trusted-source><a href="/s">(1)</a></hl-trusted-source>.</p></article></div>
<div id="related-posts"><ul><li><a href="/r">Related</a></li></ul></div></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	pruneBoilerplate(doc, nil)
	got := textOf(doc)
	for _, gone := range []string{"Sign up", "Other story", "A caption", "Related"} {
		if strings.Contains(got, gone) {
			t.Errorf("pruned page still holds %q: %s", gone, got)
		}
	}
	for _, kept := range []string{"This paragraph is the body", "Ilhan Omar said.", "Cited(1)."} {
		if !strings.Contains(got, kept) {
			t.Errorf("pruned page lost %q: %s", kept, got)
		}
	}
}

func TestDropLinkBlocks(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<body><p>Prose with <a href="/a">one link</a> in a longer sentence of text.</p>
<ul><li><a href="/b">Another story you might like to read</a></li></ul><p>https://example.com/x</p></body>`))
	if err != nil {
		t.Fatal(err)
	}
	blocks := []Block{
		{Paragraph, "Prose with one link in a longer sentence of text."},
		{ListItem, "Another story you might like to read"},
		{Paragraph, "https://example.com/x"},
	}
	got := dropLinkBlocks(blocks, linkShares(doc))
	if len(got) != 1 || got[0].Text != "Prose with one link in a longer sentence of text." {
		t.Errorf("dropLinkBlocks() = %+v; want the prose paragraph only", got)
	}
}

func TestDropTeasers(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<body><p>` + longPara + `</p><ul>
<li><h3><a href="/a">First related headline here</a></h3><h4>Its standfirst line</h4></li>
<li><h3><a href="/b">Second related headline here</a></h3><h4>Another standfirst</h4></li></ul>
<p>[button link="/x" type="big"]Send us your review[/button]</p></body>`))
	if err != nil {
		t.Fatal(err)
	}
	blocks := []Block{
		{Paragraph, longPara},
		{Paragraph, `[button link="/x" type="big"]Send us your review[/button]`},
		{Heading, "First related headline here"}, {Heading, "Its standfirst line"},
		{Heading, "Second related headline here"}, {Heading, "Another standfirst"},
	}
	got := dropLinkBlocks(blocks, linkShares(doc))
	if len(got) != 1 || got[0].Text != longPara {
		t.Errorf("dropLinkBlocks() = %+v; want the prose paragraph only", got)
	}
}

func TestCleanAuthor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"By TOM KRISHER", "Tom Krisher"},
		{"Bryan DeArdo @BryanDeArdo Nov 19, 2019 at 1:53 pm ET", "Bryan DeArdo"},
		{"Carlos Nadalim 27/09/2018 Comentários", "Carlos Nadalim"},
		{"Sandee LaMotte, CNN 1 day ago", "Sandee LaMotte, CNN"},
		{"Jane Roe | Staff writer", "Jane Roe"},
		{"https://example.com/author/jane", ""},
	}
	for _, tc := range tests {
		if got := cleanAuthor(tc.in); got != tc.want {
			t.Errorf("cleanAuthor(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestStripSite(t *testing.T) {
	tests := []struct{ title, site, want string }{
		{"The Headline | Example News", "Example News", "The Headline"},
		{"Example News - The Headline of the Day", "Example News", "The Headline of the Day"},
		{"A long headline about something important | Site", "", "A long headline about something important"},
		{"Q&A: one - two", "", "Q&A: one - two"},
		{"No separator here", "", "No separator here"},
	}
	for _, tc := range tests {
		if got := stripSite(tc.title, tc.site); got != tc.want {
			t.Errorf("stripSite(%q, %q) = %q; want %q", tc.title, tc.site, got, tc.want)
		}
	}
}

// TestPruneKeepsMainContent checks that a class word prunes an element only when it is
// not the page's main content by the extractor's measure: the article sits in a
// container whose class holds "share" ("entry-content no-share"), beside a share bar and
// a newsletter box that must go.
func TestPruneKeepsMainContent(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "prune", "no-share-article.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		isMain func(*html.Node) bool
		kept   []string
		gone   []string
	}{
		{"extractor's measure", mainContentTest(doc),
			[]string{"rebuild the old river bridge", "reduction of their business rates"},
			[]string{"Share on Facebook", "morning briefing"}},
		{"nothing is main content", func(*html.Node) bool { return false },
			nil, []string{"rebuild the old river bridge", "Share on Facebook", "morning briefing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			work := clone(doc)
			pruneBoilerplate(work, tt.isMain)
			got := textOf(work)
			for _, s := range tt.kept {
				if !strings.Contains(got, s) {
					t.Errorf("pruned page lost %q", s)
				}
			}
			for _, s := range tt.gone {
				if strings.Contains(got, s) {
					t.Errorf("pruned page still holds %q", s)
				}
			}
		})
	}
	a, err := Extract(data)
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	var text []string
	for _, b := range a.Blocks {
		text = append(text, b.Text)
	}
	if all := strings.Join(text, "\n"); !strings.Contains(all, "Work is to start in March") || strings.Contains(all, "Share on") {
		t.Errorf("Extract(no-share-article.html) = %q; want the article without its share bar", all)
	}
}
