package pdf

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/klippa-app/go-pdfium/requests"
)

// TestDump prints what a PDF gives, paragraph by paragraph:
// DOCENT_PDF=file.pdf go test -run TestDump -v ./corpus/pdf
func TestDump(t *testing.T) {
	f := os.Getenv("DOCENT_PDF")
	if f == "" {
		t.Skip()
	}
	data, _ := os.ReadFile(f)
	r := NewReader(Options{Workers: 1})
	defer r.Close()
	d, err := r.Read(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("title %q author %q created %v\nfirst title %q\nlines %q\n", d.Title, d.Author, d.Created, d.FirstPageTitle, d.FirstPageLines)
	page := 0
	for _, p := range d.Paragraphs {
		if p.Page != page {
			page = p.Page
			fmt.Printf("=== page %d\n", p.Page)
		}
		if p.Kind == Heading {
			fmt.Printf("## %s\n\n", p.Text)
		} else {
			fmt.Printf("%s\n\n", p.Text)
		}
	}
}

// TestRun writes a run for ../shared/bench/pdf/score_docbank.py: one JSON line per PDF of a
// folder with the text of each page. The judge set stays outside the project:
// DOCENT_PDF_DIR=/tmp/docbank DOCENT_PDF_OUT=run.jsonl go test -run TestRun -v ./corpus/pdf
// (DOCENT_PDF_WORKERS=n sets Options.Workers; DOCENT_PDF_MODE=raw writes PDFium's lines without the layout, DOCENT_PDF_MODE=plain
// PDFium's plain text of each page, for comparison; DOCENT_PDF_MODE=layer docent's layout with
// running heads, footers, page numbers and line-end hyphens left in, as the ground truth has them).
func TestRun(t *testing.T) {
	dir, out := os.Getenv("DOCENT_PDF_DIR"), os.Getenv("DOCENT_PDF_OUT")
	if dir == "" {
		t.Skip()
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	workers, _ := strconv.Atoi(os.Getenv("DOCENT_PDF_WORKERS"))
	r := NewReader(Options{Workers: workers})
	defer r.Close()
	r.asPrinted = os.Getenv("DOCENT_PDF_MODE") == "layer"
	w, _ := os.Create(out)
	defer w.Close()
	enc := json.NewEncoder(w)
	start, cpu0 := time.Now(), cpuTime()
	pages := 0
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if os.Getenv("DOCENT_PDF_MODE") == "plain" {
			enc.Encode(map[string]any{"file": f, "page_texts": plainText(t, r, data)})
			continue
		}
		if os.Getenv("DOCENT_PDF_MODE") == "raw" {
			inst, release, _ := r.eng.instance(context.Background())
			rd, _ := r.readRaw(context.Background(), inst, data)
			release(false)
			var texts []string
			for _, p := range rd.pages {
				var b []string
				for _, l := range tidyLines(p.lines) {
					b = append(b, l.text)
				}
				texts = append(texts, strings.Join(b, "\n"))
			}
			enc.Encode(map[string]any{"file": f, "page_texts": texts})
			continue
		}
		d, err := r.Read(context.Background(), data)
		if err != nil {
			t.Log(f, err)
			enc.Encode(map[string]any{"file": f, "page_texts": []string{}})
			continue
		}
		var texts []string
		for _, p := range d.Pages {
			texts = append(texts, p.Text())
		}
		pages += len(d.Pages)
		enc.Encode(map[string]any{"file": f, "page_texts": texts})
	}
	t.Logf("%d pages in %v: %.0f pages/s, %.0f pages/cpu-s", pages, time.Since(start),
		float64(pages)/time.Since(start).Seconds(), float64(pages)/(cpuTime()-cpu0).Seconds())
}

// plainText is PDFium's own text of each page (FPDFText_GetText), as go-pdfium users get it.
func plainText(t *testing.T, r *Reader, data []byte) []string {
	inst, release, err := r.eng.instance(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer release(false)
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		return nil
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	n, _ := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	var texts []string
	for i := range n.PageCount {
		txt, err := inst.GetPageText(&requests.GetPageText{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}})
		if err != nil {
			texts = append(texts, "")
			continue
		}
		texts = append(texts, txt.Text)
	}
	return texts
}
