package analysis

import (
	"reflect"
	"testing"
)

func TestSplitWord(t *testing.T) {
	v := NewVocabulary(testVocabulary)
	tests := []struct {
		word string
		want []string
	}{
		{"centralasia", []string{"central", "asia"}},
		{"CentralAsia", []string{"central", "asia"}},
		{"databases", nil}, // the corpus has "databas" itself
		{"azerbaijan", nil},
		{"alot", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, m := range v.SplitWord(tt.word) {
			got = append(got, m.Term)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitWord(%q) = %q; want %q", tt.word, got, tt.want)
		}
	}
}

func TestJoinWords(t *testing.T) {
	v := NewVocabulary(testVocabulary)
	if m, ok := v.JoinWords("data", "bases"); !ok || m.Term != "databas" {
		t.Errorf("JoinWords(data, bases) = %v, %v; want databas", m, ok)
	}
	if m, ok := v.JoinWords("central", "asia"); ok {
		t.Errorf("JoinWords(central, asia) = %v; want none", m)
	}
}
