package retrieval_test

import (
	"context"
	"testing"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/eval"
)

// sciFact is the shared SciFact training split; the test skips without it.
const sciFact = "../../shared/bench/scifact"

// TestSciFactTrain holds the ranking's quality on SciFact's training split, the split the
// ranking was tuned on (docs/retrieval.md), a little below what it measures there
// (nDCG@10 0.7055, recall@100 0.9334), so that a change that costs ranking quality fails
// here and not only in a benchmark nobody ran. It measures quality, never time.
func TestSciFactTrain(t *testing.T) {
	requireShared(t, sciFact)
	if testing.Short() {
		t.Skip("indexes 5,183 abstracts and runs 809 queries")
	}
	set, err := eval.LoadBEIR(eval.BEIRFiles{Dir: sciFact})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ix := openShared(t, func(o corpus.Options) (*corpus.Corpus, error) { return corpus.LoadDir(ctx, sciFact, o) })
	rep, err := eval.EvaluateBEIR(ctx, set, func(ctx context.Context, q string) (retrieval.Result, error) {
		return ix.Answer(ctx, retrieval.Query{Text: q, K: retrieval.MaxK, NoMatches: true, OnePerDocument: true})
	}, eval.BEIROptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(rep.Summary())
	if rep.NDCG10 < 0.70 || rep.Recall100 < 0.93 {
		t.Errorf("SciFact train below the bar (nDCG@10 ≥ 0.70, recall@100 ≥ 0.93): %s", rep.Summary())
	}
}
