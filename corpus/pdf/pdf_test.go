package pdf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docent-bot/docent/corpus/pdf/pdftest"
)

var (
	readerOnce sync.Once
	shared     *Reader
)

// testReader is one Reader for the package's tests: PDFium starts once.
func testReader(tb testing.TB) *Reader {
	tb.Helper()
	readerOnce.Do(func() { shared = NewReader(Options{}) })
	return shared
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	os.Exit(code)
}

func mustRead(t *testing.T, data []byte) *Document {
	t.Helper()
	d, err := testReader(t).Read(context.Background(), data)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return d
}

func texts(d *Document) []string {
	var out []string
	for _, p := range d.Paragraphs {
		prefix := ""
		if p.Kind == Heading {
			prefix = "# "
		}
		out = append(out, prefix+p.Text)
	}
	return out
}

func TestRead(t *testing.T) {
	tests := []struct {
		name string
		doc  []byte
		want []string // paragraphs, headings marked "# "
	}{
		{"one column", oneColumn().Bytes(), []string{
			"Anna Petrova and Li Wei",
			"# 1 Introduction",
			"The Volga is the longest river in Europe and the main source of water for the Caspian Sea. Its basin covers much of European Russia and feeds the delta near Astrakhan, where the river splits into hundreds of channels.",
			"The Ural river rises in the southern Ural mountains and flows south into the Caspian Sea near Atyrau. It forms part of the traditional boundary between the continents of Europe and Asia.",
		}},
		{"two columns, a paragraph carried across a footnote", twoColumn().Bytes(), []string{
			"Sturgeon live in the Caspian Sea and swim up the Volga to spawn in fresh water each spring. Their numbers fell sharply after the dams were built across the river, which cut them off from the gravel beds where they had spawned for ages.",
			"1 Counts from the fisheries survey of 2019.",
			"Caviar from the beluga sturgeon is among the most expensive foods in the world today.",
		}},
		{"line-end hyphens", hyphenated().Bytes(), []string{
			"Oil extraction in the Caspian began in the nineteenth century near Baku, a well-known port, and the well-known fields are still worked by the oil industry today.",
		}},
		{"line-end hyphens, a glyph without a character on the page", hyphenatedUnmapped().Bytes(), []string{
			"Oil extraction in the Caspian began in the nineteenth century near Baku, a well-known port, and the well-known fields are still worked by the oil industry today.",
		}},
		{"ligatures and accents", typography().Bytes(), []string{
			"The final report by Paczyński and the café owners of Baku flows on. Nothing else is said here about the matter at all.",
		}},
		{"accents printed apart from their letters", accentsApart().Bytes(), []string{
			"Käenmäki, A., and Morris, I. D. Structure of equilibrium states.",
			"The mean u¯ is kept.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := texts(mustRead(t, tt.doc))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Read paragraphs =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestReadFurniture(t *testing.T) {
	d := mustRead(t, furnished().Bytes())
	if len(d.Pages) != 4 || len(d.Paragraphs) != 4 {
		t.Fatalf("Read gave %d pages, %d paragraphs; want 4, 4: %q", len(d.Pages), len(d.Paragraphs), texts(d))
	}
	for i, p := range d.Paragraphs {
		if p.Page != i+1 || !strings.HasPrefix(p.Text, "This page is about") {
			t.Errorf("paragraph %d = page %d %q; want page %d, the body text alone", i+1, p.Page, p.Text, i+1)
		}
		if page := d.Pages[i].Text(); page != p.Text {
			t.Errorf("page %d text = %q; want only %q", i+1, page, p.Text)
		}
	}
}

// TestReadAsPrinted checks the harness's layer mode: what the cleaning removes is left in,
// as benchmark ground truths have it.
func TestReadAsPrinted(t *testing.T) {
	r := NewReader(Options{Workers: 1})
	defer r.Close()
	r.asPrinted = true
	for _, tt := range []struct {
		name string
		doc  []byte
		page int
		want string
	}{
		{"line-end hyphens", hyphenated().Bytes(), 0,
			"Oil extrac- tion in the Caspian began in the nineteenth century near Baku, a well- known port, and the well-known fields are still worked by the oil indus- try today."},
		{"running head and foot, page number, in the file's order", furnished().Bytes(), 1,
			"Journal of Caspian Studies, vol. 12\n\n2\n\nPreprint, do not cite\n\nThis page is about the Ural river and what lives in it, from fish to birds, and the people who have fished its waters for centuries."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := r.Read(context.Background(), tt.doc)
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Pages[tt.page].Text(); got != tt.want {
				t.Errorf("page %d = %q; want %q", tt.page+1, got, tt.want)
			}
		})
	}
}

func TestReadMetadata(t *testing.T) {
	tests := []struct {
		name                string
		doc                 []byte
		title, author, date string
		pageTitle           string
	}{
		{"from the information dictionary", withMetadata().Bytes(), "Caspian Rivers", "Anna Petrova; Li Wei",
			"2023-05-08T12:00:00+02:00", "Rivers of the Caspian Basin"},
		{"printed only", oneColumn().Bytes(), "", "", "", "Rivers of the Caspian Basin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustRead(t, tt.doc)
			date := ""
			if !d.Created.IsZero() {
				date = d.Created.Format(time.RFC3339)
			}
			if d.Title != tt.title || d.Author != tt.author || date != tt.date || d.FirstPageTitle != tt.pageTitle {
				t.Errorf("Read = title %q, author %q, created %q, printed title %q; want %q, %q, %q, %q",
					d.Title, d.Author, date, d.FirstPageTitle, tt.title, tt.author, tt.date, tt.pageTitle)
			}
			if len(d.FirstPageLines) == 0 || d.FirstPageLines[0] != "Anna Petrova and Li Wei" {
				t.Errorf("FirstPageLines = %q; want the byline first", d.FirstPageLines)
			}
		})
	}
}

func TestReadUnusable(t *testing.T) {
	good := oneColumn().Bytes()
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"encrypted", locked().Bytes(), ErrEncrypted},
		{"image only", scanned().Bytes(), ErrNoText},
		{"truncated", good[:len(good)/2], ErrTruncated},
		{"not a PDF", []byte("<html><body>Not a PDF at all</body></html>"), ErrNotPDF},
		{"empty", nil, ErrNotPDF},
		{"damaged", []byte("%PDF-1.4\nthis is no PDF body at all\n%%EOF\n"), ErrDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := testReader(t).Read(context.Background(), tt.data)
			if !errors.Is(err, tt.want) {
				t.Errorf("Read = %v, %v; want error %v", d, err, tt.want)
			}
		})
	}
}

