package webpage

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestSpacedWriterKeepsPageSpacing writes pages whose text nodes were trimmed, as the
// library returns them, and checks that inline white space comes out as the page has it.
func TestSpacedWriterKeepsPageSpacing(t *testing.T) {
	tests := []struct {
		name, page string
		want       []string
	}{
		{"link in brackets", `<p>Kathrin Göbel (<a href="/t">Twitter</a>) ist Astrophysikerin</p>`, []string{"Kathrin Göbel (Twitter) ist Astrophysikerin"}},
		{"full stop after a link", `<p>Bitte zur <a href="/a">Anmeldung</a>.</p>`, []string{"Bitte zur Anmeldung."}},
		{"space the trimming lost", `<p><b>Summary</b> Text follows</p>`, []string{"Summary Text follows"}},
		{"superscript", `<p>ein 5000 m<sup>2</sup> Park</p>`, []string{"ein 5000 m2 Park"}},
		{"word split by markup", `<p>the tour <em>tre</em>k ahead</p>`, []string{"the tour trek ahead"}},
		{"Japanese around a Latin word", `<p>パスワード管理ソフト<a href="/k">KeePass</a>の起動</p>`, []string{"パスワード管理ソフト KeePass の起動"}},
		{"blocks stay apart", `<div><p>one</p><p>two</p></div>`, []string{"one", "two"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><body>" + tt.page + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			w := blockWriter{spaced: true, glued: gluedPairs(doc)}
			trimmed := clone(doc)
			walk(trimmed, func(n *html.Node) bool {
				if n.Type == html.TextNode {
					n.Data = strings.TrimSpace(n.Data)
				}
				return true
			})
			w.write(trimmed, 0)
			w.flush()
			var got []string
			for _, b := range w.blocks {
				got = append(got, b.Text)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("blocks = %q; want %q", got, tt.want)
			}
		})
	}
}
