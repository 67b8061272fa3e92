package analysis

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func terms(ts []Token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Term
	}
	return out
}

func TestTokensTerms(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"azerbaijani letters", "Hüseynçilər İsmayıllı Şəki Göyçay", []string{"huseyncilar", "ismayilli", "saki", "goycai"}},
		{"accents", "Café Zürich naïve São Paulo Łódź", []string{"cafe", "zurich", "naiv", "sao", "paulo", "lodz"}},
		{"compatibility forms", "ﬁne ＡＢＣ x²", []string{"fine", "abc", "x2"}},
		{"possessive curly", "Azerbaijan’s army", []string{"azerbaijan", "armi"}},
		{"possessive straight", "Azerbaijan's army", []string{"azerbaijan", "armi"}},
		{"plural possessive", "the states' rights", []string{"state", "right"}},
		{"contractions are stop words", "don't isn’t can't", nil},
		{"inner apostrophe kept together", "O’Brien d'Alembert", []string{"obrien", "dalembert"}},
		{"stop words", "What is the role of the agency in it?", []string{"role", "agenc"}},
		{"stemming", "recognizing acknowledged landmines studies", []string{"recogn", "acknowledg", "landmin", "studi"}},
		{"hyphen joined and parts", "0-dimensional", []string{"0dimensional", "0", "dimension"}},
		{"gene names", "IL-6 5-HT", []string{"il6", "il", "6", "5ht", "5", "ht"}},
		{"non-breaking hyphen", "post\u2011Soviet", []string{"postsoviet", "post", "soviet"}},
		{"en dash range", "1992–94", []string{"199294", "1992", "94"}},
		{"stop word part", "state-of-the-art", []string{"stateoftheart", "state", "art"}},
		{"joined equal to part skipped", "x-x", []string{"xx", "x", "x"}},
		{"em dash separates", "war—peace", []string{"war", "peac"}},
		{"decimals and groups", "3.5% of 1,000,000 people in 2020.", []string{"3.5", "1000000", "peopl", "2020"}},
		{"trailing dot and comma", "In 1990, then 1991.", []string{"1990", "1991"}},
		{"han characters", "中文", []string{"中", "文"}},
		{"punctuation only", "... -- ''", nil},
		{"dangling hyphen", "pre- and post-war", []string{"pre", "postwar", "post", "war"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := terms(Tokens(tt.in)); !slices.Equal(got, tt.want) {
				t.Errorf("Tokens(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTokensOffsetsAndPositions(t *testing.T) {
	in := "The Azerbaijan’s IL-6, Hüseynçilər!"
	want := []Token{
		{Term: "azerbaijan", Start: 4, End: 18, Pos: 2}, // ’ is three bytes
		{Term: "il6", Start: 19, End: 23, Pos: 3, Joined: true},
		{Term: "il", Start: 19, End: 21, Pos: 3},
		{Term: "6", Start: 22, End: 23, Pos: 4},
		{Term: "huseyncilar", Start: 25, End: 39, Pos: 5},
	}
	got := Tokens(in)
	if !slices.Equal(got, want) {
		t.Errorf("Tokens(%q) = %+v; want %+v", in, got, want)
	}
	spans := []string{"Azerbaijan’s", "IL-6", "IL", "6", "Hüseynçilər"}
	for i, tk := range got {
		if i < len(spans) && in[tk.Start:tk.End] != spans[i] {
			t.Errorf("token %d spans %q; want %q", i, in[tk.Start:tk.End], spans[i])
		}
	}
}

func TestStemmers(t *testing.T) {
	tests := []struct {
		stemmer Stemmer
		in      string
		want    []string
	}{
		{Porter, "generously dying running", []string{"gener", "dy", "run"}},
		{Snowball, "generously dying running", []string{"generous", "die", "run"}},
		{NoStem, "generously dying running", []string{"generously", "dying", "running"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.stemmer), func(t *testing.T) {
			a, err := New(Options{Stemmer: tt.stemmer})
			if err != nil {
				t.Fatal(err)
			}
			if got := terms(a.Tokens(tt.in)); !slices.Equal(got, tt.want) {
				t.Errorf("%s Tokens(%q) = %q; want %q", tt.stemmer, tt.in, got, tt.want)
			}
		})
	}
	if _, err := New(Options{Stemmer: "lancaster"}); err == nil {
		t.Error(`New(Stemmer "lancaster") succeeded; want an error`)
	}
}

func TestShortStop(t *testing.T) {
	a, err := New(Options{ShortStop: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := terms(a.Tokens("not more than the dose after")), []string{"more", "than", "dose", "after"}; !slices.Equal(got, want) {
		t.Errorf("ShortStop Tokens = %q; want %q", got, want)
	}
}

func TestNoJoined(t *testing.T) {
	a, err := New(Options{NoJoined: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := terms(a.Tokens("IL-6")), []string{"il", "6"}; !slices.Equal(got, want) {
		t.Errorf("NoJoined Tokens(IL-6) = %q; want %q", got, want)
	}
}

func TestFoldAndStop(t *testing.T) {
	for in, want := range map[string]string{"HÜSEYNÇİLƏR": "huseyncilar", "Azerbaijan’s": "azerbaijan", "1,000": "1000", "Straße": "strasse"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q; want %q", in, got, want)
		}
	}
	for in, want := range map[string]bool{"The": true, "DON’T": true, "mine": false} {
		if got := IsStop(in); got != want {
			t.Errorf("IsStop(%q) = %v; want %v", in, got, want)
		}
	}
}

// checkTokens verifies the invariants every analysis must keep.
func checkTokens(t *testing.T, a *Analyzer, text string) {
	t.Helper()
	last := 0
	for _, tk := range a.Tokens(text) {
		if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End {
			t.Fatalf("Tokens(%q): bad span %+v", text, tk)
		}
		if !utf8.ValidString(text[tk.Start:tk.End]) && utf8.ValidString(text) {
			t.Fatalf("Tokens(%q): span %+v splits a rune", text, tk)
		}
		if tk.Term == "" || len(tk.Term) > 4*maxTermBytes {
			t.Fatalf("Tokens(%q): bad term %+v", text, tk)
		}
		if tk.Pos < 1 || tk.Pos < last {
			t.Fatalf("Tokens(%q): position %d after %d", text, tk.Pos, last)
		}
		last = tk.Pos
		// The term is what its own span analyses to.
		if alone := terms(a.Tokens(text[tk.Start:tk.End])); !slices.Contains(alone, tk.Term) {
			t.Fatalf("Tokens(%q): term %q not among %q, the terms of its span %q", text, tk.Term, alone, text[tk.Start:tk.End])
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		"Hüseynçilər and Azerbaijan’s army", "IL-6 5-HT post‑Soviet 1992–94 0-dimensional",
		"3.5% of 1,000", "don't O’Brien states'", "a-'b", "x--y", "1.-2", "中文-x", "\xff\xfe-a",
		strings.Repeat("ab-", 50),
	} {
		f.Add(s)
	}
	a := Default()
	f.Fuzz(func(t *testing.T, s string) { checkTokens(t, a, s) })
}
