package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

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
		total := map[[2]string]outcomeRates{}
		for f := range k {
			d := fitDecisionShares(filterSamples(samples, except(f)), sh)
			for key, x := range rates(filterSamples(samples, only(f)), d) {
				t := total[key]
				t.n += x.n
				t.refused += x.refused
				t.hedged += x.hedged
				total[key] = t
			}
		}
		keys := make([][2]string, 0, len(total))
		for key := range total {
			keys = append(keys, key)
		}
		slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
		for _, key := range keys {
			x := total[key]
			fmt.Fprintf(out, "| %.2f / %.2f | %s | %s | %d | %s | %s | %s |\n", sh.refuse, sh.hedge, key[0], key[1], x.n,
				pct(x.refused, x.n), pct(x.hedged, x.n), pct(x.refused+x.hedged, x.n))
		}
	}
	return nil
}
