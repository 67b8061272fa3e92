package analysis

import (
	"strings"
	"testing"
)

func TestSpellingVariants(t *testing.T) {
	tests := []struct {
		british, american string
		same              bool // whether the two must analyse to one term
	}{
		{"tumour", "tumor", true},
		{"Tumours", "tumors", true}, // inflections fold: the map works on stems
		{"anaemia", "anemia", true},
		{"foetal", "fetal", true},
		{"ischaemic", "ischemic", true},
		{"paediatric", "pediatric", true},
		{"randomised", "randomized", true},
		{"randomisation", "randomization", true},
		{"organisation", "organization", true},
		{"organisations", "organizations", true},
		{"behaviour", "behavior", true},
		{"behavioural", "behavioral", true},
		{"centre", "center", true},
		{"centres", "centers", true},
		{"defence", "defense", true},
		{"haematopoietic", "hematopoietic", true},
		{"oesophageal", "esophageal", true},
		{"analysed", "analyzed", true},
		// a British form that is a word of its own beyond the American one stays
		{"prise", "prize", false},
		{"fillet", "filet", false},
		{"daemon", "demon", false},
		// "programmer" shares the stem of "programme": mapping it would fold programmer
		// into program
		{"programme", "program", false},
	}
	for _, tt := range tests {
		t.Run(tt.british, func(t *testing.T) {
			b, a := term(t, tt.british), term(t, tt.american)
			if (b == a) != tt.same {
				t.Errorf("Tokens(%q) = %q, Tokens(%q) = %q; want same term %v", tt.british, b, tt.american, a, tt.same)
			}
		})
	}
}

func TestSpellingOption(t *testing.T) {
	a, err := New(Options{NoSpelling: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := terms(a.Tokens("tumour anaemia")); got[0] == "tumor" || got[1] == "anemia" {
		t.Errorf("NoSpelling Tokens = %q; want the British stems", got)
	}
	// the table is in the default stemmer's stems: another stemmer goes without it
	s, err := New(Options{Stemmer: Snowball})
	if err != nil {
		t.Fatal(err)
	}
	if s.spelling != nil {
		t.Error("a Snowball Analyzer got the Porter spelling table")
	}
	// a hyphen part and the joined form are mapped too
	if got := terms(Tokens("anti-tumour")); got[0] != "antitumor" || got[2] != "tumor" {
		t.Errorf("Tokens(anti-tumour) = %q; want antitumor, anti, tumor", got)
	}
}

func TestSpellingTable(t *testing.T) {
	emb, err := spellingStems()
	if err != nil {
		t.Fatal(err)
	}
	if len(emb) < 500 {
		t.Errorf("embedded table has %d stems; want WordNet's British spellings", len(emb))
	}
	for british, american := range emb {
		if british == american || emb[american] != "" {
			t.Errorf("embedded table maps %q → %q: want distinct stems and no chains", british, american)
		}
	}
}

// TestSpellingStemmer fails when the default stemmer changed without regenerating
// spelling.txt, which holds that stemmer's stems (TestLexiconUpToDate compares the whole
// file with WordNet).
func TestSpellingStemmer(t *testing.T) {
	header := strings.SplitN(spellingTxt, "\n", 3)
	if want := "stemmer=" + string(DefaultStemmer); len(header) < 3 || !strings.HasSuffix(header[1], want) {
		t.Errorf("spelling.txt header %q lacks %q: regenerate it (go generate ./retrieval/analysis)", header[:min(2, len(header))], want)
	}
}
