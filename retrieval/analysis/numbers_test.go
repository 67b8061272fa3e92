package analysis

import (
	"reflect"
	"testing"
)

func TestNumberTerms(t *testing.T) {
	term := func(w string) string { return Tokens(w)[0].Term }
	tests := []struct {
		word string
		want []string // as words, analysed before comparing
	}{
		{"three", []string{"3"}},
		{"3", []string{"three"}},
		{"twenty", []string{"20"}},
		{"20", []string{"twenty"}},
		{"one", []string{"1"}},
		{"zero", []string{"0"}},
		{"hundred", []string{"100"}},
		{"1,000", []string{"thousand"}},
		{"first", []string{"1st"}},
		{"1st", []string{"first"}},
		{"twentieth", []string{"20th"}},
		{"22nd", nil}, // compound numbers are not covered
		{"ninety", []string{"90"}},
		{"12th", []string{"twelfth"}},
		{"million", nil},
		{"azerbaijan", nil},
	}
	for _, tt := range tests {
		var want []string
		for _, w := range tt.want {
			want = append(want, term(w))
		}
		if got := NumberTerms(term(tt.word)); !reflect.DeepEqual(got, want) {
			t.Errorf("NumberTerms(term of %q) = %q; want %q", tt.word, got, want)
		}
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 100: "100th", 1000: "1000th"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q; want %q", n, got, want)
		}
	}
}
