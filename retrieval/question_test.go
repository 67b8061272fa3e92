package retrieval

import (
	"slices"
	"testing"

	"github.com/docent-bot/docent/retrieval/analysis"
)

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
			must, optional := searchTerms(&analysis.Question{Terms: terms, Words: 3}, tc.n)
			if split := len(optional) > 0; split != tc.split {
				t.Fatalf("searchTerms = %d terms, %d optional; want split %v", len(must), len(optional), tc.split)
			}
			if !tc.split {
				// every term with a weight; "unranked" only counts as evidence
				if len(must) != len(terms)-1 {
					t.Errorf("searchTerms = %d terms; want the %d weighted terms", len(must), len(terms)-1)
				}
				return
			}
			var rare []string
			for _, qt := range must {
				rare = append(rare, qt.Term)
			}
			// "fix" stands in for "typo", which no passage holds; "roe" only adds to "caviar"
			if want := []string{"caviar", "fix"}; !slicesEqual(rare, want) {
				t.Errorf("searchTerms rare terms = %q; want %q", rare, want)
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
