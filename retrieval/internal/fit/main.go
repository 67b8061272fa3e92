// Command fit fits retrieval.Params on the shared question sets with k-fold
// cross-validation and writes the defaults (retrieval/internal/rank/params_default.go):
//
//	go run ./retrieval/internal/fit -shared ../shared -write retrieval/internal/rank/params_default.go
//
// Folds are by article or document, never by question, so a held-out fold's questions
// are about text the fit never saw questions on. For each fold the knobs are fitted on
// the other folds and scored on it; the report gives both figures per fold and the mean.
// The defaults written are fitted on every fold. Ranking is fitted first (SQuAD MRR@10,
// SciFact nDCG@10, the two bundled dev sets at a quarter weight each), then the answer
// sentence (a conditional logistic regression over each SQuAD question's candidate
// sentences, then the number of passages it reads), then the decision (a logistic model on evidence features, with the
// refusal and hedging thresholds at fixed shares of the answerable questions).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/docent-bot/docent/retrieval"
)

type config struct {
	shared  string // the shared folder: bench/squad, bench/scifact, eval/*.jsonl
	k       int    // folds
	passes  int    // coordinate-ascent passes
	write   string // where to write the fitted defaults; empty: nowhere
	workers int
	skipCV  bool // fit on everything only, without the per-fold figures
	grid    bool // only measure the decision's held-out outcomes for several shares
	// decisionOnly keeps the ranking and sentence numbers of the defaults and fits the
	// decision alone: they do not read the decision, so a change to its features needs no
	// new ranking fit.
	decisionOnly bool
	// noRanking keeps the defaults' ranking numbers and fits the answer sentence and the
	// decision, with cross-validation as usual.
	noRanking bool
	// knobs, when set, are the only ranking and sentence numbers fitted; the others keep
	// their defaults. A new knob is fitted this way before a full run.
	knobs map[string]bool
	// settings, when set, are knob=value lists measured on every fold, one line each, with
	// nothing fitted: a quick look at what a new number does to each set.
	settings []string
	// sentenceCV only measures the answer-sentence model with cross-validation;
	// sentenceUse, when set, names the only features it may weigh.
	sentenceCV  bool
	sentenceUse map[string]bool
	// passageCV only measures learned re-rankings of the first candidates, offline;
	// passageCache is where their candidates are kept between runs.
	passageCV    bool
	passageCache string
	passageModel string // the one model -passage-cv measures; empty: all
	args         string // the command's flags, recorded in the written defaults
}

