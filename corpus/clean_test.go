package corpus

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sourceParagraphs splits a clean text file laid out as title, blank line, then
// paragraphs separated by blank lines, into its title and paragraphs.
func sourceParagraphs(text string) (title string, paras []string) {
	blocks := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n")
	for i, b := range blocks {
		b = strings.Join(strings.Fields(b), " ")
		if b == "" {
			continue
		}
		if i == 0 {
			title = b
			continue
		}
		paras = append(paras, b)
	}
	return title, paras
}

// TestCleanCorpusKeepsEveryParagraph loads SQuAD's clean Wikipedia articles and checks
// that every paragraph of every file reaches a passage, numbered as in the file: a
// paragraph lost or a number shifted makes citations point at the wrong text.
func TestCleanCorpusKeepsEveryParagraph(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "bench", "squad", "corpus")
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		t.Skip("SQuAD corpus not present")
	}
	c, err := LoadDir(context.Background(), dir, Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no .txt files in %s: %v", dir, err)
	}
	total, wrong := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		id := filepath.Base(f)
		title, want := sourceParagraphs(string(data))
		d := docByID(t, c, id)
		if d.Title != title {
			t.Errorf("%s: Title = %q; want %q", id, d.Title, title)
		}
		got := paragraphTexts(c, id)
		total += len(want)
		lost := 0 // paragraphs of this file lost or misnumbered; the first is reported
		for n, p := range want {
			if got[n+1] != p {
				if lost == 0 {
					t.Errorf("%s ¶%d: passages hold %.80q; want %.80q", id, n+1, got[n+1], p)
				}
				lost++
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: passages hold %d paragraphs; the file has %d", id, len(got), len(want))
		}
		wrong += lost
	}
	t.Logf("%d files, %d paragraphs, %d lost or misnumbered", len(files), total, wrong)
}

// paragraphTexts rebuilds the paragraphs of document id from its passages, by number:
// merged passages are split at their paragraph breaks, parts of a long paragraph
// joined again.
func paragraphTexts(c *Corpus, id string) map[int]string {
	got := map[int]string{}
	for _, p := range c.Passages {
		if p.DocID != id {
			continue
		}
		if p.ParaFirst == p.ParaLast && got[p.ParaFirst] != "" {
			got[p.ParaFirst] += " " + p.Text // the next part of a long paragraph
			continue
		}
		for i, s := range strings.Split(p.Text, "\n\n") {
			got[p.ParaFirst+i] = s
		}
	}
	return got
}

// TestParseFileKeepsCleanParagraphs parses the clean documents of testdata/clean (title,
// blank line, paragraphs separated by blank lines) and checks that every paragraph is
// kept as written and numbered as in the file, whatever its last words look like.
func TestParseFileKeepsCleanParagraphs(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "clean", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no files in testdata/clean: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			docs, err := ParseFile(filepath.Base(f), data)
			if err != nil {
				t.Fatalf("ParseFile: %v", err)
			}
			title, want := sourceParagraphs(string(data))
			d := docs[0]
			if d.Title != title {
				t.Errorf("Title = %q; want %q", d.Title, title)
			}
			for i, p := range d.Paragraphs {
				if i >= len(want) || p.N != i+1 || p.Text != want[i] {
					t.Errorf("¶%d = %q; want ¶%d = %q", p.N, p.Text, i+1, want[min(i, len(want)-1)])
				}
			}
			if len(d.Paragraphs) != len(want) {
				t.Errorf("%d paragraphs; want %d", len(d.Paragraphs), len(want))
			}
		})
	}
}
