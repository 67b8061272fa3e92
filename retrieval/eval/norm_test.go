package eval

import "testing"

func TestNormalize(t *testing.T) {
	// Expected values are norm.py's output for the same input.
	tests := []struct{ name, in, want string }{
		{"nbsp", "A\u00a0B", "a b"},
		{"non-breaking hyphen", "post\u2011Soviet", "post-soviet"},
		{"curly double quotes", "\u201cHi\u201d", `"hi"`},
		{"curly apostrophe", "Azerbaijan\u2019s", "azerbaijan's"},
		{"nfkc ligature", "\ufb01ne", "fine"},
		{"white space folded", "  x\n\ty\x1c z ", "x y z"},
		{"dotted capital I", "İstanbul", "i\u0307stanbul"},
		{"final sigma", "ΟΔΟΣ ΣΑ", "οδος σα"},
		{"lone sigma", "Σ", "σ"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}
