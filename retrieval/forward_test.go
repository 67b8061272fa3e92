package retrieval

import (
	"context"
	"log/slog"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

// forwardCorpora are the corpora the forward analysis is checked on: the hand-made one,
// one with awkward text, and the bundled corpus.
func forwardCorpora(t *testing.T) map[string]*corpus.Corpus {
	t.Helper()
	awkward := testDocs()
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
	cs := map[string]*corpus.Corpus{"test": testCorpus(testDocs()), "awkward": testCorpus(awkward), "bundled": bundled}
	// a BEIR collection too, when the benchmarks are given one (beir_bench_test.go)
	if dir := os.Getenv("DOCENT_BENCH_BEIR"); dir != "" {
		c, err := corpus.LoadDir(context.Background(), dir, corpus.Options{Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		cs["beir"] = c
	}
	return cs
}

func docIndex(c *corpus.Corpus) []int {
	byID := map[string]int{}
	for i, d := range c.Documents {
		byID[d.ID] = i
	}
	docOf := make([]int, len(c.Passages))
	for i, p := range c.Passages {
		docOf[i] = byID[p.DocID]
	}
	return docOf
}

// TestForwardAsAnalysis checks that the analyses kept at Open are exactly what analysing
// each passage again gives: its tokens, and the terms of its heading, title and authors.
func TestForwardAsAnalysis(t *testing.T) {
	for name, c := range forwardCorpora(t) {
		docOf := docIndex(c)
		f := newForward(context.Background(), c.Documents, c.Passages, docOf)
		ix := &Index{docs: c.Documents, passages: c.Passages, docOf: docOf, fwd: f}
		if name == "awkward" && len(f.wide) != 1 {
			t.Errorf("awkward: %d passages too wide to keep their spans, want 1", len(f.wide))
		}
		for i, p := range c.Passages {
			want := analyze(p.Text)
			if got := ix.analysis(i).toks; !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("%s: passage %s tokens:\n got %v\nwant %v", name, p.ID, got, want)
			}
			if got, want := f.extraTerms(i, docOf[i]), ix.extraTerms(i); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: passage %s extra terms:\n got %v\nwant %v", name, p.ID, got, want)
			}
		}
	}
}

// TestFoundMeasuresAsAnalysis checks that measure gives the same evidence from the
// question's tokens alone (forward.found, what re-ranking reads) as from the whole
// analysis of a passage. It fails if measure starts reading tokens other than the
// question's: re-ranking would then need the whole analysis.
func TestFoundMeasuresAsAnalysis(t *testing.T) {
	questions := []string{
		"When did the littoral states agree a moratorium on sturgeon fishing?",
		"Which pipeline carries crude oil from the Caspian to the Mediterranean?",
		"IL-6 levels in post-Soviet states", "Who is Leyla Mammadova?", "caviar caviar black markets",
		"What did the mine action agency do in Afghanistan?", "Azerbaijan Iran relations after 1992",
		"nothing matches zzyzx",
	}
	for name, c := range forwardCorpora(t) {
		docOf := docIndex(c)
		f := newForward(context.Background(), c.Documents, c.Passages, docOf)
		ix := &Index{docs: c.Documents, passages: c.Passages, docOf: docOf}
		for _, q := range questions {
			terms := analysis.NewQuestion(q, DefaultParams().Query, len(c.Passages), nil)
			for j := range terms.Terms {
				terms.Terms[j].IDF = 1 + float64(j%3)/2
			}
			ids := f.lookup(terms.Terms)
			for i, p := range c.Passages {
				want := measure(terms, analyze(p.Text), ix.extraTerms(i), 3)
				toks, extra := f.found(&ids, i, docOf[i])
				if got := measure(terms, toks, extra, 3); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: %q in passage %s:\n got %+v\nwant %+v", name, q, p.ID, got, want)
				}
			}
		}
	}
}

func TestQuestionIDsIndex(t *testing.T) {
	f := &forward{ids: map[string]uint32{}}
	for _, w := range []string{"a", "b", "c"} {
		f.id(w)
	}
	for range 64 * maskWords { // fill the dictionary so ids share mask bits
		f.id(string(rune('d' + len(f.terms))))
	}
	q := f.lookup([]analysis.QueryTerm{{Term: "c"}, {Term: "absent"}, {Term: "a"}})
	tests := []struct {
		id   uint32
		want int
	}{
		{f.ids["a"], 2}, {f.ids["c"], 0}, {f.ids["b"], -1}, {f.ids["a"] + 64*maskWords, -1}, {0, 2},
	}
	for _, tt := range tests {
		if got := q.index(tt.id); got != tt.want {
			t.Errorf("index(%d) = %d, want %d", tt.id, got, tt.want)
		}
	}
}

// TestForwardDocFreqAsIndex checks the passage frequencies counted at Open against
// bleve's dictionary of the text field, term by term, both ways.
func TestForwardDocFreqAsIndex(t *testing.T) {
	for name, c := range forwardCorpora(t) {
		if name == "bundled" && testing.Short() {
			continue
		}
		ix := mustOpen(t, "", c, Options{})
		df, err := ix.bi.DocFreqs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for term, want := range df {
			if got := ix.fwd.docFreq(term); got != want {
				t.Errorf("%s: docFreq(%q) = %d, bleve counts %d", name, term, got, want)
			}
		}
		seen := len(df)
		for _, n := range ix.fwd.df {
			if n > 0 {
				seen--
			}
		}
		if seen != 0 {
			t.Errorf("%s: bleve's dictionary and the forward analysis differ by %d terms", name, seen)
		}
	}
}

// BenchmarkForward30k analyses 30,000 generated passages as Open does and reports the
// heap the analyses keep.
func BenchmarkForward30k(b *testing.B) { benchForward(b, benchCorpus(benchPassages)) }

// BenchmarkForwardBEIR is BenchmarkForward30k on a BEIR collection (DOCENT_BENCH_BEIR).
func BenchmarkForwardBEIR(b *testing.B) { benchForward(b, testkit.BEIRCorpus(b, testkit.BEIRDir(b))) }

func benchForward(b *testing.B, c *corpus.Corpus) {
	docOf := docIndex(c)
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	var kept uint64
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		before := heap()
		b.StartTimer()
		f := newForward(context.Background(), c.Documents, c.Passages, docOf)
		b.StopTimer()
		kept = heap() - before
		runtime.KeepAlive(f)
		b.StartTimer()
	}
	b.ReportMetric(float64(kept)/(1<<20), "heap-MB")
	f := newForward(context.Background(), c.Documents, c.Passages, docOf)
	b.ReportMetric(float64(len(f.toks)), "tokens")
	b.ReportMetric(float64(len(f.terms)), "terms")
}
