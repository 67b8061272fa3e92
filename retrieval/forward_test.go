package retrieval

import (
	"context"
	"log/slog"
	"reflect"
	"testing"

	"github.com/docent-bot/docent/corpus"
)

// forwardCorpora are the corpora the forward analysis is checked on: the hand-made one,
// one with awkward text, and the bundled corpus.
func forwardCorpora(t *testing.T) map[string]*corpus.Corpus {
	t.Helper()
	awkward := testDocs()
	awkward = append(awkward, corpus.Document{
		ID: "awkward.txt", Title: "IL-6 and the post‑Soviet 1992–94 O’Brien’s states'", Authors: []string{"Hüseyn Əliyev", "李小龍"},
		Paragraphs: []corpus.Paragraph{
			{N: 1, Heading: "IL-6 levels", Text: "IL-6, 5-HT and 0-dimensional ﬁne Azerbaijan’s 1,000 3.5 漢字 don’t re-\nanalyse."},
			{N: 2, Text: "…"},
		},
	})
	bundled, err := corpus.Load(context.Background(), corpus.Bundled(), corpus.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*corpus.Corpus{"test": testCorpus(testDocs()), "awkward": testCorpus(awkward), "bundled": bundled}
}

func docIndex(c *corpus.Corpus) []int {
	byID := map[string]int{}
	for i, d := range c.Documents {
		byID[d.ID] = i
	}
	docOf := make([]int, len(c.Passages))
	for i, p := range c.Passages {
		docOf[i] = byID[p.DocID]
	}
	return docOf
}

// TestForwardAsAnalysis checks that the analyses kept at Open are exactly what analysing
// each passage again gives: its tokens, and the terms of its heading, title and authors.
func TestForwardAsAnalysis(t *testing.T) {
	for name, c := range forwardCorpora(t) {
		f := newForward(context.Background(), c.Documents, c.Passages)
		docOf := docIndex(c)
		ix := &Index{docs: c.Documents, passages: c.Passages, docOf: docOf}
		for i, p := range c.Passages {
			want := analyze(p.Text)
			if got := f.tokens(i); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("%s: passage %s tokens:\n got %v\nwant %v", name, p.ID, got, want)
			}
			if got, want := f.extraTerms(i, docOf[i]), ix.extraTerms(i); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: passage %s extra terms:\n got %v\nwant %v", name, p.ID, got, want)
			}
		}
	}
}

// TestFoundMeasuresAsAnalysis checks that measure gives the same evidence from the
// question's tokens alone (forward.found, what re-ranking reads) as from the whole
// analysis of a passage. It fails if measure starts reading tokens other than the
// question's: re-ranking would then need the whole analysis.
func TestFoundMeasuresAsAnalysis(t *testing.T) {
	questions := []string{
		"When did the littoral states agree a moratorium on sturgeon fishing?",
		"Which pipeline carries crude oil from the Caspian to the Mediterranean?",
		"IL-6 levels in post-Soviet states", "Who is Leyla Mammadova?", "caviar caviar black markets",
		"What did the mine action agency do in Afghanistan?", "Azerbaijan Iran relations after 1992",
		"nothing matches zzyzx",
	}
	for name, c := range forwardCorpora(t) {
		f := newForward(context.Background(), c.Documents, c.Passages)
		docOf := docIndex(c)
		ix := &Index{docs: c.Documents, passages: c.Passages, docOf: docOf}
		for _, q := range questions {
			terms, err := questionTerms(q)
			if err != nil {
				t.Fatal(err)
			}
			for j := range terms {
				terms[j].IDF = 1 + float64(j%3)/2
			}
			ids := f.lookup(terms)
			for i, p := range c.Passages {
				want := measure(terms, analyze(p.Text), ix.extraTerms(i))
				toks, extra := f.found(&ids, i, docOf[i])
				if got := measure(terms, toks, extra); !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: %q in passage %s:\n got %+v\nwant %+v", name, q, p.ID, got, want)
				}
			}
		}
	}
}

func TestQuestionIDsIndex(t *testing.T) {
	f := &forward{ids: map[string]uint32{}}
	for _, w := range []string{"a", "b", "c"} {
		f.id(w)
	}
	for range 64 { // fill the dictionary so ids share mask bits
		f.id(string(rune('d' + len(f.terms))))
	}
	q := f.lookup([]qterm{{Term: "c"}, {Term: "absent"}, {Term: "a"}})
	tests := []struct {
		id   uint32
		want int
	}{
		{f.ids["a"], 2}, {f.ids["c"], 0}, {f.ids["b"], -1}, {f.ids["a"] + 64, -1}, {0, 2},
	}
	for _, tt := range tests {
		if got := q.index(tt.id); got != tt.want {
			t.Errorf("index(%d) = %d, want %d", tt.id, got, tt.want)
		}
	}
}
