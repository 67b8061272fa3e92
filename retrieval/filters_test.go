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

func TestInScope(t *testing.T) {
	for _, tc := range []struct {
		id    string
		tags  []string
		scope []string
		want  bool
	}{
		{"a.txt", nil, []string{"a.txt"}, true},
		{"a.txt", nil, []string{"a.tx"}, false},
		{"faq/a.md", nil, []string{"faq/"}, true},
		{"faqs/a.md", nil, []string{"faq/"}, false},
		{"faq/a.md", nil, []string{"faq"}, false},
		{"b.md", []string{"Billing"}, []string{"x.txt", "tag:billing"}, true},
		{"b.md", []string{"billing"}, []string{"tag:bill"}, false},
	} {
		if got := InScope(tc.id, tc.tags, tc.scope); got != tc.want {
			t.Errorf("InScope(%q, %q, %q) = %v; want %v", tc.id, tc.tags, tc.scope, got, tc.want)
		}
	}
}

// TestAnswerScope checks that a scope keeps every passage inside it, and that a scope no
// document is in finds nothing.
func TestAnswerScope(t *testing.T) {
	c := testCorpus(testDocs())
	ix := mustOpen(t, t.TempDir(), c, quiet())
	d := c.Documents[1]
	r := mustAnswer(t, ix, Query{Text: c.Documents[0].Title + " " + d.Title, K: 10, Scope: []string{d.ID}})
	if len(r.Passages) == 0 {
		t.Fatalf("Answer with scope %s found nothing", d.ID)
	}
	for _, p := range r.Passages {
		if p.Citation.DocID != d.ID {
			t.Errorf("Answer with scope %s returned a passage of %s", d.ID, p.Citation.DocID)
		}
	}
	if r := mustAnswer(t, ix, Query{Text: d.Title, Scope: []string{"nowhere/"}}); len(r.Passages) != 0 {
		t.Errorf("Answer with an empty scope returned %d passages", len(r.Passages))
	}
}
