package bleveindex

import (
	"context"
	"log/slog"
	"math"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/docent-bot/docent/retrieval/analysis"
	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

// queryParams weight the questions of the tests: any weights serve to compare scores.
var queryParams = analysis.QueryParams{JoinedWeight: 0.2, ExpansionWeight: 0.3, ExpandBelowDF: 3, DerivedCredit: 0.5, NumberWeight: 1}

// TestMergeSegmentsKeepsScores checks that merging an index into one segment, with the
// BM25 statistic recorded before, leaves every score as it was.
func TestMergeSegmentsKeepsScores(t *testing.T) {
	ctx := context.Background()
	c := testkit.Generated(1000)
	// small batches leave several segments to merge
	bi, err := buildIndex(ctx, filepath.Join(t.TempDir(), "index"), c, Options{BatchSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	questions := testkit.Questions(c, 5, queryParams)
	hits := func(ctx context.Context, q string) search.DocumentMatchCollection {
		req := bleve.NewSearchRequestOptions(termDisjunction(analysis.NewQuestion(q, queryParams, 1, nil).Terms), 20, 0, false)
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
	c := testkit.New(testkit.Docs())
	ix, err := Open(context.Background(), dir, c, Options{BatchSize: 2}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	m, reason := readManifest(dir, c)
	if reason != "" || m.FieldTerms[fieldText] == 0 || ix.bm25 == nil {
		t.Fatalf("manifest = %+v (%q); want field_terms recorded and used", m, reason)
	}
	st, _ := ix.bi.StatsMap()["index"].(map[string]any)
	if n, _ := st["num_root_filesegments"].(uint64); n != 1 {
		t.Errorf("index holds %v segments; want 1", st["num_root_filesegments"])
	}
}

// TestOpenSetsBM25 checks that opening an index sets bleve's BM25 parameters to the
// measured ones.
func TestOpenSetsBM25(t *testing.T) {
	ix, err := Open(context.Background(), t.TempDir(), testkit.New(testkit.Docs()), Options{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if search.BM25_k1 != analysis.BM25K1 || search.BM25_b != analysis.BM25B {
		t.Errorf("bleve BM25 k1, b = %g, %g; want %g, %g", search.BM25_k1, search.BM25_b, analysis.BM25K1, analysis.BM25B)
	}
}
