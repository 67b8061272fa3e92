package rank

import (
	"context"
	"reflect"
	"runtime"
	"testing"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

// forwardCorpora are the corpora the forward analysis is checked on (testkit.Corpora).
func forwardCorpora(t *testing.T) map[string]*corpus.Corpus { return testkit.Corpora(t) }

func docIndex(c *corpus.Corpus) []int { return testkit.DocOf(c) }

// TestForwardAsAnalysis checks that the analyses kept at Open are exactly what analysing
// each passage again gives: its tokens, and the terms of its heading, title and authors.
func TestForwardAsAnalysis(t *testing.T) {
	for name, c := range forwardCorpora(t) {
		docOf := docIndex(c)
		f := Analyse(context.Background(), c.Documents, c.Passages, docOf)
		e := &Engine{docs: c.Documents, texts: Passages(c.Passages), docOf: docOf, fwd: f}
		if name == "awkward" && len(f.wide) != 1 {
			t.Errorf("awkward: %d passages too wide to keep their spans, want 1", len(f.wide))
		}
		for i, p := range c.Passages {
			want := analyze(p.Text)
			if got := e.analysis(i).toks; !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("%s: passage %s tokens:\n got %v\nwant %v", name, p.ID, got, want)
			}
			if got, want := f.extraTerms(i, docOf[i]), e.extraTerms(i); !reflect.DeepEqual(got, want) {
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
		f := Analyse(context.Background(), c.Documents, c.Passages, docOf)
		e := &Engine{docs: c.Documents, texts: Passages(c.Passages), docOf: docOf}
		for _, q := range questions {
			terms := analysis.NewQuestion(q, DefaultParams().Query, len(c.Passages), nil)
			for j := range terms.Terms {
				terms.Terms[j].IDF = 1 + float64(j%3)/2
			}
			ids := f.lookup(terms.Terms)
			for i, p := range c.Passages {
				want := measure(terms, analyze(p.Text), e.extraTerms(i), 3)
				toks, extra := f.found(&ids, i, docOf[i])
				if got := measure(terms, toks, extra, 3); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: %q in passage %s:\n got %+v\nwant %+v", name, q, p.ID, got, want)
				}
			}
		}
	}
}

func TestQuestionIDsIndex(t *testing.T) {
	b := &builder{f: &Forward{}, ids: map[string]uint32{}}
	for _, w := range []string{"a", "b", "c"} {
		b.id(w)
	}
	for range 64 * maskWords { // fill the dictionary so ids share mask bits
		b.id(string(rune('d' + len(b.terms))))
	}
	b.seal()
	f := b.f
	q := f.lookup([]analysis.QueryTerm{{Term: "c"}, {Term: "absent"}, {Term: "a"}})
	tests := []struct {
		id   uint32
		want int
	}{
		{b.ids["a"], 2}, {b.ids["c"], 0}, {b.ids["b"], -1}, {b.ids["a"] + 64*maskWords, -1}, {0, 2},
	}
	for _, tt := range tests {
		if got := q.index(tt.id); got != tt.want {
			t.Errorf("index(%d) = %d, want %d", tt.id, got, tt.want)
		}
	}
}

// BenchmarkForward30k analyses 30,000 generated passages as Open does and reports the
// heap the analyses keep.
func BenchmarkForward30k(b *testing.B) { benchForward(b, testkit.Generated(30_000)) }

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
		f := Analyse(context.Background(), c.Documents, c.Passages, docOf)
		b.StopTimer()
		kept = heap() - before
		runtime.KeepAlive(f)
		b.StartTimer()
	}
	b.ReportMetric(float64(kept)/(1<<20), "heap-MB")
	f := Analyse(context.Background(), c.Documents, c.Passages, docOf)
	b.ReportMetric(float64(len(f.toks)), "tokens")
	b.ReportMetric(float64(f.numTerms()), "terms")
}
