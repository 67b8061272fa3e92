package webpage

import (
	"strings"
	"testing"
)

func TestExtractBasic(t *testing.T) {
	page := `<!doctype html><html><head><title>The Headline | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<script>var x = "junk";</script><style>p{}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header>Site header</header>
<article><h1>The Headline</h1><p>First paragraph of the article, long enough to count as text for a reader.</p>
<h2>A section</h2><p>Second paragraph with <a href="#">a link</a> inside it.</p>
<ul><li>one item</li><li>two item</li></ul><blockquote>A quote.</blockquote></article>
<aside>Related stories</aside><footer>Copyright</footer></body></html>`
	a, err := Extract([]byte(page))
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	if a.Title != "The Headline" || a.Author != "Jane Doe" || a.SiteName != "Example News" {
		t.Errorf("meta = %q, %q, %q; want The Headline, Jane Doe, Example News", a.Title, a.Author, a.SiteName)
	}
	if got := a.Published.Format("2006-01-02"); got != "2024-03-05" {
		t.Errorf("Published = %s; want 2024-03-05", got)
	}
	text := a.Text()
	for _, junk := range []string{"Home", "Site header", "Related", "Copyright", "junk"} {
		if strings.Contains(text, junk) {
			t.Errorf("text contains %q:\n%s", junk, text)
		}
	}
	for _, want := range []string{"First paragraph", "Second paragraph with a link inside it.", "two item", "A quote."} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}
