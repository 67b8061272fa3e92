package retrieval

import (
	"testing"
)

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
