package corpus

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"testing/fstest"

	"github.com/docent-bot/docent/corpus/pdf/pdftest"
)

// paperPDF is a three-page paper: printed title and byline, a metadata date, a running
// head and page numbers, and two paragraphs a page.
func paperPDF() []byte {
	d := pdftest.Doc{Created: "D:20240311090000Z"}
	for p := range 3 {
		texts := []pdftest.Text{{X: 72, Y: 750, Size: 8, S: "Caspian Studies 12"}, {X: 300, Y: 40, Size: 9, S: fmt.Sprint(p + 1)}}
		if p == 0 {
			texts = append(texts, pdftest.Text{X: 72, Y: 700, Size: 18, Bold: true, S: "Sturgeon of the Volga"},
				pdftest.Text{X: 72, Y: 676, Size: 11, S: "Anna Petrova, Li Wei"})
		}
		for k := range 2 {
			texts = append(texts, pdftest.Lines(72, 640-float64(k)*60, 10, 12,
				fmt.Sprintf("Paragraph %d of page %d tells of sturgeon that swim up the Volga", k+1, p+1),
				"to spawn in the gravel beds above Volgograd every spring.")...)
		}
		d.Pages = append(d.Pages, pdftest.Page{Texts: texts})
	}
	return d.Bytes()
}

// wordsPDF holds what PDFium gives apart from the words as printed: line-end hyphens, a
// hyphen after a digit, accents written apart from the letters they stand over (10-point
// Helvetica: "Kaenm" ends at 103.68 points, its "a" starts at 78.67, a dieresis is 3.33 wide).
func wordsPDF() []byte {
	texts := pdftest.Lines(72, 700, 10, 12,
		"Sturgeon extrac-",
		"tion from the Volga delta made a 3-",
		"dimensional map of the beds, drawn by",
		"Kaenm")
	texts = append(texts, pdftest.Text{X: 78.67 + 1.115, Y: 664, Size: 10, S: "¨"},
		pdftest.Text{X: 103.68, Y: 664, Size: 10, S: "aki and others."},
		pdftest.Text{X: 103.68 + 1.115, Y: 664, Size: 10, S: "¨"})
	return pdftest.Doc{Pages: []pdftest.Page{{Texts: texts}}}.Bytes()
}

func TestLoadPDF(t *testing.T) {
	good := paperPDF()
	fsys := fstest.MapFS{
		"paper.pdf":     {Data: good},
		"locked.pdf":    {Data: pdftest.Doc{Locked: true, Pages: []pdftest.Page{{}}}.Bytes()},
		"scan.pdf":      {Data: pdftest.Doc{Pages: []pdftest.Page{{Image: true}}}.Bytes()},
		"cut.pdf":       {Data: good[:len(good)/2]},
		"page.pdf":      {Data: []byte("<html><body><p>A web page saved with the wrong name.</p></body></html>")},
		"notes/rest.md": {Data: []byte("# Notes\n\nThe Ural flows into the Caspian Sea near Atyrau.\n")},
	}
	rec := &logRecorder{}
	c, err := Load(context.Background(), fsys, Options{Logger: slog.New(rec)})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Documents) != 2 {
		t.Fatalf("documents = %d; want paper.pdf and notes/rest.md", len(c.Documents))
	}
	for file, why := range map[string]string{"locked.pdf": "password", "scan.pdf": "no text layer; OCR it first",
		"cut.pdf": "truncated", "page.pdf": "not a PDF"} {
		if got := rec.find(slog.LevelWarn, file, why); len(got) != 1 {
			t.Errorf("warnings about %s = %q; want one saying %q", file, got, why)
		}
	}
	d := c.Documents[1] // files load in path order: notes/rest.md, paper.pdf
	if d.ID != "paper.pdf" || d.Title != "Sturgeon of the Volga" || d.Author() != "Anna Petrova and Li Wei" ||
		d.Published.Format("2006-01-02") != "2024-03-11" {
		t.Errorf("paper.pdf = %q by %q on %v; want the printed title, byline and the metadata date", d.Title, d.Author(), d.Published)
	}
	var pages []int
	for _, p := range d.Paragraphs {
		pages = append(pages, p.Page)
	}
	if fmt.Sprint(pages) != "[1 1 1 2 2 3 3]" {
		t.Errorf("paragraph pages = %v; want the byline and two paragraphs on page 1, two on pages 2 and 3", pages)
	}
	tests := []struct {
		passage Passage
		want    string
	}{
		{Passage{ParaFirst: 4, ParaLast: 4}, "“Sturgeon of the Volga”, Anna Petrova and Li Wei, 11 March 2024, p. 2, ¶ 1"},
		{Passage{ParaFirst: 4, ParaLast: 5}, "“Sturgeon of the Volga”, Anna Petrova and Li Wei, 11 March 2024, p. 2, ¶¶ 1–2"},
		{Passage{ParaFirst: 5, ParaLast: 6}, "“Sturgeon of the Volga”, Anna Petrova and Li Wei, 11 March 2024, pp. 2–3, ¶ 2 to ¶ 1"},
	}
	for _, tt := range tests {
		if got := d.Cite(tt.passage).String(); got != tt.want {
			t.Errorf("Cite(¶ %d–%d) = %q; want %q", tt.passage.ParaFirst, tt.passage.ParaLast, got, tt.want)
		}
	}
}

func TestCitationWithoutPages(t *testing.T) {
	d := Document{ID: "a.txt", Title: "A", Paragraphs: []Paragraph{{N: 1, Text: "x"}, {N: 2, Text: "y"}}}
	if got := d.Cite(Passage{ParaFirst: 1, ParaLast: 2}).String(); got != "“A”, ¶¶ 1–2" {
		t.Errorf("Cite = %q; want “A”, ¶¶ 1–2", got)
	}
}

func TestParsePDFWords(t *testing.T) {
	docs, err := ParseFile("words.pdf", wordsPDF())
	if err != nil || len(docs) != 1 {
		t.Fatalf("ParseFile(words.pdf) = %d documents, %v; want 1", len(docs), err)
	}
	want := "Sturgeon extraction from the Volga delta made a 3-dimensional map of the beds, drawn by Käenmäki and others."
	if got := docs[0].Paragraphs; len(got) != 1 || got[0].Text != want {
		t.Errorf("paragraphs = %+v; want one: %q", got, want)
	}
}
