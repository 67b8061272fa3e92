package retrieval

import (
	"fmt"
	"testing"

	"github.com/docent-bot/docent/corpus"
)

// TestRescoreFields checks what BM25 rescoring reads besides a passage's text: two
// passages with the same text rank by their document's title and authors.
func TestRescoreFields(t *testing.T) {
	text := "Caviar exports fell after the moratorium on sturgeon fishing."
	docs := []corpus.Document{
		{ID: "a.txt", Title: "Notes from Astrakhan", Authors: []string{"John Smith"}, Paragraphs: []corpus.Paragraph{{N: 1, Text: text}}},
		{ID: "b.txt", Title: "Caviar markets", Authors: []string{"Ana Silva"}, Paragraphs: []corpus.Paragraph{{N: 1, Text: text}}},
		{ID: "c.txt", Title: "Other things", Paragraphs: []corpus.Paragraph{{N: 1, Text: "Rivers of the Caucasus carry silt."}}},
	}
	ix := mustOpen(t, "", testCorpus(docs), Options{})
	for _, tc := range []struct{ question, want string }{
		{"caviar exports", "b.txt"},                               // title word
		{"sturgeon moratorium, according to John Smith", "a.txt"}, // author named
		{"sturgeon moratorium, according to Ana Silva", "b.txt"},
	} {
		r := mustAnswer(t, ix, Query{Text: tc.question, K: 2})
		if len(r.Passages) != 2 {
			t.Fatalf("Answer(%q) gave %d passages; want 2", tc.question, len(r.Passages))
		}
		if got := r.Passages[0].Citation.DocID; got != tc.want {
			t.Errorf("Answer(%q) ranks %s first (scores %.3f, %.3f); want %s", tc.question, got,
				r.Passages[0].Score, r.Passages[1].Score, tc.want)
		}
	}
}

// TestRescoreDepthEdge checks that passages past the rescored depth keep ranking below
// the rescored ones, with scores that never rise down the ranking.
func TestRescoreDepthEdge(t *testing.T) {
	var paras []corpus.Paragraph
	for n := 1; n <= DefaultParams().RescoreDepth+150; n++ {
		// varying length and counts give every passage a different score
		paras = append(paras, corpus.Paragraph{N: n, Text: fmt.Sprintf("Sturgeon %d %s.", n,
			repeat("sturgeon caviar ", n%7)+repeat("silt ", n%11))})
	}
	var other []corpus.Paragraph
	for n := 1; n <= 3000; n++ {
		other = append(other, corpus.Paragraph{N: n, Text: fmt.Sprintf("Mountain %d has snow.", n)})
	}
	ix := mustOpen(t, "", testCorpus([]corpus.Document{
		{ID: "s.txt", Title: "Rivers", Paragraphs: paras},
		{ID: "m.txt", Title: "Mountains", Paragraphs: other},
	}), Options{})
	prev := -1.0
	for off := 0; off < DefaultParams().RescoreDepth+150; off += MaxK {
		r := mustAnswer(t, ix, Query{Text: "sturgeon caviar", K: MaxK, Offset: off, NoMatches: true})
		for _, p := range r.Passages {
			if prev >= 0 && p.Score > prev {
				t.Fatalf("rank %d scores %.4f, above rank %d's %.4f", p.Rank, p.Score, p.Rank-1, prev)
			}
			prev = p.Score
		}
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

// TestTitleWordRanks checks that a word found only in a document's title finds its passages.
func TestTitleWordRanks(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	r := mustAnswer(t, ix, Query{Text: "religious", K: 5})
	if len(r.Passages) != 2 {
		t.Fatalf("Answer(%q) = %d passages; want the 2 of groups.txt", "religious", len(r.Passages))
	}
	for _, p := range r.Passages {
		if p.Citation.DocID != "groups.txt" {
			t.Errorf("Answer(%q) ranks %s; want only groups.txt", "religious", p.ID)
		}
	}
}
