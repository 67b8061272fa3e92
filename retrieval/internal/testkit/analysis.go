package testkit

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/docent-bot/docent/corpus"
)

// Corpora are corpora to check analyses on: the hand-made one (Docs), one with awkward
// text, the bundled corpus, and a BEIR collection when DOCENT_BENCH_BEIR names one.
func Corpora(t testing.TB) map[string]*corpus.Corpus {
	t.Helper()
	awkward := Docs()
	awkward = append(awkward, corpus.Document{
		ID: "awkward.txt", Title: "IL-6 and the post‑Soviet 1992–94 O’Brien’s states'", Authors: []string{"Hüseyn Əliyev", "李小龍"},
		Paragraphs: []corpus.Paragraph{
			{N: 1, Heading: "IL-6 levels", Text: "IL-6, 5-HT and 0-dimensional ﬁne Azerbaijan’s 1,000 3.5 漢字 don’t re-\nanalyse."},
			{N: 2, Text: "…"},
			{N: 3, Text: "A word wider than 65,535 bytes: x" + strings.Repeat("\u0301", 40000) + " and after it."},
		},
	})
	bundled, err := corpus.Load(context.Background(), corpus.Bundled(), corpus.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	cs := map[string]*corpus.Corpus{"test": New(Docs()), "awkward": New(awkward), "bundled": bundled}
	// a BEIR collection too, when the benchmarks are given one (BEIRDir)
	if dir := os.Getenv("DOCENT_BENCH_BEIR"); dir != "" {
		c, err := corpus.LoadDir(context.Background(), dir, corpus.Options{Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		cs["beir"] = c
	}
	return cs
}
