package pdf

import (
	"context"
	"testing"
	"unicode/utf8"
)

// FuzzRead feeds damaged and mutated PDFs to Read: it returns a document with valid text,
// or an error, and never panics or hangs, on one PDFium instance or several.
func FuzzRead(f *testing.F) {
	for _, d := range []interface{ Bytes() []byte }{oneColumn(), twoColumn(), hyphenated(), furnished(), withMetadata(), scanned(), locked(),
		carriedOver(), manyPages(pagesPerHelper + 2), hyphenatedUnmapped(), accentsApart(), strayAccents()} {
		f.Add(d.Bytes())
	}
	good := oneColumn().Bytes()
	f.Add(good[:len(good)-100])
	f.Add([]byte("%PDF-1.7\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := testReader(t).Read(context.Background(), data)
		if err != nil {
			if d != nil {
				t.Fatalf("Read = %v and a document", err)
			}
			return
		}
		if len(d.Paragraphs) == 0 && len(d.EmptyPages) == 0 {
			t.Fatalf("Read gave no paragraphs and no error")
		}
		for _, p := range d.Paragraphs {
			if p.Text == "" || !utf8.ValidString(p.Text) || p.Page < 1 || p.Page > len(d.Pages) {
				t.Fatalf("paragraph %+v of %d pages", p, len(d.Pages))
			}
		}
	})
}
