package analysis

import (
	"strings"
	"testing"
)

func TestIrregularForms(t *testing.T) {
	tests := []struct {
		form, lemma string
		same        bool // whether the form's term must equal the lemma's
	}{
		{"began", "begin", true},
		{"Began", "begin", true},
		{"took", "take", true},
		{"went", "go", true},
		{"children", "child", true},
		{"mice", "mouse", true},
		{"analyses", "analysis", true},
		{"criteria", "criterion", true},
		// words in their own right stay as they are
		{"found", "find", false},
		{"left", "leave", false},
		{"saw", "see", false},
		{"lay", "lie", false},
		{"ground", "grind", false},
		{"data", "datum", false},
		{"better", "good", false}, // adjectives are not mapped, and "better" is a word of its own
	}
	for _, tt := range tests {
		t.Run(tt.form, func(t *testing.T) {
			f, l := term(t, tt.form), term(t, tt.lemma)
			if (f == l) != tt.same {
				t.Errorf("Tokens(%q) = %q, Tokens(%q) = %q; want same term %v", tt.form, f, tt.lemma, l, tt.same)
			}
		})
	}
}

func TestIrregularKeepsSpanAndOption(t *testing.T) {
	got := Tokens("Children began")
	want := []Token{{Term: "child", Start: 0, End: 8, Pos: 1}, {Term: "begin", Start: 9, End: 14, Pos: 2}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Tokens = %+v; want %+v", got, want)
	}
	a, err := New(Options{NoIrregular: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := terms(a.Tokens("began children")); got[0] == "begin" || got[1] == "child" {
		t.Errorf("NoIrregular Tokens = %q; want the forms unmapped", got)
	}
	// a hyphen part and the joined form are mapped too
	if got := terms(Tokens("re-began")); got[2] != "begin" {
		t.Errorf("Tokens(re-began) = %q; want the part began as begin", got)
	}
}

func TestParseIrregular(t *testing.T) {
	m, err := parseIrregular("# header\nbegan begin\n\nmice mouse\n")
	if err != nil || len(m) != 2 || m["began"] != "begin" || m["mice"] != "mouse" {
		t.Errorf("parseIrregular = %v, %v; want 2 forms", m, err)
	}
	if _, err := parseIrregular("began\n"); err == nil {
		t.Error("parseIrregular accepted a line without a lemma")
	}
	emb, err := irregularForms()
	if err != nil {
		t.Fatal(err)
	}
	if len(emb) < 1000 {
		t.Errorf("embedded table has %d forms; want WordNet's verb and noun exceptions", len(emb))
	}
	for form, lemma := range emb {
		if form == lemma || IsStop(form) || IsStop(lemma) {
			t.Errorf("embedded table maps %q → %q: want distinct non-stop words", form, lemma)
		}
	}
}

// TestIrregularStemmer fails when the default stemmer changed without regenerating
// irregular.txt, whose forms are those the stemmer does not join with their lemma
// (TestLexiconUpToDate compares the whole file with WordNet).
func TestIrregularStemmer(t *testing.T) {
	header := strings.SplitN(irregularTxt, "\n", 3)
	if want := "stemmer=" + string(DefaultStemmer); len(header) < 3 || !strings.HasSuffix(header[1], want) {
		t.Errorf("irregular.txt header %q lacks %q: regenerate it (go generate ./retrieval/analysis)", header[:min(2, len(header))], want)
	}
}
