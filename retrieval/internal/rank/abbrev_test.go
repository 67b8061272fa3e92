package rank

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

func TestDefinitions(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []definition
	}{
		{"Progression of chronic kidney disease (CKD) was slow.", []definition{{"chronic kidney disease", "CKD"}}},
		{"Infection with human immunodeficiency virus type 1 (HIV-1) persists.", []definition{{"human immunodeficiency virus type 1", "HIV-1"}}},
		{"The Azerbaijan National Agency for Mine Action (ANAMA) cleared land.", []definition{{"Azerbaijan National Agency for Mine Action", "ANAMA"}}},
		{"levels of messenger RNA (mRNA) rose", []definition{{"messenger RNA", "mRNA"}}},
		// the first letter must start a word: "s" in "kidneys" does not start "sickness"
		{"chronic kidneys (SK)", nil},
		{"a value (see below) and a number (42) and a note (this one)", nil},
		{"unclosed (CKD", nil},
		{"Ümit Ölçer Ünal (ÖÜ) wrote.", []definition{{"Ölçer Ünal", "ÖÜ"}}},
	} {
		if got := definitions(tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("definitions(%q) = %q; want %q", tc.text, got, tc.want)
		}
	}
}

func abbrevDocs() []corpus.Document { return testkit.AbbrevDocs() }

func TestFindAbbrevs(t *testing.T) {
	docs := abbrevDocs()
	a := FindAbbrevs(docs, testCorpus(docs).Passages)
	term := func(s string) string { return analysis.Tokens(s)[0].Term }
	if got, want := a.long[term("CKD")], longTerms("chronic kidney disease"); !slices.Equal(got, want) {
		t.Errorf("CKD's long form = %q; want %q", got, want)
	}
	for _, short := range []string{"AZT", "MP"} {
		if long, ok := a.long[term(short)]; ok {
			t.Errorf("%s has the long form %q; want none (defined once, or two ways)", short, long)
		}
	}
}

func TestAbbrevExpand(t *testing.T) {
	docs := abbrevDocs()
	a := FindAbbrevs(docs, testCorpus(docs).Passages)
	for _, tc := range []struct {
		question string
		added    []string // the terms expand adds, in order
	}{
		{"Does salt speed CKD?", longTerms("chronic kidney disease")},
		{"Does salt speed chronic kidney disease?", []string{analysis.Tokens("CKD")[0].Term}},
		{"Does salt speed ckd?", nil}, // not written as an abbreviation
		{"Does salt speed kidney disease?", nil},
		{"Does CKD cause chronic kidney disease?", nil}, // both forms already asked
	} {
		q := analysis.NewQuestion(tc.question, DefaultParams().Query, 100, nil)
		before := len(q.Terms)
		a.expand(tc.question, q, DefaultParams())
		var added []string
		for _, qt := range q.Terms[before:] {
			added = append(added, qt.Term)
			if qt.Kind != analysis.Abbreviation || qt.Weight >= 1 {
				t.Errorf("expand(%q) added %+v; want an expansion weighted below a question word", tc.question, qt)
			}
		}
		if !slices.Equal(added, tc.added) {
			t.Errorf("expand(%q) added %q; want %q", tc.question, added, tc.added)
		}
	}
}

// TestRankAbbreviation checks that a question using one form of an abbreviation raises
// the passage that uses only the other form: without the abbreviations, the two passages
// below tie and the first in the corpus ranks first.
func TestRankAbbreviation(t *testing.T) {
	docs := append(abbrevDocs(), corpus.Document{ID: "c.txt", Title: "Notes", Paragraphs: []corpus.Paragraph{
		{N: 1, Text: "In dogs, potassium builds up in the blood."},
		{N: 2, Text: "In CKD, potassium builds up in the blood."},
	}})
	e := testEngine(testCorpus(docs))
	p := DefaultParams()
	question := "Does potassium build up in the blood in chronic kidney disease?"
	ranks := func() map[string]int {
		m := map[string]int{}
		for r, id := range rankAll(e, &p, question) {
			m[id] = r + 1
		}
		return m
	}
	with := ranks()
	saved := e.abbr
	e.abbr = nil
	without := ranks()
	e.abbr = saved
	if without["c.txt#2"] < without["c.txt#1"] {
		t.Fatalf("without abbreviations c.txt#2 ranks %d, above c.txt#1 at %d: the test needs it below", without["c.txt#2"], without["c.txt#1"])
	}
	if with["c.txt#2"] > with["c.txt#1"] {
		t.Errorf("c.txt#2 (CKD) ranks %d, below c.txt#1 at %d; want it above", with["c.txt#2"], with["c.txt#1"])
	}
}

