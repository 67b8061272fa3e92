package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/docent-bot/docent/retrieval"
)

// knob is one fitted number of Params with the values the search tries.
type knob struct {
	name   string
	get    func(*retrieval.Params) float64
	set    func(*retrieval.Params, float64)
	values []float64
}

func floatKnob(name string, f func(*retrieval.Params) *float64, values ...float64) knob {
	return knob{name: name, values: values,
		get: func(p *retrieval.Params) float64 { return *f(p) },
		set: func(p *retrieval.Params, v float64) { *f(p) = v }}
}

func intKnob(name string, f func(*retrieval.Params) *int, values ...float64) knob {
	return knob{name: name, values: values,
		get: func(p *retrieval.Params) float64 { return float64(*f(p)) },
		set: func(p *retrieval.Params, v float64) { *f(p) = int(v) }}
}

// rankingKnobs are the numbers of ranking and re-ranking, with the values tried: around
// the measured defaults, wide enough to leave them.
func rankingKnobs() []knob {
	return []knob{
		floatKnob("Query.ExpansionWeight", func(p *retrieval.Params) *float64 { return &p.Query.ExpansionWeight }, 0.1, 0.2, 0.3, 0.5),
		intKnob("Query.ExpandBelowDF", func(p *retrieval.Params) *int { return &p.Query.ExpandBelowDF }, 1, 3, 10, 30),
		floatKnob("Query.CommonExpansionWeight", func(p *retrieval.Params) *float64 { return &p.Query.CommonExpansionWeight }, 0, 0.02, 0.05, 0.1),
		floatKnob("Query.NumberWeight", func(p *retrieval.Params) *float64 { return &p.Query.NumberWeight }, 0, 0.5, 1),
		floatKnob("Query.FuzzyWeight", func(p *retrieval.Params) *float64 { return &p.Query.FuzzyWeight }, 0, 0.35, 0.7, 1),
		floatKnob("Query.SplitWeight", func(p *retrieval.Params) *float64 { return &p.Query.SplitWeight }, 0, 0.5, 1),
		floatKnob("Query.JoinedWeight", func(p *retrieval.Params) *float64 { return &p.Query.JoinedWeight }, 0.1, 0.2, 0.5),
		floatKnob("RescoreK1", func(p *retrieval.Params) *float64 { return &p.RescoreK1 }, 0.9, 1.2, 1.5, 2),
		floatKnob("RescoreB", func(p *retrieval.Params) *float64 { return &p.RescoreB }, 0.2, 0.4, 0.6, 0.75),
		floatKnob("TitleWeight", func(p *retrieval.Params) *float64 { return &p.TitleWeight }, 1, 2, 3),
		floatKnob("ChainWeight", func(p *retrieval.Params) *float64 { return &p.ChainWeight }, 0, 2, 4, 8),
		floatKnob("ChainPower", func(p *retrieval.Params) *float64 { return &p.ChainPower }, 2, 4, 6, 8),
		intKnob("ProxWindow", func(p *retrieval.Params) *int { return &p.ProxWindow }, 2, 3, 5),
		intKnob("RerankDepth", func(p *retrieval.Params) *int { return &p.RerankDepth }, 20, 40, 80),
		floatKnob("WindowWeight", func(p *retrieval.Params) *float64 { return &p.WindowWeight }, 0, 0.5, 1, 2, 4),
		floatKnob("WindowPower", func(p *retrieval.Params) *float64 { return &p.WindowPower }, 1, 2, 4),
		intKnob("WindowSize", func(p *retrieval.Params) *int { return &p.WindowSize }, 10, 20, 40),
		intKnob("SentenceRankDepth", func(p *retrieval.Params) *int { return &p.SentenceRankDepth }, 3, 5, 10, 20),
		floatKnob("SentenceRankWeight", func(p *retrieval.Params) *float64 { return &p.SentenceRankWeight }, 0, 0.25, 0.5, 1),
		floatKnob("SentenceRankType", func(p *retrieval.Params) *float64 { return &p.SentenceRankType }, 0, 0.1, 0.25, 0.5),
	}
}