func TestReadTimeout(t *testing.T) {
	r := NewReader(Options{Timeout: time.Nanosecond})
	defer r.Close()
	_, err := r.Read(context.Background(), oneColumn().Bytes())
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("Read with a 1ns timeout = %v; want %v", err, ErrTimeout)
	}
}

func TestReadMaxPages(t *testing.T) {
	r := NewReader(Options{MaxPages: 2})
	defer r.Close()
	d, err := r.Read(context.Background(), furnished().Bytes())
	if err != nil || len(d.Pages) != 2 {
		t.Fatalf("Read with MaxPages 2 = %d pages, %v; want 2 pages", len(d.Pages), err)
	}
}

// TestReadParallelPages reads a file of many pages on one PDFium instance and on several:
// the pages come out the same and in order.
func TestReadParallelPages(t *testing.T) {
	data := manyPages(2*pagesPerHelper + 1).Bytes()
	var want []string
	for _, workers := range []int{1, 3} {
		r := NewReader(Options{Workers: workers})
		d, err := r.Read(context.Background(), data)
		r.Close()
		if err != nil {
			t.Fatalf("Read with %d workers: %v", workers, err)
		}
		var got []string
		for _, p := range d.Pages {
			got = append(got, fmt.Sprintf("%d: %s", p.N, p.Text()))
		}
		if want == nil {
			want = got
			continue
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("Read with %d workers gave other pages than with one:\n%q\nwant\n%q", workers, got, want)
		}
	}
}

// TestReadPageOrder checks that a page shows its blocks in the order it prints them: a
// paragraph carried on from the page before after what the page prints first, the title
// under a report number printed above it.
func TestReadPageOrder(t *testing.T) {
	numbered := oneColumn()
	numbered.Pages[0].Texts = append([]pdftest.Text{{X: 400, Y: 740, Size: 10, S: "CSR-2026-14"}}, numbered.Pages[0].Texts...)
	tests := []struct {
		name string
		doc  []byte
		page int
		want []string // the page's first blocks
	}{
		{"carried over", carriedOver().Bytes(), 2, []string{"Table 1. Sturgeon counted at Volgograd, by year.",
			"were built across the river in the middle of the last century."}},
		{"title under a report number", numbered.Bytes(), 1, []string{"CSR-2026-14", "Rivers of the Caspian Basin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustRead(t, tt.doc)
			got := d.Pages[tt.page-1].Blocks
			if len(got) < len(tt.want) || strings.Join(got[:len(tt.want)], "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("page %d blocks = %q; want them to start %q", tt.page, got, tt.want)
			}
		})
	}
}
