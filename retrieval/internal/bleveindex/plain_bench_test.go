package bleveindex

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/corpus/corpustest"
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

// BenchmarkScaleAnswerPlain is the plain-bleve set-up of ../shared/bench/scale/README.md
// on the generated corpus DOCENT_BENCH_CORPUS names (see buildScalePlain), asked the
// questions docent's BenchmarkScaleAnswer (cmd/docent) asks, a match query for the top 10,
// so the two figures compare.
func BenchmarkScaleAnswerPlain(b *testing.B) {
	dir := scaleCorpusDir(b)
	qs, err := corpustest.ScaleQuestions(dir)
	if err != nil {
		b.Fatal(err)
	}
	plainBM25(b)
	bi := buildScalePlain(b, dir, filepath.Join(b.TempDir(), "plain"))
	defer bi.Close()
	ctx := context.Background()
	testkit.RunQueries(b, qs, func(q string) error {
		_, err := bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(bleve.NewMatchQuery(q), 10, 0, false))
		return err
	})
}

// BenchmarkScaleBuildPlain builds plain bleve's index of the generated corpus
// DOCENT_BENCH_CORPUS names, for the build-time comparison with docent's
// BenchmarkScaleBuild (cmd/docent): wall and CPU seconds a build, files read included.
func BenchmarkScaleBuildPlain(b *testing.B) {
	dir := scaleCorpusDir(b)
	plainBM25(b)
	start, cpu0 := time.Now(), testkit.CPUTime()
	for i := 0; b.Loop(); i++ {
		bi := buildScalePlain(b, dir, filepath.Join(b.TempDir(), fmt.Sprint("plain", i)))
		if err := bi.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "s/build")
	b.ReportMetric((testkit.CPUTime()-cpu0).Seconds()/float64(b.N), "cpu-s/build")
}

func scaleCorpusDir(b *testing.B) string {
	dir := os.Getenv("DOCENT_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set DOCENT_BENCH_CORPUS to a folder made by ../shared/bench/scale/gencorpus.py")
	}
	return dir
}

// buildScalePlain is the plain-bleve set-up of ../shared/bench/scale/README.md: every
// blank-line paragraph of every file one document, the English analyzer, BM25 with
// bleve's defaults, on disk in indexDir, batches of 1,000.
func buildScalePlain(b *testing.B, corpusDir, indexDir string) bleve.Index {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = en.AnalyzerName
	m.ScoringModel = "bm25"
	bi, err := bleve.New(indexDir, m)
	if err != nil {
		b.Fatal(err)
	}
	batch := bi.NewBatch()
	err = filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, para := range strings.Split(string(text), "\n\n") {
			if strings.TrimSpace(para) == "" {
				continue
			}
			if err := batch.Index(fmt.Sprintf("%s#%d", path, i), map[string]string{"text": para}); err != nil {
				return err
			}
			if batch.Size() == 1000 {
				if err := bi.Batch(batch); err != nil {
					return err
				}
				batch.Reset()
			}
		}
		return nil
	})
	if err == nil {
		err = bi.Batch(batch)
	}
	if err != nil {
		b.Fatal(err)
	}
	return bi
}
