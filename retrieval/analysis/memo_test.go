package analysis

import (
	"fmt"
	"sync"
	"testing"
	"unicode"
)

// TestMemoSameTerms checks that words answered from the memo get the terms analysis gives
// them, concurrently, for every option set, and that the memo stops growing at memoMax.
func TestMemoSameTerms(t *testing.T) {
	words := []string{"Recognizing", "recognizing", "the", "Hüseynçilər", "don't", "Azerbaijan’s",
		"states'", "1,000", "3.5", "ﬁne", "İsmayıllı", "O’Brien", "running", "RUNNING"}
	for _, o := range []Options{{}, {Stemmer: Snowball}, {ShortStop: true}, {Stemmer: NoStem}} {
		a, err := New(o)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for _, w := range words {
					term, ok := a.term(w)
					want, wantOK := a.termFolded(foldWord(w))
					if term != want || ok != wantOK {
						t.Errorf("%+v: term(%q) = %q, %v; want %q, %v", o, w, term, ok, want, wantOK)
					}
				}
			})
		}
		wg.Wait()
	}
	a, _ := New(Options{Stemmer: NoStem, ShortStop: true, NoJoined: true})
	for i := range memoMax + 10 {
		a.term(fmt.Sprintf("w%d", i))
	}
	if n := int(a.memo.n.Load()); n != memoMax {
		t.Errorf("memo holds %d words, want at most %d", n, memoMax)
	}
}

func TestMemoShared(t *testing.T) {
	a, _ := New(Options{})
	if a.memo != Default().memo {
		t.Error("an Analyzer of the default options does not share Default's memo")
	}
	s, _ := New(Options{Stemmer: Snowball})
	if s.memo == a.memo {
		t.Error("Analyzers of different options share a memo")
	}
}

// TestIsWordRuneASCII checks the ASCII shortcut against the Unicode definition.
func TestIsWordRuneASCII(t *testing.T) {
	for r := rune(0); r < 0x80; r++ {
		want := unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Mn, unicode.Mc)
		if got := isWordRune(r); got != want {
			t.Errorf("isWordRune(%q) = %v, want %v", r, got, want)
		}
		if isHan(r) {
			t.Errorf("isHan(%q)", r)
		}
	}
	if !isHan('漢') || isHan('ə') {
		t.Error("isHan wrong outside ASCII")
	}
}

// TestMemoSharedWithBleve checks that the analyzer bleve makes from an index mapping, whose
// options name the default stemmer (bleveindex's TestAnalyzerConfig), shares Default's memo.
func TestMemoSharedWithBleve(t *testing.T) {
	if a, _ := New(Options{Stemmer: DefaultStemmer}); a.memo != Default().memo {
		t.Error("the analyzer bleve makes from the mapping does not share Default's memo")
	}
}

// BenchmarkTokensParallel analyses the bundled corpus from every core at once, as bleve's
// indexing workers and docent's own analysis do while an index opens: the memo must not
// make them wait on each other.
func BenchmarkTokensParallel(b *testing.B) {
	texts, n := BundledTexts(b)
	a := Default()
	b.SetBytes(int64(n))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			for _, t := range texts {
				a.Tokens(t)
			}
		}
	})
}
