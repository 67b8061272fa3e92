package main

import (
	"context"
	"fmt"
	"io"

	"github.com/docent-bot/docent/retrieval"
)

// decisionGrid measures, with the fitted ranking as it is, the decision's held-out
// outcomes for several refusal and hedging shares: the figures behind the choice of
// refuseShare and hedgeShare (docs/retrieval.md).
func decisionGrid(ctx context.Context, r *runner, p retrieval.Params, k int, grid []shares, out io.Writer) error {
	samples, err := r.samples(ctx, p)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, "\n| refuse / hedge share | set | kind | n | refused | hedged | caught |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|")
	for _, sh := range grid {
		total := outcomeTable{}
		for f := range k {
			d := fitDecisionShares(filterSamples(samples, except(f)), sh)
			total.add(rates(filterSamples(samples, only(f)), d))
		}
		for _, key := range total.keys() {
			x := total[key]
			fmt.Fprintf(out, "| %.2f / %.2f | %s | %s | %d | %s | %s | %s |\n", sh.refuse, sh.hedge, key[0], key[1], x.n,
				pct(x.refused, x.n), pct(x.hedged, x.n), pct(x.refused+x.hedged, x.n))
		}
	}
	return nil
}
