package retrieval

import (
	"context"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// TestMergeSegmentsKeepsScores checks that merging an index into one segment, with the
// BM25 statistic recorded before, leaves every score as it was.
func TestMergeSegmentsKeepsScores(t *testing.T) {
	ctx := context.Background()
	c := benchCorpus(1000)
	// small batches leave several segments to merge
	bi, err := buildIndex(ctx, filepath.Join(t.TempDir(), "index"), c, Options{BatchSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	questions := benchQuestions(c, 5)
	hits := func(ctx context.Context, q string) search.DocumentMatchCollection {
		req := bleve.NewSearchRequestOptions(termDisjunction(analysis.NewQuestion(q, DefaultParams().Query, 1, nil).Terms), 20, 0, false)
		sr, err := bi.SearchInContext(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		return sr.Hits
	}
	adv, err := bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	// bleve's background merger may change the statistic at any time: the scores before
	// count only if it held still while they were computed
	terms, err := fieldTerms(adv)
	if err != nil {
		t.Fatal(err)
	}
	var before []search.DocumentMatchCollection
	for _, q := range questions {
		before = append(before, hits(ctx, q))
	}
	if again, _ := fieldTerms(adv); again[fieldText] != terms[fieldText] {
		t.Skipf("bleve merged segments during the test (statistic %v, then %v)", terms, again)
	}
	if _, err := mergeSegments(ctx, bi); err != nil {
		t.Fatal(err)
	}
	if merged, err := fieldTerms(adv); err != nil || merged[fieldText] == terms[fieldText] {
		t.Skipf("statistic %v after merging, %v before: bleve had merged everything already", merged, terms)
	}
	ix := &Index{bm25: bm25Stats(terms, len(c.Passages))}
	for k, q := range questions {
		after := hits(ix.searchContext(ctx), q)
		if len(after) == 0 || len(after) != len(before[k]) {
			t.Fatalf("%q: %d hits after merging, %d before", q, len(after), len(before[k]))
		}
		// passages of equal score may come in another order: compare each rank's score,
		// and each passage's own score where it was ranked before
		was := map[string]float64{}
		for _, b := range before[k] {
			was[b.ID] = b.Score
		}
		for i, h := range after {
			b := before[k][i]
			w, ok := was[h.ID]
			if !ok {
				w = b.Score // a tie at the cut
			}
			if math.Abs(h.Score-b.Score) > 1e-9*b.Score || math.Abs(h.Score-w) > 1e-9*w {
				t.Errorf("%q hit %d = %s %.6f after merging; want %s %.6f", q, i+1, h.ID, h.Score, b.ID, b.Score)
			}
		}
	}
}

// TestOpenMergesAndRecordsStatistic checks that a built index is one segment and that
// its manifest records the statistic it scores with.
func TestOpenMergesAndRecordsStatistic(t *testing.T) {
	dir := t.TempDir()
	ix := mustOpen(t, dir, testCorpus(testDocs()), Options{BatchSize: 2, Logger: quiet().Logger})
	m, reason := readManifest(dir, testCorpus(testDocs()))
	if reason != "" || m.FieldTerms[fieldText] == 0 || ix.bm25 == nil {
		t.Fatalf("manifest = %+v (%q); want field_terms recorded and used", m, reason)
	}
	st, _ := ix.bi.StatsMap()["index"].(map[string]any)
	if n, _ := st["num_root_filesegments"].(uint64); n != 1 {
		t.Errorf("index holds %v segments; want 1", st["num_root_filesegments"])
	}
}

// TestAnswerFiltersWithStatistic checks that filters work on an index searched with its
// recorded statistic: bleve turns a filter into a search of its own.
func TestAnswerFiltersWithStatistic(t *testing.T) {
	c := testCorpus(testDocs())
	ix := mustOpen(t, t.TempDir(), c, quiet())
	d := c.Documents[0]
	for _, q := range []Query{
		{Text: d.Title, DocID: d.ID},
		// every dated document passes: a filter of several terms
		{Text: d.Title, From: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		r := mustAnswer(t, ix, q)
		if len(r.Passages) == 0 {
			t.Errorf("Answer(%+v) found nothing; want passages of %s", q, d.ID)
		}
	}
}