func main() {
	var c config
	flag.StringVar(&c.shared, "shared", "../shared", "the shared `folder` with bench/ and eval/")
	flag.IntVar(&c.k, "folds", 5, "number of cross-validation folds")
	flag.IntVar(&c.passes, "passes", 2, "coordinate-ascent passes over the knobs")
	flag.StringVar(&c.write, "write", "", "write the fitted defaults to this Go `file` (retrieval/internal/rank/params_default.go)")
	flag.IntVar(&c.workers, "workers", runtime.GOMAXPROCS(0), "questions asked at once")
	flag.BoolVar(&c.skipCV, "no-cv", false, "fit on all folds only, without held-out figures")
	flag.BoolVar(&c.noRanking, "no-ranking", false, "keep the defaults' ranking numbers; fit the answer sentence and the decision")
	flag.BoolVar(&c.decisionOnly, "decision-only", false, "keep the defaults' ranking and sentence numbers; fit the decision alone")
	flag.BoolVar(&c.grid, "decision-grid", false, "only measure the decision's held-out outcomes for several refusal and hedging shares")
	knobs := flag.String("knobs", "", "comma-separated `names` of the only knobs to fit (e.g. Query.RelatedWeight; "+sentenceModelKnob+" for the answer-sentence model); empty: all")
	flag.Func("eval", "measure a `setting` (knob=value,knob=value) per set without fitting; repeatable", func(v string) error {
		c.settings = append(c.settings, v)
		return nil
	})
	flag.BoolVar(&c.sentenceCV, "sentence-cv", false, "only measure the answer-sentence model with cross-validation")
	flag.BoolVar(&c.passageCV, "passage-cv", false, "only measure learned re-rankings of the first candidates with cross-validation, offline")
	flag.StringVar(&c.passageModel, "passage-model", "", "the `name` of the one model -passage-cv measures (as it prints them); empty: all")
	flag.StringVar(&c.passageCache, "passage-cache", "", "read (or save) -passage-cv's candidates from this `file`; remove it when the ranking changes")
	use := flag.String("sentence-features", "", "comma-separated `names` of the only answer-sentence features the model may weigh; empty: all")
	flag.Parse()
	if *use != "" {
		c.sentenceUse = map[string]bool{}
		for _, k := range strings.Split(*use, ",") {
			c.sentenceUse[strings.TrimSpace(k)] = true
		}
	}
	if *knobs != "" {
		c.knobs = map[string]bool{}
		for _, k := range strings.Split(*knobs, ",") {
			c.knobs[strings.TrimSpace(k)] = true
		}
	}
	c.args = strings.Join(os.Args[1:], " ")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fit:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, c config, out io.Writer) error {
	start := time.Now()
	sets, err := loadSets(ctx, c)
	if err != nil {
		return err
	}
	defer func() {
		for _, d := range sets {
			_ = d.ix.Close()
		}
	}()
	r := newRunner(sets, c.workers)
	base := retrieval.DefaultParams()
	if c.grid {
		var grid []shares
		for _, rf := range []float64{0.01} {
			for _, h := range []float64{0.20, 0.25, 0.30} {
				grid = append(grid, shares{rf, h})
			}
		}
		return decisionGrid(ctx, r, base, c.k, grid, out)
	}
	if c.passageCV {
		return passageCV(ctx, r, base, c.k, c.passageCache, c.passageModel, out)
	}
	if c.sentenceCV {
		return sentenceCV(ctx, r, base, c.k, c.featureMask(), out)
	}
	if len(c.settings) > 0 {
		return measureSettings(ctx, r, base, c.settings, out)
	}
	if c.decisionOnly {
		if err := decisionGrid(ctx, r, base, c.k, []shares{defaultShares}, out); err != nil {
			return err
		}
		samples, err := r.samples(ctx, base)
		if err != nil {
			return err
		}
		p := base
		p.Decision = fitDecision(samples)
		fmt.Fprintf(out, "\nFitted decision:\n\n%s\n", paramsLiteral(p))
		if c.write != "" {
			return writeParams(c.write, p, "//   ranking and answer sentence as fitted before; the decision refitted alone (-decision-only)\n")
		}
		return nil
	}
	rep := &report{w: out}

	foldList := []int{}
	if !c.skipCV {
		for f := range c.k {
			foldList = append(foldList, f)
		}
	}
	// the per-fold fits, then the fit on everything that becomes the defaults
	for _, f := range append(foldList, -1) {
		var train, test folds = all, all
		if f >= 0 {
			train, test = except(f), only(f)
			fmt.Fprintf(out, "fold %d of %d\n", f+1, c.k)
		} else {
			fmt.Fprintln(out, "all folds")
		}
		p, err := fitAll(ctx, r, base, train, c.passes, !c.noRanking, c.knobs, out)
		if err != nil {
			return err
		}
		if f >= 0 {
			if err := rep.addFold(ctx, r, f, base, p, train, test); err != nil {
				return err
			}
			continue
		}
		if err := rep.final(ctx, r, base, p); err != nil {
			return err
		}
		rep.print(c.k)
		fmt.Fprintf(out, "\n%d Params measured in %s\n", r.runs, time.Since(start).Round(time.Second))
		if c.write != "" {
			summary := rep.summary()
			if c.args != "" {
				summary += "//   fitted with " + c.args + "\n"
			}
			return writeParams(c.write, p, summary)
		}
	}
	return nil
}

