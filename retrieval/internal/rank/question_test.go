package rank

import (
	"slices"
	"testing"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// TestQuestionTerms checks the weights and passage counts of a question's terms: the
// text field holds each passage's title and heading with its text.
func TestQuestionTerms(t *testing.T) {
	params := DefaultParams()
	q := testEngine(testCorpus(testDocs())).Question("Sturgeon fishing, gas and IL-6", &params)
	p := params.Query
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

// TestSearchTerms checks when common terms only add to passages matching a rarer one.
func TestSearchTerms(t *testing.T) {
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
			must, optional := SearchTerms(&analysis.Question{Terms: terms, Words: 3}, tc.n)
			if split := len(optional) > 0; split != tc.split {
				t.Fatalf("SearchTerms = %d terms, %d optional; want split %v", len(must), len(optional), tc.split)
			}
			if !tc.split {
				// every term with a weight; "unranked" only counts as evidence
				if len(must) != len(terms)-1 {
					t.Errorf("SearchTerms = %d terms; want the %d weighted terms", len(must), len(terms)-1)
				}
				return
			}
			var rare []string
			for _, qt := range must {
				rare = append(rare, qt.Term)
			}
			// "fix" stands in for "typo", which no passage holds; "roe" only adds to "caviar"
			if want := []string{"caviar", "fix"}; !slices.Equal(rare, want) {
				t.Errorf("SearchTerms rare terms = %q; want %q", rare, want)
			}
		})
	}
}

func TestScaleTail(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cands []Candidate // BM25 is the search's score, Score the rescored one for the first d
		d     int
		want  []float64
	}{
		{"bleve above rescored", []Candidate{{BM25: 9, Score: 2}, {BM25: 8, Score: 3}, {BM25: 6}, {BM25: 4}}, 2, []float64{2, 3, 1.5, 1}},
		{"bleve below rescored", []Candidate{{BM25: 1, Score: 4}, {BM25: 0.5, Score: 5}, {BM25: 0.25}}, 2, []float64{4, 5, 2}},
		{"nothing past the depth", []Candidate{{BM25: 1, Score: 4}}, 1, []float64{4}},
	} {
		scaleTail(tc.cands, tc.d)
		for j, c := range tc.cands {
			if c.Score != tc.want[j] {
				t.Errorf("%s: candidate %d scores %g; want %g", tc.name, j, c.Score, tc.want[j])
			}
		}
	}
}
