package main

import (
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"

	"github.com/docent-bot/docent/retrieval"
)

// passageGroup is one answerable question's ranked candidate passages: the first ones
// with the features a learned re-ranking reads, and which answer it.
type passageGroup struct {
	Set  string
	Item int // index in the set's items
	Fold int
	Pass []retrieval.Passage // as ranked; text left out where citations judge
	X    [][]float64         // features of the first len(X) passages
	Gold []bool              // per passage of Pass
}

// passageGroups asks every answerable question of every set under p and returns its
// candidate passages; with cache set they are read from (or saved to) that file.
func (r *runner) passageGroups(ctx context.Context, p retrieval.Params, cache string) ([]passageGroup, error) {
	if cache != "" {
		if f, err := os.Open(cache); err == nil {
			defer f.Close()
			var out []passageGroup
			return out, gob.NewDecoder(f).Decode(&out)
		}
	}
	var out []passageGroup
	for _, d := range r.sets {
		d.ix.SetParams(p)
		var idx []int
		for i, it := range d.items {
			if it.answerable() && it.judge != nil {
				idx = append(idx, i)
			}
		}
		groups := make([]passageGroup, len(idx))
		err := r.parallel(ctx, len(idx), func(j int) error {
			it := d.items[idx[j]]
			q := d.query
			q.Text = it.text
			cands, err := d.ix.PassageCandidates(ctx, q)
			var qe *retrieval.QueryError
			if err != nil && !errors.As(err, &qe) {
				return fmt.Errorf("%s: %q: %w", d.name, it.text, err)
			}
			g := passageGroup{Set: d.name, Item: idx[j], Fold: it.fold}
			for _, c := range cands {
				if d.weight == 1 { // the large sets judge by citation, the bundled ones by text
					c.Passage.Text, c.Passage.Heading = "", ""
				}
				_, rank, _ := it.judge(retrieval.Result{Passages: []retrieval.Passage{c.Passage}})
				g.Pass = append(g.Pass, c.Passage)
				g.Gold = append(g.Gold, rank == 1)
				if c.Measured {
					g.X = append(g.X, c.Features[:])
				}
			}
			groups[j] = g
			return nil
		})
		if err != nil {
			return nil, err
		}
		out = append(out, groups...)
	}
	if cache != "" {
		f, err := os.Create(cache)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := gob.NewEncoder(f).Encode(out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// passageScore is what a set's judge gives its groups' passages ordered by w (nil: as
// ranked): the mean gain and hit@1 over the groups of the chosen folds.
func (r *runner) passageScore(groups []passageGroup, set string, in folds, w []float64, m passageModel) (gain, hit1 float64, n int) {
	gains, hits := r.passageGains(groups, set, in, w, m)
	for i := range gains {
		gain += gains[i]
		if hits[i] {
			hit1++
		}
	}
	if n = len(gains); n > 0 {
		gain /= float64(n)
		hit1 /= float64(n)
	}
	return gain, hit1, n
}

// passageGains is what a set's judge gives each of its groups of the chosen folds, their
// passages ordered by w (nil: as ranked): the gain and whether a right passage is first.
func (r *runner) passageGains(groups []passageGroup, set string, in folds, w []float64, m passageModel) (gains []float64, hits []bool) {
	var d *dataset
	for _, s := range r.sets {
		if s.name == set {
			d = s
		}
	}
	for _, g := range groups {
		if g.Set != set || !in(g.Fold) {
			continue
		}
		order := make([]int, len(g.Pass))
		for i := range order {
			order[i] = i
		}
		if w != nil && m.applies(g) {
			xs := g.X
			if m.depth > 0 && m.depth < len(xs) {
				xs = xs[:m.depth]
			}
			s := make([]float64, len(xs))
			for i, x := range xs {
				for j := range x {
					s[i] += w[j] * x[j]
				}
			}
			slices.SortStableFunc(order[:len(xs)], func(a, b int) int {
				switch {
				case s[a] > s[b]:
					return -1
				case s[a] < s[b]:
					return 1
				}
				return 0
			})
		}
		k := d.query.K
		var ps []retrieval.Passage
		seen := map[string]bool{}
		for _, i := range order {
			p := g.Pass[i]
			if d.query.OnePerDocument {
				if seen[p.Citation.DocID] {
					continue
				}
				seen[p.Citation.DocID] = true
			}
			ps = append(ps, p)
			if len(ps) == k {
				break
			}
		}
		gn, rank, _ := d.items[g.Item].judge(retrieval.Result{Passages: ps})
		gains = append(gains, gn)
		hits = append(hits, rank == 1)
	}
	return gains, hits
}

// passageCV measures learned re-rankings of the first RerankDepth candidates of base's
// ranking on the candidates as collected: fitted on SQuAD's and SciFact's questions of
// all folds but one, scored on every set's questions of each fold, against base's order;
// model, when set, names the one model measured.
func passageCV(ctx context.Context, r *runner, base retrieval.Params, k int, cache, model string, out io.Writer) error {
	groups, err := r.passageGroups(ctx, base, cache)
	if err != nil {
		return err
	}
	var sets []string
	for _, d := range r.sets {
		for _, it := range d.items {
			if it.answerable() && it.judge != nil {
				sets = append(sets, d.name)
				break
			}
		}
	}
	fmt.Fprintln(out, "order: base (fitted-on / held-out, hit@1 held-out)")
	for _, set := range sets {
		var g [3]float64
		for f := range k {
			a, _, _ := r.passageScore(groups, set, except(f), nil, passageModel{})
			b, h, _ := r.passageScore(groups, set, only(f), nil, passageModel{})
			g[0] += a / float64(k)
			g[1] += b / float64(k)
			g[2] += h / float64(k)
		}
		all, hall, n := r.passageScore(groups, set, func(int) bool { return true }, nil, passageModel{})
		fmt.Fprintf(out, "  %-10s %.4f / %.4f  hit@1 %.4f  (all %.4f, hit@1 %.4f, n %d)\n", set, g[0], g[1], g[2], all, hall, n)
	}
	for _, m := range passageModels() {
		if model != "" && m.name != model {
			continue
		}
		fmt.Fprintf(out, "model: %s\n", m.name)
		train := m.train
		if train == nil {
			train = []string{"squad", "scifact"}
		}
		ws := make([][]float64, k)
		for f := range k {
			ws[f] = fitPassageModel(groups, train, except(f), m)
		}
		for _, set := range sets {
			var g [3]float64
			for f := range k {
				a, _, _ := r.passageScore(groups, set, except(f), ws[f], m)
				b, h, _ := r.passageScore(groups, set, only(f), ws[f], m)
				g[0] += a / float64(k)
				g[1] += b / float64(k)
				g[2] += h / float64(k)
			}
			fmt.Fprintf(out, "  %-10s %.4f / %.4f  hit@1 %.4f\n", set, g[0], g[1], g[2])
		}
		r.passageBlend(groups, sets, k, ws, m, out)
		w := fitPassageModel(groups, train, func(int) bool { return true }, m)
		fmt.Fprint(out, "  weights (all folds):")
		for j, name := range retrieval.PassageFeatureNames {
			if w[j] != 0 {
				fmt.Fprintf(out, " %s=%.3g", name, w[j])
			}
		}
		fmt.Fprintln(out)
	}
	return nil
}

// passageModels are the learned re-rankings passageCV measures (docs/retrieval.md, fifth
// round): all features or fewer, each question or each set weighing alike, three L2
// penalties, fitted on one set or both, re-ranking the first 5, 10 or RerankDepth, for
// every question or only those asking for a kind of thing (as the sentence re-ranking).
func passageModels() []passageModel {
	parts := map[string]bool{}
	for _, n := range retrieval.PassageFeatureNames {
		if n != "score" && n != "score_ratio" {
			parts[n] = true
		}
	}
	few := map[string]bool{}
	for _, n := range []string{"score", "bm25_ratio", "coverage", "chain", "window", "sent_titled", "title", "length", "doc_share"} {
		few[n] = true
	}
	return []passageModel{
		{name: "all features, L2 1e-3", lambda: 1e-3},
		{name: "all features, L2 1e-2", lambda: 1e-2},
		{name: "without the hand-structured score, L2 1e-3", use: parts, lambda: 1e-3},
		{name: "all features, L2 1e-3, SQuAD alone", lambda: 1e-3, train: []string{"squad"}},
		{name: "all features, L2 1e-3, SciFact alone", lambda: 1e-3, train: []string{"scifact"}},
		{name: "sets alike, L2 1e-3", lambda: 1e-3, even: true},
		{name: "sets alike, L2 1e-2", lambda: 1e-2, even: true},
		{name: "sets alike, L2 1e-1", lambda: 1e-1, even: true},
		{name: "sets alike, L2 1e-3, nine features", use: few, lambda: 1e-3, even: true},
		{name: "sets alike, L2 1e-3, first 10", lambda: 1e-3, even: true, depth: 10},
		{name: "sets alike, L2 1e-3, first 5", lambda: 1e-3, even: true, depth: 5},
		{name: "all features, L2 1e-3, checkable questions only", lambda: 1e-3, gate: true},
		{name: "sets alike, L2 1e-3, checkable questions only", lambda: 1e-3, even: true, gate: true},
		{name: "all features, L2 1e-3, SQuAD alone, checkable questions only", lambda: 1e-3, train: []string{"squad"}, gate: true},
	}
}

// passageBlend measures the model added to the ranked order's log score at a share chosen
// per fold on the fitted-on folds: the share that gains most on SQuAD and SciFact together
// while neither loses there (0, the ranked order, when none does).
func (r *runner) passageBlend(groups []passageGroup, sets []string, k int, ws [][]float64, m passageModel, out io.Writer) {
	at := slices.Index(retrieval.PassageFeatureNames[:], "score")
	blend := func(w []float64, a float64) []float64 {
		v := make([]float64, len(w))
		for j := range w {
			v[j] = a * w[j]
		}
		v[at]++
		return v
	}
	shares := []float64{0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3}
	var chosen []float64
	held := map[string]*[3]float64{}
	diffs := map[string][]float64{} // per held-out question: blended gain less the ranked order's
	for _, set := range sets {
		held[set] = &[3]float64{}
	}
	for f := range k {
		b1, _, _ := r.passageScore(groups, "squad", except(f), nil, passageModel{})
		b2, _, _ := r.passageScore(groups, "scifact", except(f), nil, passageModel{})
		best, bestGain := 0.0, 0.0
		for _, a := range shares[1:] {
			g1, _, _ := r.passageScore(groups, "squad", except(f), blend(ws[f], a), m)
			g2, _, _ := r.passageScore(groups, "scifact", except(f), blend(ws[f], a), m)
			if g1 >= b1 && g2 >= b2 && g1-b1+g2-b2 > bestGain {
				best, bestGain = a, g1-b1+g2-b2
			}
		}
		chosen = append(chosen, best)
		for _, set := range sets {
			a, _, _ := r.passageScore(groups, set, except(f), blend(ws[f], best), m)
			b, h, _ := r.passageScore(groups, set, only(f), blend(ws[f], best), m)
			held[set][0] += a / float64(k)
			held[set][1] += b / float64(k)
			held[set][2] += h / float64(k)
			after, _ := r.passageGains(groups, set, only(f), blend(ws[f], best), m)
			before, _ := r.passageGains(groups, set, only(f), nil, m)
			for i := range after {
				diffs[set] = append(diffs[set], after[i]-before[i])
			}
		}
	}
	fmt.Fprintf(out, "  blended with the ranked order, shares per fold %v:\n", chosen)
	for _, set := range sets {
		g := held[set]
		mean, se := meanSE(diffs[set])
		fmt.Fprintf(out, "  %-10s %.4f / %.4f  hit@1 %.4f  (held-out change per question %+.4f ± %.4f)\n", set, g[0], g[1], g[2], mean, se)
	}
}

// meanSE is the mean of xs and its standard error.
func meanSE(xs []float64) (mean, se float64) {
	if len(xs) < 2 {
		return 0, 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1) / float64(len(xs)))
}
