package pdf

import "testing"

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ligatures", "the \ufb01nal \ufb02ow", "the final flow"},
		{"spacing accent before its letter", "Paczy´nski", "Paczyński"},
		{"accent on a dotless i", "Mart´ınez", "Martínez"},
		{"combining accent on a dotless i", "Trávnı\u0301\u010dek", "Trávníček"},
		{"dotless i alone stays", "Işık", "Işık"},
		{"white space and controls", " a \u0002b\t\tc\u00ad ", "a b c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(tt.in); got != tt.want {
				t.Errorf("cleanText(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestJoinHyphenated(t *testing.T) {
	v := vocabOf([]line{
		{text: "the CR-only case and the gamma-ray burst of the well-known port"},
		{text: "attention and based, nonlinear models"},
		{text: "three two-dimensional maps, electron-hole pairs of a particle"},
	})
	tests := []struct{ name, prev, next, want string }{
		{"a word broken at a line end", "Oil extrac-", "tion began", "Oil extraction began"},
		{"a compound the document hyphenates", "a gamma-", "ray burst", "a gamma-ray burst"},
		{"after a quotation mark", "the “CR-", "only” case", "the “CR-only” case"},
		{"after a dash", "and—gamma-", "ray", "and—gamma-ray"},
		{"a capital after the hyphen", "Hodgkin-", "Huxley model", "Hodgkin-Huxley model"},
		{"two words the document uses apart", "attention-", "based models", "attention-based models"},
		{"two words the document uses in other compounds", "three-", "dimensional maps", "three-dimensional maps"},
		{"one word alone, one in another compound", "particle-", "hole pairs", "particle-hole pairs"},
		{"after a digit", "a 3-", "dimensional map", "a 3-dimensional map"},
		{"after a bracket", "the (n+1)-", "forms", "the (n+1)-forms"},
		{"a word the document also runs together", "non-", "linear models", "nonlinear models"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := v.joinHyphenated(tt.prev, tt.next); got != tt.want {
				t.Errorf("joinHyphenated(%q, %q) = %q; want %q", tt.prev, tt.next, got, tt.want)
			}
		})
	}
}
