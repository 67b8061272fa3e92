package bleveindex

import (
	"context"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

// Plain bleve, measured the same way as docent, for the README's comparison (docent at
// retrieval.MaxK = 100 passages, so 100 hits here too): one
// document per BEIR record with its title and text in one field analysed by bleve's
// English analyzer, BM25 with bleve's default k1 and b, a match query for the top 100.

// plainBM25 sets bleve's default BM25 parameters for the length of a benchmark:
// an opened Index sets its own (setBM25).
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
	c := testkit.BEIRCorpus(b, testkit.BEIRDir(b))
	plainBM25(b)
	b.ResetTimer()
	start, cpu0 := time.Now(), testkit.CPUTime()
	for b.Loop() {
		_ = buildPlain(b, b.TempDir(), c).Close()
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/build")
	b.ReportMetric(float64((testkit.CPUTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/build")
}

// BenchmarkAnswerBEIRPlain asks plain bleve a BEIR collection's queries for the top 100.
func BenchmarkAnswerBEIRPlain(b *testing.B) {
	dir := testkit.BEIRDir(b)
	plainBM25(b)
	bi := buildPlain(b, b.TempDir(), testkit.BEIRCorpus(b, dir))
	defer bi.Close()
	ctx := context.Background()
	testkit.RunQueries(b, testkit.BEIRQueries(b, dir), func(q string) error {
		req := bleve.NewSearchRequestOptions(bleve.NewMatchQuery(q), 100, 0, false)
		_, err := bi.SearchInContext(ctx, req)
		return err
	})
}
