package retrieval

import (
	"bytes"
	"context"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/docent-bot/docent/retrieval/internal/bleveindex"
)

func forwardEqual(a, b *forward) bool {
	setsEqual := func(x, y sets) bool { return slices.Equal(x.ids, y.ids) && slices.Equal(x.at, y.at) }
	return maps.Equal(a.ids, b.ids) && slices.Equal(a.terms, b.terms) && slices.Equal(a.toks, b.toks) &&
		slices.Equal(a.tokAt, b.tokAt) && slices.Equal(a.start, b.start) && slices.Equal(a.width, b.width) &&
		maps.Equal(a.wide, b.wide) && setsEqual(a.heading, b.heading) && setsEqual(a.title, b.title) &&
		setsEqual(a.authors, b.authors) && slices.Equal(a.df, b.df)
}

func TestForwardSaveLoad(t *testing.T) {
	for name, c := range forwardCorpora(t) {
		f := newForward(context.Background(), c.Documents, c.Passages, docIndex(c))
		dir := t.TempDir()
		if err := f.save(dir); err != nil {
			t.Fatal(err)
		}
		g, err := loadForward(dir, len(c.Passages), len(c.Documents))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !forwardEqual(f, g) {
			t.Errorf("%s: the loaded analysis differs from the saved one", name)
		}
		if _, err := loadForward(dir, len(c.Passages)+1, len(c.Documents)); err == nil {
			t.Errorf("%s: loaded for a corpus with another number of passages", name)
		}
	}
}

func TestForwardLoadDamaged(t *testing.T) {
	c := testCorpus(testDocs())
	dir := t.TempDir()
	if err := newForward(context.Background(), c.Documents, c.Passages, docIndex(c)).save(dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, forwardFile)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	damage := map[string][]byte{
		"empty":      nil,
		"truncated":  good[:len(good)/2],
		"flipped":    append(append([]byte{}, good[:40]...), append([]byte{good[40] ^ 1}, good[41:]...)...),
		"extra":      append(append([]byte{}, good...), 0),
		"other file": []byte("DOCENTFWD but not really"),
	}
	for name, b := range damage {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := loadForward(dir, len(c.Passages), len(c.Documents)); err == nil {
			t.Errorf("%s: loaded a damaged file", name)
		}
	}
}

// TestOpenSavesAnalysis checks that an index keeps its passages' analysis, a reused
// index reads it instead of analysing again, and a damaged one is replaced.
func TestOpenSavesAnalysis(t *testing.T) {
	c := testCorpus(testDocs())
	dir := t.TempDir()
	var logs bytes.Buffer
	open := func() *Index {
		logs.Reset()
		ix, err := Open(context.Background(), dir, c, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = ix.Close() })
		return ix
	}
	first := open()
	saved := bleveindex.FolderFor(dir, c)
	if _, err := os.Stat(filepath.Join(saved, forwardFile)); err != nil {
		t.Fatalf("no analysis saved with the index: %v", err)
	}
	q := Query{Text: "When did the littoral states agree a moratorium on sturgeon fishing?"}
	want := mustAnswer(t, first, q)

	second := open()
	if strings.Contains(logs.String(), "analysing the passages again") || second.Stats().Rebuilt {
		t.Errorf("reused index analysed again or rebuilt:\n%s", logs.String())
	}
	if !forwardEqual(first.fwd, second.fwd) {
		t.Error("the saved analysis differs from the one made")
	}
	if got := mustAnswer(t, second, q); got.Answer != want.Answer || got.Passages[0].ID != want.Passages[0].ID {
		t.Errorf("reused index answers %q from %s, want %q from %s", got.Answer, got.Passages[0].ID, want.Answer, want.Passages[0].ID)
	}

	if err := os.WriteFile(filepath.Join(saved, forwardFile), []byte("damaged"), 0o644); err != nil {
		t.Fatal(err)
	}
	third := open()
	if !strings.Contains(logs.String(), "analysing the passages again") {
		t.Errorf("a damaged analysis was not replaced:\n%s", logs.String())
	}
	if !forwardEqual(first.fwd, third.fwd) {
		t.Error("the analysis made again differs")
	}
	if _, err := loadForward(saved, len(c.Passages), len(c.Documents)); err != nil {
		t.Errorf("the damaged analysis was not saved again: %v", err)
	}
}
