package analysis

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func term(t *testing.T, word string) string {
	t.Helper()
	ts := Tokens(word)
	if len(ts) != 1 {
		t.Fatalf("Tokens(%q) = %v; want one term", word, ts)
	}
	return ts[0].Term
}

func TestExpand(t *testing.T) {
	tests := []struct {
		word string
		want []string // words whose terms must be among the expansions
	}{
		{"acknowledge", []string{"recognize"}},   // synonym
		{"recognized", []string{"acknowledged"}}, // synonym, any inflection
		{"recognition", []string{"recognize"}},   // derivation
		{"Azeri", []string{"Azerbaijan", "Azerbaijani"}},
		{"Azerbaijani", []string{"Azerbaijan", "Azeri"}},
		{"landmines", []string{"land", "mine"}}, // closed compound
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			k := term(t, tt.word)
			got := Expand(k)
			for _, w := range tt.want {
				if !slices.Contains(got, term(t, w)) {
					t.Errorf("Expand(%q) = %q; want it to hold %q (%q)", k, got, term(t, w), w)
				}
			}
			if slices.Contains(got, k) {
				t.Errorf("Expand(%q) = %q holds the term itself", k, got)
			}
		})
	}
	for _, k := range []string{"", "zzzqqq", "the"} {
		if got := Expand(k); got != nil {
			t.Errorf("Expand(%q) = %q; want nil", k, got)
		}
	}
}

func TestLexiconWellFormed(t *testing.T) {
	lx := Default().lexicon()
	if len(lx.keys) < 10000 {
		t.Fatalf("lexicon has %d terms; want a full WordNet lexicon", len(lx.keys))
	}
	if !slices.IsSorted(lx.keys) {
		t.Error("lexicon terms are not sorted")
	}
	for i, k := range lx.keys {
		vs := strings.Fields(lx.vals[i])
		if len(vs) == 0 || len(vs) > 16 || slices.Contains(vs, k) {
			t.Fatalf("lexicon %q → %q: want 1..16 related terms other than itself", k, vs)
		}
	}
}

// TestLexiconStemmer fails when the default stemmer changed without regenerating the
// lexicon (go generate ./retrieval/analysis).
func TestLexiconStemmer(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(lexiconGz))
	if err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 512)
	n, _ := io.ReadFull(zr, head)
	if want := "# stemmer=" + string(DefaultStemmer) + "\n"; !strings.Contains(string(head[:n]), want) {
		t.Errorf("lexicon header %q lacks %q: regenerate it", head[:n], want)
	}
}

func TestExpandOtherStemmer(t *testing.T) {
	a, err := New(Options{Stemmer: Snowball})
	if err != nil {
		t.Fatal(err)
	}
	k := a.Tokens("Azeri")[0].Term
	if got, want := a.Expand(k), a.Tokens("Azerbaijan")[0].Term; !slices.Contains(got, want) {
		t.Errorf("snowball Expand(%q) = %q; want it to hold %q", k, got, want)
	}
}

// TestLexiconUpToDate regenerates the lexicon, the irregular forms and the spelling
// variants from WordNet, when installed, and compares.
func TestLexiconUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("regenerating the lexicon takes seconds")
	}
	if _, err := os.Stat("/usr/share/wordnet/data.noun"); err != nil {
		t.Skip("WordNet is not installed (apt-get install wordnet-base)")
	}
	dir := t.TempDir()
	out, irregular, spelling := filepath.Join(dir, "lexicon.txt.gz"), filepath.Join(dir, "irregular.txt"), filepath.Join(dir, "spelling.txt")
	cmd := exec.Command("go", "run", "./internal/wordnetgen", "-wordnet", "/usr/share/wordnet", "-out", out, "-irregular", irregular, "-spelling", spelling)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wordnetgen: %v\n%s", err, b)
	}
	got, want := gunzip(t, out), gunzip(t, "lexicon.txt.gz")
	if !bytes.Equal(got, want) {
		t.Error("lexicon.txt.gz differs from what internal/wordnetgen generates: run go generate ./retrieval/analysis")
	}
	gotIrr, err := os.ReadFile(irregular)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gotIrr, []byte(irregularTxt)) {
		t.Error("irregular.txt differs from what internal/wordnetgen generates: run go generate ./retrieval/analysis")
	}
	gotSpelling, err := os.ReadFile(spelling)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gotSpelling, []byte(spellingTxt)) {
		t.Error("spelling.txt differs from what internal/wordnetgen generates: run go generate ./retrieval/analysis")
	}
}

func gunzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// BenchmarkLoadLexicon measures the first Expand's cost (decompress and index).
func BenchmarkLoadLexicon(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseLexicon(lexiconGz, Default()); err != nil {
			b.Fatal(err)
		}
	}
}