// FuzzDefinitions checks that any text, however odd, yields definitions whose short form
// is plausible and whose long form is words of the text (spaces folded, invalid UTF-8
// replaced).
func FuzzDefinitions(f *testing.F) {
	for _, s := range []string{"chronic kidney disease (CKD)", "(ÖÜ) Ü (Ü)", "a (B", "((AB))", "x (\xff\xfeAB)", "İstanbul İzmir (İİ)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		words := strings.Join(strings.Fields(strings.ToValidUTF8(text, "\uFFFD")), " ")
		for _, d := range definitions(text) {
			if !plausibleShort(d.short) || d.long == "" || !strings.Contains(words, d.long) {
				t.Errorf("definitions(%q) gave %q", text, d)
			}
		}
	})
}

// TestUpdateAbbrevsAsFound checks that abbreviations updated from those saved with an
// index, reading only the documents that changed, are those found in the whole corpus.
func TestUpdateAbbrevsAsFound(t *testing.T) {
	para := func(n int, text string) corpus.Paragraph { return corpus.Paragraph{N: n, Text: text} }
	azt := corpus.Document{ID: "b.txt", Title: "Diet", Paragraphs: []corpus.Paragraph{
		para(1, "Salt intake speeds chronic kidney disease (CKD) progression."),
		para(2, "Zidovudine (AZT) is given twice a day."),
	}}
	tests := []struct {
		name   string
		change func(docs []corpus.Document) ([]corpus.Document, []bool)
	}{
		{"nothing", func(docs []corpus.Document) ([]corpus.Document, []bool) {
			return docs, []bool{true, true}
		}},
		{"a definition made a second time", func(docs []corpus.Document) ([]corpus.Document, []bool) {
			return []corpus.Document{docs[0], azt}, []bool{true, false}
		}},
		{"a document removed", func(docs []corpus.Document) ([]corpus.Document, []bool) {
			return docs[:1], []bool{true}
		}},
		{"a document added", func(docs []corpus.Document) ([]corpus.Document, []bool) {
			c := azt
			c.ID = "c.txt"
			return append(docs, c), []bool{true, true, false}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			base := abbrevDocs()
			if err := FindAbbrevs(base, testCorpus(base).Passages).Save(dir); err != nil {
				t.Fatal(err)
			}
			docs, same := tt.change(abbrevDocs())
			c := testCorpus(docs)
			got, err := UpdateAbbrevs(dir, same, c.Documents, c.Passages)
			if err != nil {
				t.Fatal(err)
			}
			want := FindAbbrevs(c.Documents, c.Passages)
			if !reflect.DeepEqual(got.long, want.long) || !reflect.DeepEqual(got.defs, want.defs) {
				t.Errorf("UpdateAbbrevs = %q (%q); want %q (%q)", got.long, got.defs, want.long, want.defs)
			}
		})
	}
	if _, err := UpdateAbbrevs(t.TempDir(), []bool{true, true}, abbrevDocs(), testCorpus(abbrevDocs()).Passages); err == nil {
		t.Error("UpdateAbbrevs from a folder without definitions succeeded")
	}
	// a damaged file of definitions is refused, whatever byte is damaged
	dir := t.TempDir()
	if err := FindAbbrevs(abbrevDocs(), testCorpus(abbrevDocs()).Passages).Save(dir); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(dir, defsFile))
	if err != nil {
		t.Fatal(err)
	}
	for k := range good {
		bad := append([]byte(nil), good...)
		bad[k] ^= 0x04
		if err := os.WriteFile(filepath.Join(dir, defsFile), bad, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := UpdateAbbrevs(dir, []bool{true, true}, abbrevDocs(), testCorpus(abbrevDocs()).Passages); err == nil {
			t.Fatalf("UpdateAbbrevs from definitions with byte %d damaged succeeded", k)
		}
	}
}
