package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

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
		var (
			wg    sync.WaitGroup
			mu    sync.Mutex
			first error
		)
		jobs := make(chan int)
		for range r.workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					it := d.items[idx[j]]
					q := d.query
					q.Text = it.text
					cands, err := d.ix.SentenceCandidates(ctx, q)
					var qe *retrieval.QueryError
					if err != nil && !errors.As(err, &qe) {
						mu.Lock()
						first = cmpErr(first, fmt.Errorf("%s: %q: %w", d.name, it.text, err))
						mu.Unlock()
						continue
					}
					g := sentenceGroup{fold: it.fold}
					for _, c := range cands {
						g.x = append(g.x, c.Features)
						g.gold = append(g.gold, eval.SameSentence(c.Text, it.gold))
					}
					groups[j] = g
				}
			}()
		}
		for j := range idx {
			if ctx.Err() != nil {
				break
			}
			jobs <- j
		}
		close(jobs)
		wg.Wait()
		if first == nil {
			first = ctx.Err()
		}
		if first != nil {
			return nil, first
		}
		out = append(out, groups...)
	}
	return out, nil
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// sentenceModelKnob names the answer-sentence model's weights for -knobs.
const sentenceModelKnob = "Sentence.Weights"

// sentenceLambda is the L2 penalty of the answer-sentence model, on standardised features.
const sentenceLambda = 1e-3

// fitSentenceModel fits the answer-sentence weights on the groups of the chosen folds: a
// conditional logistic regression (the softmax of the weighted features over a question's
// candidates is the probability that each is the answer; the likelihood is that of the
// gold ones), L2-regularised on standardised features, by gradient descent. Questions
// whose candidates are all gold or none teach nothing and are left out. use masks the
// features the model may weigh (nil: all).
func fitSentenceModel(groups []sentenceGroup, in folds, use *[len(retrieval.SentenceWeights{})]bool) retrieval.SentenceWeights {
	const n = len(retrieval.SentenceWeights{})
	var rows []sentenceGroup
	var mean, sd [n]float64
	count := 0
	for _, g := range groups {
		if !in(g.fold) {
			continue
		}
		gold := 0
		for _, y := range g.gold {
			if y {
				gold++
			}
		}
		if gold == 0 || gold == len(g.gold) {
			continue
		}
		rows = append(rows, g)
		for _, x := range g.x {
			for j := range n {
				mean[j] += x[j]
			}
			count++
		}
	}
	var out retrieval.SentenceWeights
	if count == 0 {
		return out
	}
	for j := range n {
		mean[j] /= float64(count)
	}
	for _, g := range rows {
		for _, x := range g.x {
			for j := range n {
				d := x[j] - mean[j]
				sd[j] += d * d
			}
		}
	}
	var on [n]bool
	for j := range n {
		sd[j] = math.Sqrt(sd[j] / float64(count))
		on[j] = sd[j] > 1e-9 && (use == nil || use[j])
		if !on[j] {
			sd[j] = 1
		}
	}
	// standardised features, one flat array
	z := make([][n]float64, 0, count)
	for _, g := range rows {
		for _, x := range g.x {
			var v [n]float64
			for j := range n {
				if on[j] {
					v[j] = (x[j] - mean[j]) / sd[j]
				}
			}
			z = append(z, v)
		}
	}
	var w, m, v [n]float64 // weights and Adam's moments
	const (
		rate   = 0.05
		epochs = 300
		b1, b2 = 0.9, 0.999
	)
	s := make([]float64, 0, 64)
	for epoch := 1; epoch <= epochs; epoch++ {
		var grad [n]float64
		at := 0
		for _, g := range rows {
			k := len(g.x)
			s = s[:0]
			top := math.Inf(-1)
			for i := range k {
				t := 0.0
				for j := range n {
					t += w[j] * z[at+i][j]
				}
				s = append(s, t)
				top = max(top, t)
			}
			var all, gold float64
			for i := range k {
				e := math.Exp(s[i] - top)
				s[i] = e
				all += e
				if g.gold[i] {
					gold += e
				}
			}
			for i := range k {
				// d(−log P(gold))/ds_i = p_i − p_i·[gold]/P(gold)
				d := s[i] / all
				if g.gold[i] {
					d -= s[i] / gold
				}
				for j := range n {
					grad[j] += d * z[at+i][j]
				}
			}
			at += k
		}
		for j := range n {
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
	// back to raw features; the softmax ignores the constant the means make
	for j := range n {
		if on[j] {
			out[j] = w[j] / sd[j]
		}
	}
	return out
}

// sentenceCV measures the answer-sentence model alone: fitted on the candidates the
// ranking of base gives, on all folds but one, and scored through the engine on every
// fold, against base's weights. use masks the features (nil: all).
func sentenceCV(ctx context.Context, r *runner, base retrieval.Params, k int, use *[len(retrieval.SentenceWeights{})]bool, out io.Writer) error {
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

// offlineP1 is the share of the chosen folds' questions whose best-scored candidate is
// gold, on the candidates as they were collected (no re-ranking).
func offlineP1(groups []sentenceGroup, in folds, w retrieval.SentenceWeights) float64 {
	ok, n := 0, 0
	for _, g := range groups {
		if !in(g.fold) {
			continue
		}
		n++
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
