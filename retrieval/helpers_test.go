package retrieval

import (
	"context"
	"log/slog"
	"os"
	"testing"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

// testDocs is a small hand-made corpus: every test knows exactly what it holds.
func testDocs() []corpus.Document { return testkit.Docs() }

// testCorpus builds a Corpus from docs, one passage per paragraph, as corpus.Load would.
func testCorpus(docs []corpus.Document) *corpus.Corpus { return testkit.New(docs) }

// benchCorpus generates n passages in documents of 30 passages, from a fixed seed.
func benchCorpus(n int) *corpus.Corpus { return testkit.Generated(n) }

// benchQuestions picks n questions from c's passages.
func benchQuestions(c *corpus.Corpus, n int) []string {
	return testkit.Questions(c, n, DefaultParams().Query)
}

// mustOpen opens an index of c in dir and closes it when the test ends.
func mustOpen(tb testing.TB, dir string, c *corpus.Corpus, opts Options) *Index {
	tb.Helper()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	ix, err := Open(context.Background(), dir, c, opts)
	if err != nil {
		tb.Fatalf("Open(%q): %v", dir, err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	return ix
}

func mustAnswer(tb testing.TB, ix *Index, q Query) Result {
	tb.Helper()
	r, err := ix.Answer(context.Background(), q)
	if err != nil {
		tb.Fatalf("Answer(%q): %v", q.Text, err)
	}
	return r
}

// indexFolderNames lists what an index folder holds but the writers' lock file, which
// stays: the manifest and the index sub-folders.
func indexFolderNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != ".docent-write.lock" {
			names = append(names, e.Name())
		}
	}
	return names
}
