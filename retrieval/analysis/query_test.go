package analysis

import (
	"slices"
	"testing"
)

func TestQueryTerms(t *testing.T) {
	df := func(n int) func(string) int { return func(string) int { return n } }
	tests := []struct {
		name     string
		question string
		df       func(string) int
		want     []QueryTerm
	}{
		{"plain words", "What did ANAMA do in Afghanistan?", df(10), []QueryTerm{
			{Term: "anama", Weight: 1, Pos: 3, Of: 0},
			{Term: "afghanistan", Weight: 1, Pos: 6, Of: 1},
		}},
		{"joined form weighted down, repeats once", "IL-6 and IL-6 levels", df(10), []QueryTerm{
			{Term: "il6", Weight: JoinedWeight, Pos: 1, Of: 0},
			{Term: "il", Weight: 1, Pos: 1, Of: 1},
			{Term: "6", Weight: 1, Pos: 2, Of: 2},
			{Term: "level", Weight: 1, Pos: 6, Of: 3},
		}},
		{"common words not expanded", "Azeri landmines", df(ExpandBelowDF), []QueryTerm{
			{Term: "azeri", Weight: 1, Pos: 1, Of: 0},
			{Term: "landmin", Weight: 1, Pos: 2, Of: 1},
		}},
		{"rare words expanded", "Azeri landmines", df(0), []QueryTerm{
			{Term: "azeri", Weight: 1, Pos: 1, Of: 0},
			{Term: "landmin", Weight: 1, Pos: 2, Of: 1},
			{Term: "azerbaijan", Weight: ExpansionWeight, Pos: 1, Of: 0, Expansion: true},
			{Term: "azerbaijani", Weight: ExpansionWeight, Pos: 1, Of: 0, Expansion: true},
			{Term: "land", Weight: ExpansionWeight, Pos: 2, Of: 1, Expansion: true},
			{Term: "mine", Weight: ExpansionWeight, Pos: 2, Of: 1, Expansion: true},
		}},
		{"stop words only", "what is it?", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := QueryTerms(tt.question, tt.df); !slices.Equal(got, tt.want) {
				t.Errorf("QueryTerms(%q) = %+v; want %+v", tt.question, got, tt.want)
			}
		})
	}
}
