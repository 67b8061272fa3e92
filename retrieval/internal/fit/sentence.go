package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/eval"
)

// sentenceGroup is one question's candidate answer sentences: their features and which
// are gold.
type sentenceGroup struct {
	fold int
	x    []retrieval.SentenceWeights
	gold []bool
}

// sentenceGroups asks every answerable question of the sentence-judged datasets under p
// and returns the sentences its answer is chosen from.
func (r *runner) sentenceGroups(ctx context.Context, p retrieval.Params) ([]sentenceGroup, error) {
	var out []sentenceGroup
	for _, d := range r.sets {
		if !d.sentences {
			continue
		}
		d.ix.SetParams(p)
		var idx []int
		for i, it := range d.items {
			if it.answerable() && it.gold != nil {
				idx = append(idx, i)
			}
		}
		groups := make([]sentenceGroup, len(idx))
		err := r.parallel(ctx, len(idx), func(j int) error {
			it := d.items[idx[j]]
			q := d.query
			q.Text = it.text
			cands, err := d.ix.SentenceCandidates(ctx, q)
			var qe *retrieval.QueryError
			if err != nil && !errors.As(err, &qe) {
				return fmt.Errorf("%s: %q: %w", d.name, it.text, err)
			}
			g := sentenceGroup{fold: it.fold}
			for _, c := range cands {
				g.x = append(g.x, c.Features)
				g.gold = append(g.gold, eval.SameSentence(c.Text, it.gold))
			}
			groups[j] = g
			return nil
		})
		if err != nil {
			return nil, err
		}
		out = append(out, groups...)
	}
	return out, nil
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// sentenceModelKnob names the answer-sentence model's weights for -knobs.
const sentenceModelKnob = "Sentence.Weights"

// sentenceLambda is the L2 penalty of the answer-sentence model, on standardised features.
const sentenceLambda = 1e-3

// numSentenceFeatures is the number of answer-sentence features.
const numSentenceFeatures = len(retrieval.SentenceWeights{})

// featureMask marks the answer-sentence features a model may weigh.
type featureMask = [numSentenceFeatures]bool

// fitSentenceModel fits the answer-sentence weights on the groups of the chosen folds: a
// conditional logistic regression (the softmax of the weighted features over a question's
// candidates is the probability that each is the answer; the likelihood is that of the
// gold ones), L2-regularised on standardised features, by gradient descent. Questions
// whose candidates are all gold or none teach nothing and are left out. use masks the
// features the model may weigh (nil: all).
func fitSentenceModel(groups []sentenceGroup, in folds, use *featureMask) retrieval.SentenceWeights {
	var rows []sentenceGroup
	for _, g := range groups {
		gold := 0
		for _, y := range g.gold {
			if y {
				gold++
			}
		}
		if in(g.fold) && gold > 0 && gold < len(g.gold) {
			rows = append(rows, g)
		}
	}
	var out retrieval.SentenceWeights
	z, sd, on := standardise(rows, use)
	if len(z) == 0 {
		return out
	}
	w := conditionalLogit(rows, z, on)
	// back to raw features; the softmax ignores the constant the means make
	for j := range out {
		if on[j] {
			out[j] = w[j] / sd[j]
		}
	}
	return out
}

// standardise returns the rows' candidates' features less their mean, over their standard
// deviation, one row after another; the deviations; and the features that vary and may be
// weighed (the others are 0).
func standardise(rows []sentenceGroup, use *featureMask) (z []retrieval.SentenceWeights, sd [numSentenceFeatures]float64, on featureMask) {
	var mean [numSentenceFeatures]float64
	count := 0
	for _, g := range rows {
		for _, x := range g.x {
			for j := range x {
				mean[j] += x[j]
			}
			count++
		}
	}
	if count == 0 {
		return nil, sd, on
	}
	for j := range mean {
		mean[j] /= float64(count)
	}
	for _, g := range rows {
		for _, x := range g.x {
			for j := range x {
				d := x[j] - mean[j]
				sd[j] += d * d
			}
		}
	}
	for j := range sd {
		sd[j] = math.Sqrt(sd[j] / float64(count))
		on[j] = sd[j] > 1e-9 && (use == nil || use[j])
		if !on[j] {
			sd[j] = 1
		}
	}
	z = make([]retrieval.SentenceWeights, 0, count)
	for _, g := range rows {
		for _, x := range g.x {
			var v retrieval.SentenceWeights
			for j := range x {
				if on[j] {
					v[j] = (x[j] - mean[j]) / sd[j]
				}
			}
			z = append(z, v)
		}
	}
	return z, sd, on
}

// conditionalLogit minimises the mean over rows of −log P(gold) + sentenceLambda/2·|w|²
// with Adam, z holding the rows' standardised candidates one row after another.
func conditionalLogit(rows []sentenceGroup, z []retrieval.SentenceWeights, on featureMask) [numSentenceFeatures]float64 {
	const (
		rate   = 0.05
		epochs = 300
		b1, b2 = 0.9, 0.999
	)
	var w, m, v [numSentenceFeatures]float64 // weights and Adam's moments
	for epoch := 1; epoch <= epochs; epoch++ {
		grad := logitGradient(rows, z, &w)
		for j := range w {
			if !on[j] {
				continue
			}
			gj := grad[j]/float64(len(rows)) + sentenceLambda*w[j]
			m[j] = b1*m[j] + (1-b1)*gj
			v[j] = b2*v[j] + (1-b2)*gj*gj
			mh := m[j] / (1 - math.Pow(b1, float64(epoch)))
			vh := v[j] / (1 - math.Pow(b2, float64(epoch)))
			w[j] -= rate * mh / (math.Sqrt(vh) + 1e-8)
		}
	}
	return w
}

// logitGradient is the gradient of the sum over rows of −log P(gold) at w.
func logitGradient(rows []sentenceGroup, z []retrieval.SentenceWeights, w *[numSentenceFeatures]float64) [numSentenceFeatures]float64 {
	var grad [numSentenceFeatures]float64
	s := make([]float64, 0, 64)
	at := 0
	for _, g := range rows {
		s = s[:0]
		top := math.Inf(-1)
		for i := range g.x {
			t := 0.0
			for j := range w {
				t += w[j] * z[at+i][j]
			}
			s = append(s, t)
			top = max(top, t)
		}
		var all, gold float64
		for i := range s {
			s[i] = math.Exp(s[i] - top)
			all += s[i]
			if g.gold[i] {
				gold += s[i]
			}
		}
		for i := range s {
			// d(−log P(gold))/ds_i = p_i − [gold]·s_i/Σgold
			d := s[i] / all
			if g.gold[i] {
				d -= s[i] / gold
			}
			for j := range grad {
				grad[j] += d * z[at+i][j]
			}
		}
		at += len(g.x)
	}
	return grad
}

// featureIndex is the index of the answer-sentence feature called name.
func featureIndex(name string) int {
	for i, n := range retrieval.SentenceFeatureNames {
		if n == name {
			return i
		}
	}
	panic("no answer-sentence feature " + name)
}

// fitSentence fits the answer-sentence model on the train folds' candidates under p and
// keeps it if it chooses the gold sentence more often there than p's weights do.
func fitSentence(ctx context.Context, r *runner, p retrieval.Params, train folds, log io.Writer) (retrieval.Params, error) {
	groups, err := r.sentenceGroupsCached(ctx, p)
	if err != nil || len(groups) == 0 {
		return p, err
	}
	q := p
	q.Sentence.Weights = fitSentenceModel(groups, train, nil)
	before, err := r.sentenceScore(ctx, p, train)
	if err != nil {
		return p, err
	}
	after, err := r.sentenceScore(ctx, q, train)
	if err != nil {
		return p, err
	}
	if after <= before+minGain {
		fmt.Fprintf(log, "  answer-sentence model not kept: %.4f -> %.4f\n", before, after)
		return p, nil
	}
	fmt.Fprintf(log, "  answer-sentence model: %.4f -> %.4f\n", before, after)
	return q, nil
}

// sentenceGroupsCached is sentenceGroups, remembered per Params: every fold's fit starts
// from the same ranking.
func (r *runner) sentenceGroupsCached(ctx context.Context, p retrieval.Params) ([]sentenceGroup, error) {
	key := fmt.Sprintf("%+v", p)
	r.mu.Lock()
	g, ok := r.groups[key]
	r.mu.Unlock()
	if ok {
		return g, nil
	}
	g, err := r.sentenceGroups(ctx, p)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.groups[key] = g
	r.mu.Unlock()
	return g, nil
}
