package main

import (
	"context"
	"errors"
	"fmt"
	"io"

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
	choices := make([]choiceRow, len(rows))
	for i, g := range rows {
		choices[i] = choiceRow{x: make([][]float64, len(g.x)), gold: g.gold, weight: 1}
		for c := range g.x {
			choices[i].x[c] = g.x[c][:]
		}
	}
	var allowed func(j int) bool
	if use != nil {
		allowed = func(j int) bool { return use[j] }
	}
	var out retrieval.SentenceWeights
	copy(out[:], fitChoice(choices, numSentenceFeatures, allowed, sentenceLambda))
	return out
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
