package main

import (
	"context"
	"fmt"
	"go/format"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/docent-bot/docent/retrieval"
)

// foldFigures are one fold's figures: before (the starting Params) and after the fit, on
// the folds fitted on and on the held-out fold.
type foldFigures struct {
	fold                  int
	rankBefore, rankAfter [2]map[string]float64 // [fitted-on, held-out] per dataset
	sentBefore, sentAfter [2]float64
	decBefore, decAfter   outcomeTable       // held-out
	hit1Before, hit1After map[string]float64 // held-out hit@1 per dataset
}

type report struct {
	w      io.Writer
	folds  []foldFigures
	fitted retrieval.Params
	whole  foldFigures
}

func (rep *report) addFold(ctx context.Context, r *runner, f int, base, p retrieval.Params, train, test folds) error {
	ff, err := figures(ctx, r, base, p, train, test)
	if err != nil {
		return err
	}
	ff.fold = f
	rep.folds = append(rep.folds, ff)
	return nil
}

func (rep *report) final(ctx context.Context, r *runner, base, p retrieval.Params) error {
	ff, err := figures(ctx, r, base, p, all, all)
	if err != nil {
		return err
	}
	ff.fold = -1
	rep.whole, rep.fitted = ff, p
	return nil
}

func figures(ctx context.Context, r *runner, base, p retrieval.Params, train, test folds) (foldFigures, error) {
	var ff foldFigures
	for i, in := range []folds{train, test} {
		var err error
		if _, ff.rankBefore[i], err = r.rankingScore(ctx, base, in); err != nil {
			return ff, err
		}
		if _, ff.rankAfter[i], err = r.rankingScore(ctx, p, in); err != nil {
			return ff, err
		}
		if ff.sentBefore[i], err = r.sentenceScore(ctx, base, in); err != nil {
			return ff, err
		}
		if ff.sentAfter[i], err = r.sentenceScore(ctx, p, in); err != nil {
			return ff, err
		}
	}
	var err error
	if ff.hit1Before, err = r.hit1(ctx, base, test); err != nil {
		return ff, err
	}
	if ff.hit1After, err = r.hit1(ctx, p, test); err != nil {
		return ff, err
	}
	sb, err := r.samples(ctx, base)
	if err != nil {
		return ff, err
	}
	sa, err := r.samples(ctx, p)
	if err != nil {
		return ff, err
	}
	ff.decBefore = rates(filterSamples(sb, test), base.Decision)
	ff.decAfter = rates(filterSamples(sa, test), p.Decision)
	return ff, nil
}

// hit1 is each dataset's share of answerable questions whose first passage is right.
func (r *runner) hit1(ctx context.Context, p retrieval.Params, in folds) (map[string]float64, error) {
	out := map[string]float64{}
	for _, d := range r.sets {
		recs, err := r.records(ctx, d, p, true)
		if err != nil {
			return nil, err
		}
		hit, n := 0, 0
		for i, it := range d.items {
			if it.answerable() && in(it.fold) {
				n++
				if recs[i].rank == 1 {
					hit++
				}
			}
		}
		if n > 0 {
			out[d.name] = float64(hit) / float64(n)
		}
	}
	return out, nil
}

// print writes the figures as Markdown tables: per dataset, the ranking metric before and
// after the fit on the fitted-on folds and the held-out one (mean over folds), then the
// decision's held-out outcomes.
func (rep *report) print(k int) {
	w := rep.w
	fmt.Fprintln(w, "\n### Ranking (SQuAD MRR@10, SciFact nDCG@10, dev sets MRR@5) and hit@1")
	fmt.Fprintln(w, "\n| set | before: fitted-on / held-out | after: fitted-on / held-out | hit@1 held-out before → after | all folds before → after |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, name := range rep.sets() {
		var b, a [2]float64
		var hb, ha float64
		for _, ff := range rep.folds {
			for i := range 2 {
				b[i] += ff.rankBefore[i][name] / float64(len(rep.folds))
				a[i] += ff.rankAfter[i][name] / float64(len(rep.folds))
			}
			hb += ff.hit1Before[name] / float64(len(rep.folds))
			ha += ff.hit1After[name] / float64(len(rep.folds))
		}
		fmt.Fprintf(w, "| %s | %.4f / %.4f | %.4f / %.4f | %.3f → %.3f | %.4f → %.4f |\n", name, b[0], b[1], a[0], a[1],
			hb, ha, rep.whole.rankBefore[1][name], rep.whole.rankAfter[1][name])
	}
	var sb, sa [2]float64
	for _, ff := range rep.folds {
		for i := range 2 {
			sb[i] += ff.sentBefore[i] / float64(len(rep.folds))
			sa[i] += ff.sentAfter[i] / float64(len(rep.folds))
		}
	}
	fmt.Fprintf(w, "\nAnswer sentence (SQuAD, gold sentence first): before %.4f / %.4f, after %.4f / %.4f (fitted-on / held-out); all folds %.4f → %.4f\n",
		sb[0], sb[1], sa[0], sa[1], rep.whole.sentBefore[1], rep.whole.sentAfter[1])

	fmt.Fprintln(w, "\n### Decision on the held-out folds (summed over folds)")
	fmt.Fprintln(w, "\n| set | kind | questions | refused before → after | hedged before → after |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	before, after := outcomeTable{}, outcomeTable{}
	for _, ff := range rep.folds {
		before.add(ff.decBefore)
		after.add(ff.decAfter)
	}
	for _, key := range after.keys() {
		b, a := before[key], after[key]
		if b == nil {
			b = &outcomeRates{}
		}
		fmt.Fprintf(w, "| %s | %s | %d | %s → %s | %s → %s |\n", key[0], key[1], a.n,
			pct(b.refused, b.n), pct(a.refused, a.n), pct(b.hedged, b.n), pct(a.hedged, a.n))
	}
	fmt.Fprintf(w, "\n%d folds. Fitted defaults:\n\n%s\n", k, paramsLiteral(rep.fitted))
}

func pct(x, n int) string {
	if n == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(x)/float64(n))
}

func (rep *report) sets() []string {
	var names []string
	for name := range rep.whole.rankAfter[1] {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// summary is one comment line per set for the generated file's header.
func (rep *report) summary() string {
	var b strings.Builder
	for _, name := range rep.sets() {
		fmt.Fprintf(&b, "//   %s: %.4f → %.4f (all folds)\n", name, rep.whole.rankBefore[1][name], rep.whole.rankAfter[1][name])
	}
	return b.String()
}

// paramsLiteral is p as a Go composite literal inside package rank, which defines
// retrieval.Params (a type alias, so %#v names rank's types).
func paramsLiteral(p retrieval.Params) string {
	s := fmt.Sprintf("%#v", p)
	s = strings.ReplaceAll(s, "rank.", "")
	s = strings.ReplaceAll(s, fmt.Sprintf("[%d]float64", len(retrieval.Features{})), "[numFeatures]float64")
	return s
}

// writeParams writes the fitted defaults as params_default.go.
func writeParams(path string, p retrieval.Params, summary string) error {
	src := fmt.Sprintf(`// Code generated by go run ./retrieval/internal/fit; DO NOT EDIT.

package rank

import "github.com/docent-bot/docent/retrieval/analysis"

// defaultParams were fitted on %s on the shared question sets with cross-validation by
// article (docs/retrieval.md has the per-fold figures). Ranking objective before → after:
%svar defaultParams = %s
`, time.Now().UTC().Format("2006-01-02"), summary, paramsLiteral(p))
	out, err := format.Source([]byte(src))
	if err != nil {
		return fmt.Errorf("format %s: %w", path, err)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
