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
