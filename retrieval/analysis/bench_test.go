package analysis_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/docent-bot/docent/retrieval/analysis"
	"github.com/docent-bot/docent/retrieval/eval"
)

// BenchmarkTokens analyses the bundled corpus.
func BenchmarkTokens(b *testing.B) {
	texts, n := analysis.BundledTexts(b)
	for _, opts := range []analysis.Options{{}, {NoIrregular: true}} {
		a, err := analysis.New(opts)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("irregular=%v", !opts.NoIrregular), func(b *testing.B) {
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				for _, t := range texts {
					a.Tokens(t)
				}
			}
		})
	}
}

// BenchmarkSciFactIndex indexes SciFact (DOCENT_SCIFACT) with bleve's "en" analyzer and
// with docent's, one document per abstract, title in the text field.
func BenchmarkSciFactIndex(b *testing.B) {
	dir := os.Getenv("DOCENT_SCIFACT")
	if dir == "" {
		b.Skip("set DOCENT_SCIFACT")
	}
	docs := loadBEIRDocs(b, dir)
	for _, cfg := range []config{{name: "bleve-en", builtinEn: true}, recommended} {
		b.Run(cfg.name, func(b *testing.B) {
			var total time.Duration
			for b.Loop() {
				_, took := newEngine(b, cfg, docs) // closed by b.Cleanup
				total += took
			}
			b.ReportMetric(total.Seconds()/float64(b.N), "index-s/op")
		})
	}
}

// BenchmarkSciFactQuery runs SciFact's training queries, top 100.
func BenchmarkSciFactQuery(b *testing.B) {
	dir := os.Getenv("DOCENT_SCIFACT")
	if dir == "" {
		b.Skip("set DOCENT_SCIFACT")
	}
	set, err := eval.LoadBEIR(eval.BEIRFiles{Dir: dir, Split: "train"})
	if err != nil {
		b.Fatal(err)
	}
	docs := loadBEIRDocs(b, dir)
	for _, cfg := range []config{{name: "bleve-en", builtinEn: true}, recommended} {
		b.Run(cfg.name, func(b *testing.B) {
			defer cfg.setBM25()()
			e, _ := newEngine(b, cfg, docs)
			ctx := context.Background()
			i := 0
			for b.Loop() {
				if _, err := e.search(ctx, set.Queries[i%len(set.Queries)].Text, 100); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
