package bot

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/retrievaltest"
)

type followUpCase struct {
	Question string `json:"question"`
	FollowUp string `json:"followup"`
	Doc      string `json:"doc"`
	Gold     string `json:"gold"` // text of the gold passage
}

func loadFollowUps(t *testing.T) []followUpCase {
	t.Helper()
	f, err := os.Open("testdata/followups.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []followUpCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c followUpCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("followups.jsonl: %v", err)
		}
		out = append(out, c)
	}
	return out
}

func hitAt1(res retrieval.Result, c followUpCase) bool {
	return !res.NoAnswer && len(res.Passages) > 0 && res.Passages[0].Citation.DocID == c.Doc &&
		strings.Contains(res.Passages[0].Text, c.Gold)
}

// TestFollowUpCompletion measures hit@1 of follow-ups on the bundled corpus asked alone,
// completed with the previous question's words, and answered in context (completion
// plus the cited document), and requires context to help.
func TestFollowUpCompletion(t *testing.T) {
	if testing.Short() {
		t.Skip("queries the bundled index")
	}
	ix := retrievaltest.BundledIndex(t)
	ctx := context.Background()
	ask := func(ctx context.Context, q retrieval.Query) (retrieval.Result, error) { return ix.Answer(ctx, q) }
	cases := loadFollowUps(t)
	var alone, carried, inContext int
	for _, c := range cases {
		prev, err := ask(ctx, retrieval.Query{Text: c.Question, K: 3})
		if err != nil {
			t.Fatal(err)
		}
		conv := conversation{Question: c.Question, Cited: topDoc(prev)}
		a, _ := ask(ctx, retrieval.Query{Text: c.FollowUp, K: 3})
		q, _ := completeFollowUp(c.Question, c.FollowUp)
		b, _ := ask(ctx, retrieval.Query{Text: q, K: 3})
		r, st, err := answerInContext(ctx, ask, conv, c.FollowUp, 3)
		if err != nil {
			t.Fatal(err)
		}
		ha, hb, hr := hitAt1(a, c), hitAt1(b, c), hitAt1(r, c)
		alone, carried, inContext = alone+b2i(ha), carried+b2i(hb), inContext+b2i(hr)
		t.Logf("%-45q alone %v, completed %v, in context %v (asked %q in %q; prev cited %s)", c.FollowUp, ha, hb, hr, st.Question, st.DocID, conv.Cited)
	}
	n := len(cases)
	t.Logf("hit@1 over %d follow-ups: alone %d (%.0f%%), completed %d (%.0f%%), in context %d (%.0f%%)",
		n, alone, pct(alone, n), carried, pct(carried, n), inContext, pct(inContext, n))
	if inContext <= alone {
		t.Errorf("follow-ups in context hit %d of %d; alone %d: context should help", inContext, n, alone)
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func pct(a, n int) float64 { return 100 * float64(a) / float64(max(n, 1)) }

func TestCompleteFollowUp(t *testing.T) {
	for _, tc := range []struct {
		name, prev, next, want string
		carried                bool
	}{
		{"elliptical", "Why is Azerbaijan moving closer to Israel?", "and with Iran?", "and with Iran? azerbaijan moving closer israel", true},
		{"pronoun only", "Who wrote the article on Afghanistan-Azerbaijan relations?", "when was that?", "when was that? wrote article afghanistan-azerbaijan relations", true},
		{"stands alone", "Why is Azerbaijan moving closer to Israel?", "What did Aliyev say about drug trafficking in Karabakh?", "What did Aliyev say about drug trafficking in Karabakh?", false},
		{"no previous", "", "who wrote it", "who wrote it", false},
		{"nothing new to carry", "Iran?", "and Iran?", "and Iran?", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, carried := completeFollowUp(tc.prev, tc.next)
			if got != tc.want || carried != tc.carried {
				t.Errorf("completeFollowUp(%q, %q) = %q, %v; want %q, %v", tc.prev, tc.next, got, carried, tc.want, tc.carried)
			}
		})
	}
}
