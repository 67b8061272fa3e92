package retrieval

import (
	"context"
	"testing"
	"time"

	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

// BenchmarkIndexBEIR builds a persistent index of a BEIR corpus.
func BenchmarkIndexBEIR(b *testing.B) {
	c := testkit.BEIRCorpus(b, testkit.BEIRDir(b))
	b.ResetTimer()
	start, cpu0 := time.Now(), testkit.CPUTime()
	for b.Loop() {
		ix, err := Open(context.Background(), b.TempDir(), c, quiet())
		if err != nil {
			b.Fatal(err)
		}
		_ = ix.Close()
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/build")
	b.ReportMetric(float64((testkit.CPUTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/build")
}

// BenchmarkAnswerBEIR answers a BEIR collection's queries with K=100 and no highlights,
// documents ranked (OnePerDocument), as docent eval --beir asks them.
func BenchmarkAnswerBEIR(b *testing.B) {
	dir := testkit.BEIRDir(b)
	ix, err := Open(context.Background(), b.TempDir(), testkit.BEIRCorpus(b, dir), quiet())
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	benchAnswerAs(b, ix, testkit.BEIRQueries(b, dir), Query{K: MaxK, NoMatches: true, OnePerDocument: true})
}
