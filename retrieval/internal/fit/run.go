package main

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/docent-bot/docent/retrieval"
)

// record is what one question gave under one Params.
type record struct {
	gain   float64 // the dataset's ranking metric; 0 for an unanswerable question
	rank   int
	sentOK bool
	feats  retrieval.Features
	noAns  bool // the engine refused (with the Params' own decision)
	asked  bool // the question was asked (false: the engine rejected it as a question)
}

// runner asks questions under Params, remembering each Params' records per dataset so a
// fold's search reuses what another fold's already measured.
type runner struct {
	sets    []*dataset
	workers int
	mu      sync.Mutex
	cache   map[string][]record        // key: dataset name + Params
	groups  map[string][]sentenceGroup // key: Params
	runs    int                        // Params measured on a dataset, for the log
}

func newRunner(sets []*dataset, workers int) *runner {
	return &runner{sets: sets, workers: max(1, workers), cache: map[string][]record{}, groups: map[string][]sentenceGroup{}}
}

// parallel calls do(j) for j from 0 to n-1 on r.workers goroutines. It stops handing out
// work at the first error or when ctx ends, and returns that error.
func (r *runner) parallel(ctx context.Context, n int, do func(j int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	failed := func() bool { mu.Lock(); defer mu.Unlock(); return first != nil }
	jobs := make(chan int)
	for range r.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := do(j); err != nil {
					mu.Lock()
					first = firstErr(first, err)
					mu.Unlock()
				}
			}
		}()
	}
	for j := range n {
		if ctx.Err() != nil || failed() {
			break
		}
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	return firstErr(first, ctx.Err())
}

// records returns d's records under p, asking every question (or only the answerable
// ones when answerable) once per Params.
func (r *runner) records(ctx context.Context, d *dataset, p retrieval.Params, answerable bool) ([]record, error) {
	key := fmt.Sprintf("%s|%v|%+v", d.name, answerable, p)
	r.mu.Lock()
	if recs, ok := r.cache[key]; ok {
		r.mu.Unlock()
		return recs, nil
	}
	r.mu.Unlock()
	d.ix.SetParams(p)
	recs := make([]record, len(d.items))
	jobs := make(chan int)
	errs := make(chan error, r.workers)
	var wg sync.WaitGroup
	for range r.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				it := d.items[i]
				q := d.query
				q.Text = it.text
				res, err := d.ix.Answer(ctx, q)
				var qe *retrieval.QueryError
				switch {
				case errors.As(err, &qe):
					recs[i] = record{noAns: true}
					continue
				case err != nil:
					errs <- fmt.Errorf("%s: %q: %w", d.name, it.text, err)
					return
				}
				rec := record{feats: res.Features, noAns: res.NoAnswer, asked: true}
				if it.judge != nil {
					rec.gain, rec.rank, rec.sentOK = it.judge(res)
				}
				recs[i] = rec
			}
		}()
	}
	var err error
feed:
	for i, it := range d.items {
		if answerable && !it.answerable() {
			continue
		}
		select {
		case jobs <- i:
		case err = <-errs:
			break feed
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errs:
		default:
		}
	}
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	r.cache[key] = recs
	r.runs++
	r.mu.Unlock()
	return recs, nil
}

// folds selects the questions of some folds.
type folds func(fold int) bool

func only(f int) folds   { return func(x int) bool { return x == f } }
func except(f int) folds { return func(x int) bool { return x != f } }
func all(int) bool       { return true }

// rankingScore is the ranking objective over the chosen folds: each dataset's mean gain
// over its answerable questions, weighted by the dataset's weight.
func (r *runner) rankingScore(ctx context.Context, p retrieval.Params, in folds) (float64, map[string]float64, error) {
	per := map[string]float64{}
	var sum, wsum float64
	for _, d := range r.sets {
		if d.weight == 0 {
			continue
		}
		recs, err := r.records(ctx, d, p, true)
		if err != nil {
			return 0, nil, err
		}
		var g float64
		n := 0
		for i, it := range d.items {
			if it.answerable() && in(it.fold) {
				g += recs[i].gain
				n++
			}
		}
		if n == 0 {
			continue
		}
		per[d.name] = g / float64(n)
		sum += d.weight * g / float64(n)
		wsum += d.weight
	}
	if wsum == 0 {
		return 0, per, nil
	}
	return sum / wsum, per, nil
}

// sentenceScore is the share of answerable questions of the sentence-judged datasets
// whose answer sentence is a gold one.
func (r *runner) sentenceScore(ctx context.Context, p retrieval.Params, in folds) (float64, error) {
	ok, n := 0, 0
	for _, d := range r.sets {
		if !d.sentences {
			continue
		}
		recs, err := r.records(ctx, d, p, true)
		if err != nil {
			return 0, err
		}
		for i, it := range d.items {
			if it.answerable() && in(it.fold) {
				n++
				if recs[i].sentOK {
					ok++
				}
			}
		}
	}
	if n == 0 {
		return 0, nil
	}
	return float64(ok) / float64(n), nil
}
