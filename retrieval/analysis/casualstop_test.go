package analysis

import "testing"

func TestIsCasualStop(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"whats", true}, {"hows", true}, {"whos", true}, {"dont", true}, {"theyre", true},
		{"cant", true}, {"im", true}, {"else", true}, {"anyone", true}, {"something", true},
		{"well", false}, {"shell", false}, {"lets", false}, {"ill", false}, {"id", false},
		{"azerbaijan", false},
	}
	for _, tt := range tests {
		toks := Tokens(tt.word)
		if len(toks) != 1 {
			t.Fatalf("Tokens(%q) = %v; want one term", tt.word, toks)
		}
		if got := IsCasualStop(toks[0].Term); got != tt.want {
			t.Errorf("IsCasualStop(%q, from %q) = %v; want %v", toks[0].Term, tt.word, got, tt.want)
		}
	}
}
