package analysis

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzQuestion runs question analysis, vocabulary matching, the answer type and the
// sentence features on arbitrary text: nothing panics, every derived term stands for a
// word of the question, and the features stay in [0,1].
func FuzzQuestion(f *testing.F) {
	for _, s := range []string{
		"How many deminers did ANAMA train in Afghanistan?", "whats the populaton of centralasia",
		"three rivers and 3 bridges", "IL-6 IL-6 il6", "A–A", "the-of and-the", "", "???", "why", "who's the author", "\xff\xfe",
		"Hüseynçilər: what year", strings.Repeat("a ", 200), "data base 1st twentieth",
	} {
		f.Add(s)
	}
	v := NewVocabulary(map[string]int{"azerbaijan": 40, "3": 12, "central": 5, "asia": 7, "databas": 2,
		"popul": 9, "river": 4, "three": 2, "deminer": 3})
	p := QueryParams{JoinedWeight: 0.2, ExpansionWeight: 0.3, ExpandBelowDF: 3, CommonExpansionWeight: 0.05,
		DerivedCredit: 0.5, NumberWeight: 1, FuzzyWeight: 0.7, FuzzyCredit: 0.5, SplitWeight: 0.5}
	f.Fuzz(func(t *testing.T, s string) {
		q := NewQuestion(s, p, 100, v.DF)
		q.MatchVocabulary(v, p)
		if q.Words > len(q.Terms) {
			t.Fatalf("%d words but %d terms", q.Words, len(q.Terms))
		}
		seen := map[string]bool{}
		for i, qt := range q.Terms {
			if seen[qt.Term] {
				t.Fatalf("term %q twice", qt.Term)
			}
			seen[qt.Term] = true
			if qt.Of < 0 || qt.Of >= q.Words || (i < q.Words) != (qt.Kind == Word) || qt.Credit < 0 || qt.Credit > 1 {
				t.Fatalf("term %d = %+v of %d words", i, qt, q.Words)
			}
		}
		typ := QuestionType(s)
		if !utf8.ValidString(s) {
			return
		}
		want := map[string]bool{}
		for _, qt := range q.Terms {
			want[qt.Term] = true
		}
		af := AnswerFeatures(typ, want, s)
		for _, x := range []float64{af.TypeMatch, af.TypePresent, af.Novelty} {
			if x < 0 || x > 1 {
				t.Fatalf("AnswerFeatures(%v, %q) = %+v; want each in [0,1]", typ, s, af)
			}
		}
	})
}
