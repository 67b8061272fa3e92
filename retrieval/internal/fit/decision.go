package main

import (
	"math"
	"slices"
	"strings"

	"github.com/docent-bot/docent/retrieval"
)

// sample is one question's evidence for the decision.
type sample struct {
	x      retrieval.Features
	y      bool // the first passage answers it
	shown  bool // a passage that answers it is among the first shownPassages
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
	hedgeShare  = 0.25
)

// shownPassages is how many passages a member sees by default (retrieval.DefaultK): a
// refusal is wrong when it hides an answering passage among them.
const shownPassages = 3

// shares are the refusal and hedging shares a decision fit aims at.
type shares struct{ refuse, hedge float64 }

var defaultShares = shares{refuseShare, hedgeShare}

// fitDecision fits the decision's two logistic models on the samples and sets their
// thresholds from the answerable samples' probabilities.
func fitDecision(samples []sample) retrieval.DecisionParams {
	return fitDecisionShares(samples, defaultShares)
}

// fitDecisionShares is fitDecision with other shares. The answer model learns whether the
// first passage answers, from every sample; the topic model whether the question is
// answerable at all, from all but the adversarial ones (on topic by construction, and
// unanswerable). Hedge is the answer model's probability below which sh.hedge of the
// answerable samples fall, every set's counting alike; Refuse the topic model's below
// which sh.refuse of each set's answerable samples whose answer would be shown fall, the
// lowest over the sets: a refusal is wrong when it hides the passage that answers.
func fitDecisionShares(samples []sample, sh shares) retrieval.DecisionParams {
	var d retrieval.DecisionParams
	d.Bias, d.Weights = fitLogistic(samples, func(s sample) (bool, float64) { return s.y, s.weight })
	d.TopicBias, d.TopicWeights = fitLogistic(samples, func(s sample) (bool, float64) {
		if s.kind == kindAdversarial {
			return false, 0
		}
		return s.kind == kindAnswerable, s.weight
	})
	d.Hedge = answerableQuantile(samples, d.Probability, sh.hedge)
	d.Refuse = 1.0
	sets := map[string]bool{}
	for _, s := range samples {
		sets[s.set] = true
	}
	for set := range sets {
		var in []sample
		for _, s := range samples {
			if s.set == set {
				in = append(in, s)
			}
		}
		if len(shownOnly(in)) == 0 {
			continue // no answerable question to hide: the set only adds off-topic ones
		}
		if q := answerableQuantile(shownOnly(in), d.OnTopic, sh.refuse); q < d.Refuse {
			d.Refuse = q
		}
	}
	return d
}

// fitLogistic fits a weighted, L2-regularised logistic regression on standardised
// features; label gives each sample's label and weight (0 leaves it out). It returns the
// bias and weights for raw features.
func fitLogistic(samples []sample, label func(sample) (bool, float64)) (float64, [len(retrieval.Features{})]float64) {
	const n = len(retrieval.Features{})
	type row struct {
		x retrieval.Features
		y float64
		w float64
	}
	var rows []row
	var wsum float64
	var mean, sd [n]float64
	for _, s := range samples {
		y, w := label(s)
		if w <= 0 {
			continue
		}
		r := row{x: s.x, w: w}
		if y {
			r.y = 1
		}
		rows = append(rows, r)
		wsum += w
		for j := range n {
			mean[j] += w * s.x[j]
		}
	}
	var out [n]float64
	if wsum == 0 {
		return 0, out
	}
	for j := range n {
		mean[j] /= wsum
	}
	for _, r := range rows {
		for j := range n {
			d := r.x[j] - mean[j]
			sd[j] += r.w * d * d
		}
	}
	for j := range n {
		sd[j] = math.Sqrt(sd[j] / wsum)
		if sd[j] < 1e-9 {
			sd[j] = 1
		}
	}
	var w [n]float64
	var b float64
	const (
		rate   = 0.5
		lambda = 1e-3
		epochs = 400
	)
	z := make([][n]float64, len(rows))
	for i, r := range rows {
		for j := range n {
			z[i][j] = (r.x[j] - mean[j]) / sd[j]
		}
	}
	for range epochs {
		var gw [n]float64
		var gb float64
		for i, r := range rows {
			t := b
			for j := range n {
				t += w[j] * z[i][j]
			}
			e := r.w * (1/(1+math.Exp(-t)) - r.y)
			for j := range n {
				gw[j] += e * z[i][j]
			}
			gb += e
		}
		for j := range n {
			w[j] -= rate * (gw[j]/wsum + lambda*w[j])
		}
		b -= rate * gb / wsum
	}
	// back to raw features: w·(x−mean)/sd + b
	for j := range n {
		out[j] = w[j] / sd[j]
		b -= w[j] * mean[j] / sd[j]
	}
	return b, out
}

// shownOnly keeps the samples whose answering passage would be shown: refusing the
// others hides nothing.
func shownOnly(samples []sample) []sample {
	var out []sample
	for _, s := range samples {
		if s.shown {
			out = append(out, s)
		}
	}
	return out
}

// answerableQuantile is the probability below which share of the answerable samples fall,
// each set's answerable questions weighing alike.
func answerableQuantile(samples []sample, prob func(retrieval.Features) float64, share float64) float64 {
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
			ps = append(ps, pw{prob(s.x), 1 / float64(count[s.set])})
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

// outcomeTable holds outcome rates by set and kind of question.
type outcomeTable map[[2]string]*outcomeRates

// add adds o's counts to t's.
func (t outcomeTable) add(o outcomeTable) {
	for key, r := range o {
		x := t[key]
		if x == nil {
			x = &outcomeRates{}
			t[key] = x
		}
		x.n += r.n
		x.refused += r.refused
		x.hedged += r.hedged
	}
}

// keys lists t's sets and kinds in order.
func (t outcomeTable) keys() [][2]string {
	keys := make([][2]string, 0, len(t))
	for key := range t {
		keys = append(keys, key)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
	return keys
}

func rates(samples []sample, d retrieval.DecisionParams) outcomeTable {
	m := outcomeTable{}
	for _, s := range samples {
		k := [2]string{s.set, s.kind}
		r := m[k]
		if r == nil {
			r = &outcomeRates{}
			m[k] = r
		}
		r.n++
		_, _, refused, hedged := d.Decide(s.x, d.Refuse)
		switch {
		case refused:
			r.refused++
		case hedged:
			r.hedged++
		}
	}
	return m
}
