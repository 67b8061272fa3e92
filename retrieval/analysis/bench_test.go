package analysis_test

import (
	"fmt"
	"testing"

	"github.com/docent-bot/docent/retrieval/analysis"
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
