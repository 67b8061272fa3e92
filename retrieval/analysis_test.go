package retrieval

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docent-bot/docent/retrieval/internal/bleveindex"
	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

// forwardFile is the file an index folder keeps the passages' analysis in (rank.Forward).
const forwardFile = "docent-forward.bin"

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
	made, err := os.ReadFile(filepath.Join(saved, forwardFile))
	if err != nil {
		t.Fatalf("no analysis saved with the index: %v", err)
	}
	q := Query{Text: "When did the littoral states agree a moratorium on sturgeon fishing?"}
	want := mustAnswer(t, first, q)

	second := open()
	if strings.Contains(logs.String(), "analysing the passages again") || second.Stats().Rebuilt {
		t.Errorf("reused index analysed again or rebuilt:\n%s", logs.String())
	}
	// the analysis is saved whole and the same for the same corpus: equal files are equal analyses
	if b, err := os.ReadFile(filepath.Join(saved, forwardFile)); err != nil || !bytes.Equal(b, made) {
		t.Errorf("the saved analysis changed when the index was reused (%v)", err)
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
	if b, err := os.ReadFile(filepath.Join(saved, forwardFile)); err != nil || !bytes.Equal(b, made) {
		t.Errorf("the damaged analysis was not saved again as it was made (%v)", err)
	}
	if got := mustAnswer(t, third, q); got.Answer != want.Answer || got.Passages[0].ID != want.Passages[0].ID {
		t.Errorf("index with its analysis made again answers %q from %s, want %q from %s", got.Answer, got.Passages[0].ID, want.Answer, want.Passages[0].ID)
	}
}

// TestForwardDocFreqAsIndex checks the passage frequencies counted at Open against
// bleve's dictionary of the text field, term by term, both ways.
func TestForwardDocFreqAsIndex(t *testing.T) {
	for name, c := range testkit.Corpora(t) {
		if name == "bundled" && testing.Short() {
			continue
		}
		ix := mustOpen(t, "", c, Options{})
		df, err := ix.bi.DocFreqs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for term, want := range df {
			if got := ix.engine.Vocabulary().DF(term); got != want {
				t.Errorf("%s: docFreq(%q) = %d, bleve counts %d", name, term, got, want)
			}
		}
		if seen := len(df) - ix.engine.Vocabulary().Len(); seen != 0 {
			t.Errorf("%s: bleve's dictionary and the forward analysis differ by %d terms", name, seen)
		}
	}
}