// named keeps the knobs named in names (all of them when names is empty).
func named(knobs []knob, names map[string]bool) []knob {
	if len(names) == 0 {
		return knobs
	}
	var out []knob
	for _, k := range knobs {
		if names[k.name] {
			out = append(out, k)
		}
	}
	return out
}

// sentenceKnobs are the numbers of the answer sentence besides its model's weights
// (fitted by fitSentenceModel).
func sentenceKnobs() []knob {
	return []knob{
		intKnob("Sentence.Passages", func(p *retrieval.Params) *int { return &p.Sentence.Passages }, 1, 2, 3, 5),
		floatKnob("Query.FuzzyCredit", func(p *retrieval.Params) *float64 { return &p.Query.FuzzyCredit }, 0.25, 0.5, 0.75, 1),
		floatKnob("Query.DerivedCredit", func(p *retrieval.Params) *float64 { return &p.Query.DerivedCredit }, 0.25, 0.5, 0.75),
	}
}

// weightKnobs are the answer-sentence model's weights, one knob each
// (Sentence.coverage, Sentence.type_match...), for measuring a setting with -eval.
func weightKnobs() []knob {
	var out []knob
	for i, name := range retrieval.SentenceFeatureNames {
		out = append(out, floatKnob("Sentence."+name, func(p *retrieval.Params) *float64 { return &p.Sentence.Weights[i] }))
	}
	return out
}

// minGain is how much better a value must score to replace the current one: less is
// noise on these sets, and keeping the current value keeps the search from drifting.
const minGain = 1e-4

// ascend is coordinate ascent: each knob in turn takes the value that scores best with
// the others fixed, for the given number of passes or until nothing changes.
func ascend(ctx context.Context, p retrieval.Params, knobs []knob, passes int, score func(retrieval.Params) (float64, error), log io.Writer) (retrieval.Params, float64, error) {
	best, err := score(p)
	if err != nil {
		return p, 0, err
	}
	for pass := 0; pass < passes; pass++ {
		changed := false
		for _, k := range knobs {
			cur := k.get(&p)
			for _, v := range k.values {
				if v == cur {
					continue
				}
				if err := ctx.Err(); err != nil {
					return p, best, err
				}
				q := p
				k.set(&q, v)
				s, err := score(q)
				if err != nil {
					return p, best, err
				}
				if s > best+minGain {
					fmt.Fprintf(log, "  %s %g -> %g: %.4f -> %.4f\n", k.name, k.get(&p), v, best, s)
					p, best, changed = q, s, true
				}
			}
		}
		if !changed {
			break
		}
	}
	return p, best, nil
}

// measureSettings prints each set's ranking score and hit@1, and the answer sentence's
// score, for the defaults and for each setting ("knob=value,knob=value"), on every fold.
func measureSettings(ctx context.Context, r *runner, base retrieval.Params, settings []string, out io.Writer) error {
	byName := map[string]knob{}
	for _, k := range append(append(rankingKnobs(), sentenceKnobs()...), weightKnobs()...) {
		byName[k.name] = k
	}
	for _, s := range append([]string{""}, settings...) {
		p := base
		for _, kv := range strings.Split(s, ",") {
			if kv == "" {
				continue
			}
			name, val, _ := strings.Cut(kv, "=")
			k, ok := byName[name]
			if !ok {
				return fmt.Errorf("no knob %q", name)
			}
			v, err := strconv.ParseFloat(val, 64)
			if err != nil {
				return fmt.Errorf("knob %s: %w", name, err)
			}
			k.set(&p, v)
		}
		total, per, err := r.rankingScore(ctx, p, all)
		if err != nil {
			return err
		}
		hit, err := r.hit1(ctx, p, all)
		if err != nil {
			return err
		}
		sent, err := r.sentenceScore(ctx, p, all)
		if err != nil {
			return err
		}
		if s == "" {
			s = "defaults"
		}
		fmt.Fprintf(out, "%-60s total %.4f sentence %.4f", s, total, sent)
		for _, name := range slices.Sorted(maps.Keys(per)) {
			fmt.Fprintf(out, "  %s %.4f/%.3f", name, per[name], hit[name])
		}
		fmt.Fprintln(out)
	}
	return nil
}
