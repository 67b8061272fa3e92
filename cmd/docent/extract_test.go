package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestExtractJSON(t *testing.T) {
	files := []string{"testdata/extract/page.html", "testdata/extract/empty.txt", "testdata/extract/note.md",
		"testdata/extract/seals.jsonl", "testdata/extract/missing.html"}
	r := runDocent(t, nil, "", append([]string{"extract", "--json"}, files...)...)
	if r.code != 0 {
		t.Fatalf("extract exited %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	// One line per file, two for the .jsonl file with two good documents.
	wantFiles := []string{files[0], files[1], files[2], files[3], files[3], files[4]}
	if len(lines) != len(wantFiles) {
		t.Fatalf("extract printed %d lines; want %d:\n%s", len(lines), len(wantFiles), r.stdout)
	}
	got := make([]jsonExtract, len(lines))
	for i, l := range lines {
		var fields map[string]any
		if err := json.Unmarshal([]byte(l), &fields); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		for _, k := range []string{"file", "title", "author", "published", "text"} {
			if _, ok := fields[k]; !ok {
				t.Errorf("line %d lacks %q: %s", i+1, k, l)
			}
		}
		json.Unmarshal([]byte(l), &got[i])
		if got[i].File != wantFiles[i] {
			t.Errorf("line %d file = %q; want %q", i+1, got[i].File, wantFiles[i])
		}
	}
	page := got[0]
	if page.Title != "Lighthouses of the North Sea" || page.Author != "Ada Keller" || page.Published != "2022-06-14" || page.Error != "" {
		t.Errorf("page.html = %+v", page)
	}
	paras := strings.Split(page.Text, "\n\n")
	if len(paras) != 5 || paras[2] != "Keepers and their families" || !strings.HasPrefix(paras[3], "Before automation") {
		t.Errorf("page.html text = %q; want 4 paragraphs with the heading once before the third", paras)
	}
	if strings.Contains(page.Text, "newsletter") || strings.Contains(page.Text, "About us") {
		t.Errorf("page.html text keeps page furniture: %q", page.Text)
	}
	for _, i := range []int{1, 5} {
		if got[i].Error == "" || got[i].Text != "" {
			t.Errorf("line %d (%s) = %+v; want an error and no text", i+1, got[i].File, got[i])
		}
	}
	if got[2].Title != "Tide Tables Explained" || got[2].Published != "2021-11-02" || !strings.Contains(got[2].Text, "\n\nReading the columns\n\n") {
		t.Errorf("note.md = %+v", got[2])
	}
	if got[3].Title != "Harbour seals" || got[3].Author != "Cleo Park" || got[4].Title != "Grey seals" {
		t.Errorf("seals.jsonl = %+v, %+v", got[3], got[4])
	}
	for _, want := range []string{"empty.txt", "missing.html", "skipped bad lines", "seals.jsonl"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("extract stderr lacks %q: %s", want, r.stderr)
		}
	}
}

func TestExtractText(t *testing.T) {
	r := runDocent(t, nil, "", "extract", "testdata/extract/page.html")
	for _, want := range []string{"title       Lighthouses of the North Sea", "author      Ada Keller", "published   2022-06-14",
		"paragraphs  4", "\n## Keepers and their families\n", "\n¶3   Before automation"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("extract stdout lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestExtractFailures(t *testing.T) {
	r := runDocent(t, nil, "", "extract", "--json", "testdata/extract/empty.txt", "testdata")
	if r.code != 1 || strings.Count(r.stdout, "\n") != 2 || !strings.Contains(r.stderr, "no file could be extracted") {
		t.Errorf("extract of only bad files = %d, %q, %q; want 1, two error lines", r.code, r.stdout, r.stderr)
	}
	r = runDocent(t, nil, "", "extract")
	if r.code != 2 || !strings.Contains(r.stderr, "no file given") {
		t.Errorf("extract with no file = %d, %q", r.code, r.stderr)
	}
}
