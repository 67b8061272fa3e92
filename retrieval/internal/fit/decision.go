package main

import (
	"math"
	"slices"

	"github.com/docent-bot/docent/retrieval"
)

// sample is one question's evidence for the decision.
type sample struct {
	x      retrieval.Features
	y      bool // the first passage answers it
	set    string
	kind   string
	fold   int
	weight float64
}

// Share of answerable questions the thresholds may refuse and hedge (with refusals) on
// the questions they are fitted on: product choices, not fitted numbers. A wrong refusal
// hides the right passage, so refusals are kept rare; hedging shows the passages anyway.
const (
	refuseShare = 0.01
	hedgeShare  = 0.10
)

// fitDecision fits the logistic model on the samples (weighted, L2-regularised, on
// standardised features) and sets the thresholds from the answerable samples'
// probabilities, each question set counting alike.
func fitDecision(samples []sample) retrieval.DecisionParams {
	const n = len(retrieval.Features{})
	var mean, sd [n]float64
	var wsum float64
	for _, s := range samples {
		for j := range n {
			mean[j] += s.weight * s.x[j]
		}
		wsum += s.weight
	}
	for j := range n {
		mean[j] /= wsum
	}
	for _, s := range samples {
		for j := range n {
			d := s.x[j] - mean[j]
			sd[j] += s.weight * d * d
		}
	}
	for j := range n {
		sd[j] = math.Sqrt(sd[j] / wsum)
		if sd[j] < 1e-9 {
			sd[j] = 1
		}
	}
	z := func(s sample, j int) float64 { return (s.x[j] - mean[j]) / sd[j] }
	var w [n]float64
	var b float64
	const (
		rate   = 0.5
		lambda = 1e-3
		epochs = 400
	)
	for range epochs {
		var gw [n]float64
		var gb float64
		for _, s := range samples {
			t := b
			for j := range n {
				t += w[j] * z(s, j)
			}
			p := 1 / (1 + math.Exp(-t))
			y := 0.0
			if s.y {
				y = 1
			}
			e := s.weight * (p - y)
			for j := range n {
				gw[j] += e * z(s, j)
			}
			gb += e
		}
		for j := range n {
			w[j] -= rate * (gw[j]/wsum + lambda*w[j])
		}
		b -= rate * gb / wsum
	}
	// back to raw features: w·(x−mean)/sd + b
	var d retrieval.DecisionParams
	d.Bias = b
	for j := range n {
		d.Weights[j] = w[j] / sd[j]
		d.Bias -= w[j] * mean[j] / sd[j]
	}
	d.Refuse = answerableQuantile(samples, d, refuseShare)
	d.Hedge = max(d.Refuse, answerableQuantile(samples, d, hedgeShare))
	return d
}

// answerableQuantile is the probability below which share of the answerable samples fall,
// each set's answerable questions weighing alike.
func answerableQuantile(samples []sample, d retrieval.DecisionParams, share float64) float64 {
	type pw struct{ p, w float64 }
	count := map[string]int{}
	for _, s := range samples {
		if s.kind == kindAnswerable {
			count[s.set]++
		}
	}
	var ps []pw
	for _, s := range samples {
		if s.kind == kindAnswerable {
			ps = append(ps, pw{d.Probability(s.x), 1 / float64(count[s.set])})
		}
	}
	if len(ps) == 0 {
		return 0
	}
	slices.SortFunc(ps, func(a, b pw) int {
		switch {
		case a.p < b.p:
			return -1
		case a.p > b.p:
			return 1
		}
		return 0
	})
	var total float64
	for _, x := range ps {
		total += x.w
	}
	var acc float64
	for i, x := range ps {
		acc += x.w
		if acc >= share*total {
			if i == 0 {
				return x.p
			}
			return (ps[i-1].p + x.p) / 2
		}
	}
	return ps[len(ps)-1].p
}

// outcomeRates are the decision's figures on some samples, per set and kind.
type outcomeRates struct {
	n, refused, hedged int
}

func rates(samples []sample, d retrieval.DecisionParams) map[[2]string]*outcomeRates {
	m := map[[2]string]*outcomeRates{}
	for _, s := range samples {
		k := [2]string{s.set, s.kind}
		r := m[k]
		if r == nil {
			r = &outcomeRates{}
			m[k] = r
		}
		r.n++
		p := d.Probability(s.x)
		switch {
		case p < d.Refuse:
			r.refused++
		case p < d.Hedge:
			r.hedged++
		}
	}
	return m
}
