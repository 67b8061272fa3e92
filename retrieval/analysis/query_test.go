package analysis

import (
	"slices"
	"testing"
)

// testParams are fixed weights, so the test does not move when the fit does.
var testParams = QueryParams{JoinedWeight: 0.2, ExpansionWeight: 0.3, ExpandBelowDF: 3,
	CommonExpansionWeight: 0.05, DerivedCredit: 0.5}

func TestNewQuestion(t *testing.T) {
	type term struct {
		Term   string
		Kind   TermKind
		Weight float64
		Pos    int
		Of     int
	}
	df := func(n int) func(string) int { return func(string) int { return n } }
	tests := []struct {
		name     string
		question string
		df       func(string) int
		words    int
		want     []term
	}{
		{"plain words", "What did ANAMA do in Afghanistan?", df(10), 2, []term{
			{"anama", Word, 1, 3, 0},
			{"afghanistan", Word, 1, 6, 1},
			{"afghan", Expansion, 0.05, 6, 1},
			{"afghani", Expansion, 0.05, 6, 1},
			{"afghanistani", Expansion, 0.05, 6, 1},
		}},
		{"joined form after the words, repeats once", "IL-6 and IL-6", df(10), 2, []term{
			{"il", Word, 1, 1, 0},
			{"6", Word, 1, 2, 1},
			{"il6", Joined, 0.2, 1, 0},
		}},
		{"common words expanded at the common weight", "Azeri landmines", df(3), 2, []term{
			{"azeri", Word, 1, 1, 0},
			{"landmin", Word, 1, 2, 1},
			{"azerbaijan", Expansion, 0.05, 1, 0},
			{"azerbaijani", Expansion, 0.05, 1, 0},
			{"land", Expansion, 0.05, 2, 1},
			{"mine", Expansion, 0.05, 2, 1},
		}},
		{"rare words expanded", "Azeri landmines", df(0), 2, []term{
			{"azeri", Word, 1, 1, 0},
			{"landmin", Word, 1, 2, 1},
			{"azerbaijan", Expansion, 0.3, 1, 0},
			{"azerbaijani", Expansion, 0.3, 1, 0},
			{"land", Expansion, 0.3, 2, 1},
			{"mine", Expansion, 0.3, 2, 1},
		}},
		{"stop words only", "what is it?", nil, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := NewQuestion(tt.question, testParams, 100, tt.df)
			var got []term
			for _, qt := range q.Terms {
				got = append(got, term{qt.Term, qt.Kind, qt.Weight, qt.Pos, qt.Of})
				wantCredit := 1.0
				if qt.Derived() {
					wantCredit = testParams.DerivedCredit
				}
				if qt.Credit != wantCredit {
					t.Errorf("%q: credit %g; want %g", qt.Term, qt.Credit, wantCredit)
				}
				if want := IDF(100, qt.DF); qt.IDF != want {
					t.Errorf("%q: idf %g; want %g", qt.Term, qt.IDF, want)
				}
			}
			if q.Words != tt.words || !slices.Equal(got, tt.want) {
				t.Errorf("NewQuestion(%q) = %d words, %+v; want %d, %+v", tt.question, q.Words, got, tt.words, tt.want)
			}
		})
	}
}

func TestQuestionAdd(t *testing.T) {
	q := NewQuestion("chronic kidney disease", testParams, 10, nil)
	if !q.Add("ckd", Abbreviation, 1, 0.3, 0.5) {
		t.Fatal("Add(ckd) = false; want true")
	}
	if q.Add("ckd", Abbreviation, 0, 0.3, 0.5) || q.Add("kidnei", Fuzzy, 0, 1, 1) {
		t.Error("Add of a term the question holds = true; want false")
	}
	last := q.Terms[len(q.Terms)-1]
	if last.Of != 1 || last.Pos != q.Terms[1].Pos || !q.Has("ckd") {
		t.Errorf("Add(ckd) = %+v; want it to stand for word 1", last)
	}
}

func TestMatchVocabulary(t *testing.T) {
	v := NewVocabulary(map[string]int{"azerbaijan": 40, "3": 12, "central": 5, "asia": 7, "databas": 2, "data": 3})
	p := QueryParams{NumberWeight: 1, FuzzyWeight: 0.7, FuzzyCredit: 0.5, SplitWeight: 0.5}
	df := func(term string) int { return v.DF(term) }
	tests := []struct {
		question string
		want     map[string]TermKind // derived terms added
	}{
		{"azerbajan", map[string]TermKind{"azerbaijan": Fuzzy}},
		{"three rivers", map[string]TermKind{"3": NumberForm}},
		{"centralasia", map[string]TermKind{"central": Fuzzy, "asia": Fuzzy}},
		{"data base", map[string]TermKind{"databas": Fuzzy}},
		{"whats in azerbaijan", nil}, // a casual stop word is dropped, a known word not matched
	}
	for _, tt := range tests {
		q := NewQuestion(tt.question, p, 100, df)
		q.MatchVocabulary(v, p)
		got := map[string]TermKind{}
		for _, qt := range q.Terms[q.Words:] {
			if qt.Kind == Fuzzy || qt.Kind == NumberForm {
				got[qt.Term] = qt.Kind
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("%q: added %v; want %v", tt.question, got, tt.want)
			continue
		}
		for term, kind := range tt.want {
			if got[term] != kind {
				t.Errorf("%q: added %v; want %v", tt.question, got, tt.want)
			}
		}
		for _, qt := range q.Terms[:q.Words] {
			if qt.Term == "what" || qt.Term == "whats" {
				t.Errorf("%q: kept the casual stop word %q", tt.question, qt.Term)
			}
		}
	}
}
