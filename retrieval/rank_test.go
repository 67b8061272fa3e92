package retrieval

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// TestOpenSetsBM25 checks that opening an index sets bleve's BM25 parameters to the
// measured ones.
func TestOpenSetsBM25(t *testing.T) {
	mustOpen(t, t.TempDir(), testCorpus(testDocs()), Options{})
	if search.BM25_k1 != analysis.BM25K1 || search.BM25_b != analysis.BM25B {
		t.Errorf("bleve BM25 k1, b = %g, %g; want %g, %g", search.BM25_k1, search.BM25_b, analysis.BM25K1, analysis.BM25B)
	}
}

// TestRankTerms checks the weights and passage counts of a question's ranking terms:
// the text field holds each passage's title and heading with its text.
func TestRankTerms(t *testing.T) {
	ix := mustOpen(t, t.TempDir(), testCorpus(testDocs()), Options{})
	terms, df, err := ix.rankTerms(context.Background(), "Sturgeon fishing, gas and IL-6")
	if err != nil {
		t.Fatal(err)
	}
	weights := map[string]float64{}
	for _, q := range terms {
		weights[q.Term] = q.Weight
	}
	for _, tc := range []struct {
		term   string
		df     int
		weight float64
	}{
		{"sturgeon", 3, 1},                // in the title of the three Caspian passages
		{"fish", 2, 1},                    // a heading and a text, in the same two passages
		{"ga", 2, 1},                      // the heading of two passages ("gas", stemmed)
		{"il6", 0, analysis.JoinedWeight}, // the joined form of IL-6
	} {
		if df[tc.term] != tc.df || weights[tc.term] != tc.weight {
			t.Errorf("rankTerms: %q in %d passages at weight %g; want %d at %g",
				tc.term, df[tc.term], weights[tc.term], tc.df, tc.weight)
		}
	}
	for _, q := range terms {
		if q.Expansion && df[terms[q.Of].Term] >= analysis.ExpandBelowDF {
			t.Errorf("rankTerms: %q expands %q, held by %d passages", q.Term, terms[q.Of].Term, df[terms[q.Of].Term])
		}
	}
}

// TestRankQuery checks when common terms only add to passages matching a rarer one.
func TestRankQuery(t *testing.T) {
	terms := []analysis.QueryTerm{
		{Term: "caviar", Weight: 1, Of: 0},
		{Term: "sea", Weight: 1, Of: 1},
		{Term: "roe", Weight: analysis.ExpansionWeight, Of: 0, Expansion: true},
		{Term: "typo", Weight: 1, Of: 3},
		{Term: "fix", Weight: analysis.ExpansionWeight, Of: 3, Expansion: true},
	}
	for _, tc := range []struct {
		name  string
		df    map[string]int
		n     int
		split bool
	}{
		{"small index", map[string]int{"caviar": 10, "sea": 900, "roe": 5, "fix": 3}, splitMinPassages - 1, false},
		{"common word", map[string]int{"caviar": 10, "sea": 900, "roe": 5, "fix": 3}, splitMinPassages, true},
		{"only rare words", map[string]int{"caviar": 10, "sea": 20, "fix": 3}, splitMinPassages, false},
		{"only common words", map[string]int{"caviar": 600, "sea": 900}, splitMinPassages, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := rankQuery(terms, tc.df, tc.n)
			bq, split := q.(*query.BooleanQuery)
			if split != tc.split {
				t.Fatalf("rankQuery = %T; want split %v", q, tc.split)
			}
			if !split {
				if dq, ok := q.(*query.DisjunctionQuery); !ok || len(dq.Disjuncts) != len(terms) {
					t.Errorf("rankQuery = %T; want a disjunction of all %d terms", q, len(terms))
				}
				return
			}
			must := bq.Must.(*query.ConjunctionQuery).Conjuncts[0].(*query.DisjunctionQuery)
			var rare []string
			for _, d := range must.Disjuncts {
				rare = append(rare, d.(*query.TermQuery).Term)
			}
			// "fix" stands in for "typo", which no passage holds; "roe" only adds to "caviar"
			if want := []string{"caviar", "fix"}; !slicesEqual(rare, want) {
				t.Errorf("rankQuery rare terms = %q; want %q", rare, want)
			}
		})
	}
}

// TestTitleWordRanks checks that a word found only in a document's title finds its passages.
func TestTitleWordRanks(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	r := mustAnswer(t, ix, Query{Text: "religious", K: 5})
	if len(r.Passages) != 2 {
		t.Fatalf("Answer(%q) = %d passages; want the 2 of groups.txt", "religious", len(r.Passages))
	}
	for _, p := range r.Passages {
		if p.Citation.DocID != "groups.txt" {
			t.Errorf("Answer(%q) ranks %s; want only groups.txt", "religious", p.ID)
		}
	}
}
