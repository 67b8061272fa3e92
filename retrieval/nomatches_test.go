package retrieval

import (
	"slices"
	"testing"
)

// TestAnswerNoMatches checks that NoMatches only drops the passages' highlights: the
// ranking, scores, answer sentence and its highlights are the same.
func TestAnswerNoMatches(t *testing.T) {
	ix := mustOpen(t, "", testCorpus(testDocs()), Options{})
	for _, text := range []string{
		"When did the littoral states agree a moratorium on sturgeon fishing?",
		"huseyncilar", "pipeline security in the Caspian region",
	} {
		full := mustAnswer(t, ix, Query{Text: text, K: MaxK})
		bare := mustAnswer(t, ix, Query{Text: text, K: MaxK, NoMatches: true})
		if len(full.Passages) == 0 || len(bare.Passages) != len(full.Passages) {
			t.Fatalf("Answer(%q) gave %d and %d passages", text, len(full.Passages), len(bare.Passages))
		}
		for i, p := range bare.Passages {
			f := full.Passages[i]
			if p.ID != f.ID || p.Score != f.Score || p.Rank != f.Rank {
				t.Errorf("Answer(%q, NoMatches) passage %d = %s %.4f; want %s %.4f", text, i+1, p.ID, p.Score, f.ID, f.Score)
			}
			if p.Matches != nil {
				t.Errorf("Answer(%q, NoMatches) passage %d has matches %v; want none", text, i+1, p.Matches)
			}
		}
		if len(full.Passages[0].Matches) == 0 {
			t.Errorf("Answer(%q) passage 1 has no matches; want highlights by default", text)
		}
		if bare.Answer != full.Answer || !slices.Equal(bare.AnswerMatches, full.AnswerMatches) {
			t.Errorf("Answer(%q, NoMatches) answer = %q %v; want %q %v", text, bare.Answer, bare.AnswerMatches, full.Answer, full.AnswerMatches)
		}
	}
}
