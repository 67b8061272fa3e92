package webpage

import (
	"testing"
)

func TestMetadata(t *testing.T) {
	body := `<body><article><h1>Headline Here</h1><p>` + longPara + `</p></article></body>`
	tests := []struct {
		name, head, body          string
		title, author, date, site string
	}{
		{"title cleaned of site", `<title>Headline Here | The Daily Site</title>`, body,
			"Headline Here", "", "", ""},
		{"og and article meta", `<title>x</title><meta property="og:title" content="Open Graph Title">
<meta property="og:site_name" content="Site"><meta property="article:author" content="Ann Lee">
<meta property="article:published_time" content="2021-07-08T09:10:11+02:00">`, body,
			"Open Graph Title", "Ann Lee", "2021-07-08", "Site"},
		{"json-ld", `<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
{"@type":"NewsArticle","headline":"LD Headline","datePublished":"2020-02-03","author":[{"@type":"Person","name":"A One"},{"@type":"Person","name":"B Two"}],
"publisher":{"@type":"Organization","name":"LD Times"}}]}</script>`, body,
			"LD Headline", "A One, B Two", "2020-02-03", "LD Times"},
		{"byline and time element", `<title>Headline Here</title>`,
			`<body><article><h1>Headline Here</h1><p class="byline">By JANE ROE | Updated Nov 3, 2019</p>
<time datetime="2019-11-03T08:00:00Z">Nov 3</time><p>` + longPara + `</p></article></body>`,
			"Headline Here", "Jane Roe", "2019-11-03", ""},
		{"comment author is not the byline", `<title>Headline Here</title>`,
			`<body><article><p>` + longPara + `</p></article><div id="comments"><span class="author">Troll</span><p>First!</p></div></body>`,
			"Headline Here", "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Extract([]byte("<!doctype html><html><head>" + tc.head + "</head>" + tc.body + "</html>"))
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			date := ""
			if !a.Published.IsZero() {
				date = a.Published.Format("2006-01-02")
			}
			if a.Title != tc.title || a.Author != tc.author || date != tc.date || a.SiteName != tc.site {
				t.Errorf("Extract() meta = %q, %q, %q, %q; want %q, %q, %q, %q",
					a.Title, a.Author, date, a.SiteName, tc.title, tc.author, tc.date, tc.site)
			}
		})
	}
}

const longPara = "This paragraph is the body of the article and it goes on for a while, so that the extractor " +
	"has enough text to consider it the main content of the page rather than boilerplate around it. " +
	"It says nothing in particular but says it at length, as article bodies tend to do on the web."

func TestBodyBlocks(t *testing.T) {
	page := `<html><head><title>Headline Here - Site</title><meta name="description" content="A standfirst that sums the story up in a sentence."></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/a">World</a></li></ul></nav>
<article><h1>Headline Here</h1><h2>A standfirst that sums the story up in a sentence.</h2>
<p>` + longPara + `</p><h2>Section two</h2><p>` + longPara + ` Second.</p>
<ul><li>First list item with some words in it</li><li>Second list item with some words</li></ul>
<blockquote><p>A quotation that someone said about the matter at hand.</p></blockquote>
<p>https://example.com/some/page</p>
<div class="related"><h3>Related</h3><ul><li><a href="/x">Another story you might like to read now</a></li><li><a href="/y">Yet another story to read</a></li></ul></div>
</article><footer>© Site</footer></body></html>`
	a, err := Extract([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	want := []Block{
		{Paragraph, longPara},
		{Heading, "Section two"},
		{Paragraph, longPara + " Second."},
		{ListItem, "First list item with some words in it"},
		{ListItem, "Second list item with some words"},
		{Quote, "A quotation that someone said about the matter at hand."},
	}
	got := a.Blocks
	if len(got) > 0 && got[len(got)-1].Text == "Related" {
		got = got[:len(got)-1]
	}
	if len(got) != len(want) {
		t.Fatalf("Extract() blocks =\n%+v\nwant\n%+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d = %+v; want %+v", i, got[i], want[i])
		}
	}
}
