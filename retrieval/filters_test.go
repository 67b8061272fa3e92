package retrieval

import (
	"testing"
	"time"
)

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
