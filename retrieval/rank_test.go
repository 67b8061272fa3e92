package retrieval

import (
	"slices"
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

// TestQuestionTerms checks the weights and passage counts of a question's terms: the
// text field holds each passage's title and heading with its text.
func TestQuestionTerms(t *testing.T) {
	ix := mustOpen(t, t.TempDir(), testCorpus(testDocs()), Options{})
	q, err := ix.question("Sturgeon fishing, gas and IL-6")
	if err != nil {
		t.Fatal(err)
	}
	p := DefaultParams().Query
	got := map[string]analysis.QueryTerm{}
	for _, t := range q.Terms {
		got[t.Term] = t
	}
	for _, tc := range []struct {
		term   string
		df     int
		weight float64
	}{
		{"sturgeon", 3, 1},         // in the title of the three Caspian passages
		{"fish", 2, 1},             // a heading and a text, in the same two passages
		{"ga", 2, 1},               // the heading of two passages ("gas", stemmed)
		{"il6", 0, p.JoinedWeight}, // the joined form of IL-6
	} {
		if g := got[tc.term]; g.DF != tc.df || g.Weight != tc.weight {
			t.Errorf("question: %q in %d passages at weight %g; want %d at %g", tc.term, g.DF, g.Weight, tc.df, tc.weight)
		}
	}
	for _, t2 := range q.Terms {
		word := q.Terms[t2.Of]
		if t2.Kind == analysis.Expansion && word.DF >= p.ExpandBelowDF && t2.Weight != p.CommonExpansionWeight {
			t.Errorf("question: %q expands %q, held by %d passages, at weight %g; want %g",
				t2.Term, word.Term, word.DF, t2.Weight, p.CommonExpansionWeight)
		}
		if t2.Derived() && t2.Credit != p.DerivedCredit {
			t.Errorf("question: %q has credit %g; want %g", t2.Term, t2.Credit, p.DerivedCredit)
		}
	}
}

// TestRankQuery checks when common terms only add to passages matching a rarer one.
func TestRankQuery(t *testing.T) {
	base := []analysis.QueryTerm{
		{Term: "caviar", Weight: 1, Of: 0},
		{Term: "sea", Weight: 1, Of: 1},
		{Term: "typo", Weight: 1, Of: 2},
		{Term: "roe", Weight: 0.3, Of: 0, Kind: analysis.Expansion},
		{Term: "fix", Weight: 0.3, Of: 2, Kind: analysis.Expansion},
		{Term: "unranked", Weight: 0, Of: 1, Kind: analysis.Expansion},
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
			terms := slices.Clone(base)
			for i := range terms {
				terms[i].DF = tc.df[terms[i].Term]
			}
			q := rankQuery(&analysis.Question{Terms: terms, Words: 3}, tc.n)
			bq, split := q.(*query.BooleanQuery)
			if split != tc.split {
				t.Fatalf("rankQuery = %T; want split %v", q, tc.split)
			}
			if !split {
				// every term with a weight; "unranked" only counts as evidence
				if dq, ok := q.(*query.DisjunctionQuery); !ok || len(dq.Disjuncts) != len(terms)-1 {
					t.Errorf("rankQuery = %T; want a disjunction of the %d weighted terms", q, len(terms)-1)
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
