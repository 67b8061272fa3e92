package retrieval

import (
	"context"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/docent-bot/docent/corpus"
)

// Plain bleve, measured the same way as docent, for the README's comparison: one
// document per BEIR record with its title and text in one field analysed by bleve's
// English analyzer, BM25 with bleve's default k1 and b, a match query for the top 100.

// plainBM25 sets bleve's default BM25 parameters for the length of a benchmark:
// an opened docent Index sets its own (setBM25).
func plainBM25(b *testing.B) {
	k1, bb := search.BM25_k1, search.BM25_b
	search.BM25_k1, search.BM25_b = 1.2, 0.75
	b.Cleanup(func() { search.BM25_k1, search.BM25_b = k1, bb })
}

func buildPlain(b *testing.B, dir string, c *corpus.Corpus) bleve.Index {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	m.ScoringModel = "bm25"
	bi, err := bleve.New(dir, m)
	if err != nil {
		b.Fatal(err)
	}
	batch := bi.NewBatch()
	for _, d := range c.Documents {
		text := d.Title
		for _, p := range d.Paragraphs {
			text += "\n" + p.Text
		}
		if err := batch.Index(d.ID, map[string]string{"text": text}); err != nil {
			b.Fatal(err)
		}
		if batch.Size() == 1000 {
			if err := bi.Batch(batch); err != nil {
				b.Fatal(err)
			}
			batch.Reset()
		}
	}
	if err := bi.Batch(batch); err != nil {
		b.Fatal(err)
	}
	return bi
}

// BenchmarkIndexBEIRPlain builds plain bleve's persistent index of a BEIR corpus.
func BenchmarkIndexBEIRPlain(b *testing.B) {
	c := beirCorpus(b, beirDir(b))
	plainBM25(b)
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for b.Loop() {
		_ = buildPlain(b, b.TempDir(), c).Close()
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/build")
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/build")
}

// BenchmarkAnswerBEIRPlain asks plain bleve a BEIR collection's queries for the top 100.
func BenchmarkAnswerBEIRPlain(b *testing.B) {
	dir := beirDir(b)
	plainBM25(b)
	bi := buildPlain(b, b.TempDir(), beirCorpus(b, dir))
	defer bi.Close()
	ctx := context.Background()
	benchQueries(b, beirQueries(b, dir), func(q string) error {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(q), MaxK, 0, false)
		_, err := bi.SearchInContext(ctx, req)
		return err
	})
}