// fitAll fits ranking, then the answer sentence, then the decision on the train folds.
// The answer-sentence model feeds the re-ranking (a passage's best sentence), so when
// both are fitted it is fitted first on the starting ranking's candidates, the ranking
// with it in place, then it again on the fitted ranking's candidates.
func fitAll(ctx context.Context, r *runner, p retrieval.Params, train folds, passes int, ranking bool, knobs map[string]bool, log io.Writer) (retrieval.Params, error) {
	var err error
	model := len(knobs) == 0 || knobs[sentenceModelKnob]
	rk := named(rankingKnobs(), knobs)
	if ranking && model && len(rk) > 0 {
		if p, err = fitSentence(ctx, r, p, train, log); err != nil {
			return p, err
		}
	}
	if ranking {
		p, _, err = ascend(ctx, p, rk, passes, func(q retrieval.Params) (float64, error) {
			s, _, err := r.rankingScore(ctx, q, train)
			return s, err
		}, log)
		if err != nil {
			return p, err
		}
	}
	if model {
		if p, err = fitSentence(ctx, r, p, train, log); err != nil {
			return p, err
		}
	}
	p, _, err = ascend(ctx, p, named(sentenceKnobs(), knobs), passes, func(q retrieval.Params) (float64, error) {
		return r.sentenceScore(ctx, q, train)
	}, log)
	if err != nil {
		return p, err
	}
	samples, err := r.samples(ctx, p)
	if err != nil {
		return p, err
	}
	p.Decision = fitDecision(filterSamples(samples, train))
	return p, nil
}

// samples are every decision-calibrating question's evidence under p.
func (r *runner) samples(ctx context.Context, p retrieval.Params) ([]sample, error) {
	var out []sample
	for _, d := range r.sets {
		if !d.decision {
			continue
		}
		recs, err := r.records(ctx, d, p, false)
		if err != nil {
			return nil, err
		}
		count := map[string]int{}
		for _, it := range d.items {
			count[it.kind]++
		}
		for i, it := range d.items {
			if !recs[i].asked {
				continue
			}
			w := 1 / float64(count[it.kind])
			if it.kind == kindAdversarial {
				w /= 2 // on topic: the words are there, the fact is not; half the say
			}
			out = append(out, sample{x: recs[i].feats, y: it.answerable() && recs[i].rank == 1,
				shown: it.answerable() && recs[i].rank >= 1 && recs[i].rank <= shownPassages,
				set:   d.name, kind: it.kind, fold: it.fold, weight: w})
		}
	}
	return out, nil
}

func filterSamples(s []sample, in folds) []sample {
	var out []sample
	for _, x := range s {
		if in(x.fold) {
			out = append(out, x)
		}
	}
	return out
}

// loadSets loads each shared set that is present.
func loadSets(ctx context.Context, c config) ([]*dataset, error) {
	var sets []*dataset
	if dir := filepath.Join(c.shared, "bench", "squad"); exists(dir) {
		d, err := loadSQuAD(ctx, dir, c.k)
		if err != nil {
			return nil, err
		}
		sets = append(sets, d)
	}
	if dir := filepath.Join(c.shared, "bench", "scifact"); exists(dir) {
		d, err := loadSciFact(ctx, dir, c.k)
		if err != nil {
			return nil, err
		}
		sets = append(sets, d)
	}
	var devs []string
	for _, name := range []string{"dev.jsonl", "dev-casual.jsonl"} {
		if p := filepath.Join(c.shared, "eval", name); exists(p) {
			devs = append(devs, p)
		}
	}
	if len(devs) > 0 {
		ds, err := loadDevSets(ctx, devs, c.k)
		if err != nil {
			return nil, err
		}
		sets = append(sets, ds...)
	}
	if len(sets) == 0 {
		return nil, errors.New("no question set found under " + c.shared)
	}
	return append(sets, crossCorpus(sets)...), nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// featureMask is the answer-sentence features the model may weigh (nil: all).
func (c config) featureMask() *featureMask {
	if c.sentenceUse == nil {
		return nil
	}
	var m featureMask
	for j, name := range retrieval.SentenceFeatureNames {
		m[j] = c.sentenceUse[name]
	}
	return &m
}
