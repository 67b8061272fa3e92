package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docent-bot/docent/corpus/pdf/pdftest"
)

func TestExtractPDF(t *testing.T) {
	dir := t.TempDir()
	paper := pdftest.Doc{Title: "Sturgeon of the Volga", Author: "Anna Petrova", Created: "D:20240311090000Z",
		Pages: []pdftest.Page{
			{Texts: pdftest.Lines(72, 700, 10, 12, "Sturgeon swim up the Volga to spawn in fresh water", "every spring, above the dams near Volgograd.")},
			{Texts: pdftest.Lines(72, 700, 10, 12, "Caviar from the beluga is among the most expensive", "foods in the world today.")},
		}}
	files := map[string][]byte{"paper.pdf": paper.Bytes(), "scan.pdf": pdftest.Doc{Pages: []pdftest.Page{{Image: true}}}.Bytes()}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := runDocent(t, nil, "", "extract", filepath.Join(dir, "paper.pdf"), filepath.Join(dir, "scan.pdf"))
	if r.code != 0 {
		t.Fatalf("extract exited %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"title       Sturgeon of the Volga", "author      Anna Petrova", "published   2024-03-11",
		"-- page 1 --", "¶1   Sturgeon swim up the Volga", "-- page 2 --", "¶2   Caviar from the beluga"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("extract paper.pdf lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "scan.pdf") || !strings.Contains(r.stderr, "no text layer; OCR it first") {
		t.Errorf("extract scan.pdf: stderr = %q; want a warning naming it and why", r.stderr)
	}
}
