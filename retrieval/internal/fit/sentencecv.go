package main

import (
	"context"
	"fmt"
	"io"

	"github.com/docent-bot/docent/retrieval"
)

// sentenceCV measures the answer-sentence model alone: fitted on the candidates the
// ranking of base gives, on all folds but one, and scored through the engine on every
// fold, against base's weights. use masks the features (nil: all).
func sentenceCV(ctx context.Context, r *runner, base retrieval.Params, k int, use *featureMask, out io.Writer) error {
	groups, err := r.sentenceGroups(ctx, base)
	if err != nil {
		return err
	}
	sentenceDiagnose(groups, base.Sentence.Weights, out)
	sentenceDiagnose(groups, fitSentenceModel(groups, all, use), out)
	// the model's own figures on the candidates as collected (no re-ranking)
	var off [2]float64
	for f := range k {
		w := fitSentenceModel(groups, except(f), use)
		off[0] += offlineP1(groups, except(f), w) / float64(k)
		off[1] += offlineP1(groups, only(f), w) / float64(k)
		off[0] -= offlineP1(groups, except(f), base.Sentence.Weights) / float64(k)
		off[1] -= offlineP1(groups, only(f), base.Sentence.Weights) / float64(k)
	}
	fmt.Fprintf(out, "offline CV gain over base: fitted-on %+.4f held-out %+.4f\n", off[0], off[1])
	var sum [4]float64 // before fitted-on, held-out; after fitted-on, held-out
	var hit [2]float64
	for f := range k {
		p := base
		p.Sentence.Weights = fitSentenceModel(groups, except(f), use)
		var fig [4]float64
		for i, q := range []retrieval.Params{base, p} {
			for j, in := range []folds{except(f), only(f)} {
				if fig[2*i+j], err = r.sentenceScore(ctx, q, in); err != nil {
					return err
				}
			}
			h, err := r.hit1(ctx, q, only(f))
			if err != nil {
				return err
			}
			hit[i] += h["squad"] / float64(k)
		}
		fmt.Fprintf(out, "fold %d: sentence before %.4f / %.4f, after %.4f / %.4f (offline %.4f / %.4f)\n", f+1,
			fig[0], fig[1], fig[2], fig[3], offlineP1(groups, except(f), p.Sentence.Weights), offlineP1(groups, only(f), p.Sentence.Weights))
		for i := range fig {
			sum[i] += fig[i] / float64(k)
		}
	}
	p := base
	p.Sentence.Weights = fitSentenceModel(groups, all, use)
	s, err := r.sentenceScore(ctx, p, all)
	if err != nil {
		return err
	}
	s0, err := r.sentenceScore(ctx, base, all)
	if err != nil {
		return err
	}
	h, err := r.hit1(ctx, p, all)
	if err != nil {
		return err
	}
	h0, err := r.hit1(ctx, base, all)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "mean: sentence before %.4f / %.4f, after %.4f / %.4f (fitted-on / held-out); SQuAD hit@1 held-out %.4f -> %.4f\n",
		sum[0], sum[1], sum[2], sum[3], hit[0], hit[1])
	fmt.Fprintf(out, "all data: sentence %.4f -> %.4f, hit@1 %v -> %v\nweights:", s0, s, h0, h)
	for j, name := range retrieval.SentenceFeatureNames {
		fmt.Fprintf(out, " %s=%.3g", name, p.Sentence.Weights[j])
	}
	fmt.Fprintln(out)
	return nil
}

// choice is the candidate w scores highest, -1 when there is none.
func (g sentenceGroup) choice(w retrieval.SentenceWeights) int {
	best, at := 0.0, -1
	for i, x := range g.x {
		var s float64
		for j := range x {
			s += w[j] * x[j]
		}
		if at < 0 || s > best {
			best, at = s, i
		}
	}
	return at
}

// offlineP1 is the share of the chosen folds' questions whose best-scored candidate is
// gold, on the candidates as they were collected (no re-ranking).
func offlineP1(groups []sentenceGroup, in folds, w retrieval.SentenceWeights) float64 {
	ok, n := 0, 0
	for _, g := range groups {
		if !in(g.fold) {
			continue
		}
		n++
		at := g.choice(w)
		if at >= 0 && g.gold[at] {
			ok++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(ok) / float64(n)
}

// sentenceDiagnose prints where the gold sentences are among the candidates and where
// w's choices go wrong.
func sentenceDiagnose(groups []sentenceGroup, w retrieval.SentenceWeights, out io.Writer) {
	rankOf := func(x retrieval.SentenceWeights) int { return int(x[featureIndex("rank")]) }
	var n, oracle, goldTop, okTop, wrongPassage, wrongSentence, goldLower, okLower int
	for _, g := range groups {
		n++
		gr := -1
		for i, y := range g.gold {
			if y {
				gr = rankOf(g.x[i])
				break
			}
		}
		if gr < 0 {
			continue
		}
		oracle++
		at := g.choice(w)
		ok := g.gold[at]
		if gr == 0 {
			goldTop++
			if ok {
				okTop++
			}
		} else {
			goldLower++
			if ok {
				okLower++
			}
		}
		if !ok {
			if rankOf(g.x[at]) != gr {
				wrongPassage++
			} else {
				wrongSentence++
			}
		}
	}
	fmt.Fprintf(out, "questions %d, a gold candidate %d; gold in the first passage %d (right %d), lower %d (right %d); wrong: other passage %d, same passage %d\n",
		n, oracle, goldTop, okTop, goldLower, okLower, wrongPassage, wrongSentence)
}
