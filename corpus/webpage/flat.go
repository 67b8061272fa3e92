package webpage

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// flatBlocks reads the page with the tokenizer alone, without building a tree: the fallback for
// markup the parser refuses (nesting deeper than it allows). Text outside skipped elements is
// cut into blocks at block-level tags; the title comes from <title>.
func flatBlocks(text string) (title string, blocks []Block) {
	z := html.NewTokenizerFragment(strings.NewReader(text), "")
	var w blockWriter
	skip := 0 // depth inside elements whose text is never shown
	inTitle := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			w.flush()
			return collapse(title), w.blocks
		case html.TextToken:
			switch {
			case inTitle:
				title += string(z.Text())
			case skip == 0:
				w.buf.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tt := z.Token()
			a := tt.DataAtom
			if a == atom.Title {
				inTitle = tt.Type == html.StartTagToken
				continue
			}
			if skipTags[a] && a != atom.Img && a != atom.Input && tt.Type != html.SelfClosingTagToken {
				if tt.Type == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
				continue
			}
			if blockTags[a] && skip == 0 {
				w.flush()
				if k, ok := kindOf(a); ok && tt.Type == html.StartTagToken {
					w.kind = k
				}
			} else if (a == atom.Td || a == atom.Th) && skip == 0 {
				w.buf.WriteByte(' ')
			}
		}
	}
}
