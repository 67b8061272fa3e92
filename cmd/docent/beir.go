package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/eval"
)

// evalBEIR indexes a BEIR collection, runs every judged query and prints the ranking
// metrics, the time indexing took and the query latency.
func evalBEIR(ctx context.Context, m *Main, c *command, o evalOptions) error {
	set, err := eval.LoadBEIR(o.beir)
	if err != nil {
		return err
	}
	src := set.Corpus // the folder's corpus.jsonl
	if c.cfg.CorpusDir != "" {
		src = c.cfg.CorpusDir
	}
	start := time.Now()
	cfg := c.cfg
	cfg.CorpusDir = src
	corp, err := m.openCorpus(ctx, cfg, c.Log)
	if err != nil {
		return err
	}
	loaded := time.Now()
	dir := c.cfg.IndexDir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "docent-beir-")
		if err != nil {
			return fmt.Errorf("index folder: %w", err)
		}
		m.onClose(closerFunc(func() error { return os.RemoveAll(tmp) })) // after the index closes
		dir = filepath.Join(tmp, "index")
	}
	ix, err := m.openIndexOf(ctx, dir, corp, c.cfg, c.Log)
	if err != nil {
		return err
	}
	indexed := time.Now()

	k := o.k
	if k == 0 {
		k = retrieval.MaxK
	}
	var opts eval.BEIROptions
	var run *os.File
	if o.run != "" {
		if run, err = os.Create(o.run); err != nil {
			return fmt.Errorf("run file: %w", err)
		}
		defer run.Close()
		opts.Run = run
	}
	rep, err := eval.EvaluateBEIR(ctx, set, func(ctx context.Context, q string) (retrieval.Result, error) {
		return ix.Answer(ctx, retrieval.Query{Text: q, K: k, NoMatches: true, OnePerDocument: true})
	}, opts)
	if err != nil {
		return err
	}
	if run != nil {
		if err := run.Close(); err != nil {
			return fmt.Errorf("run file %s: %w", o.run, err)
		}
	}
	w := m.stdout()
	if !o.quiet {
		st := ix.Stats()
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "corpus\t%s: %d documents, %d passages\n", src, st.Documents, st.Passages)
		fmt.Fprintf(tw, "queries\t%d judged (%d without judgments skipped, %d judged without text)\n",
			rep.Queries, set.Unjudged, set.Missing)
		fmt.Fprintf(tw, "load time\t%s\n", roundDuration(loaded.Sub(start)))
		fmt.Fprintf(tw, "index time\t%s (%.0f passages/s)\n", roundDuration(indexed.Sub(loaded)),
			float64(st.Passages)/indexed.Sub(loaded).Seconds())
		fmt.Fprintf(tw, "nDCG@10\t%.4f\n", rep.NDCG10)
		fmt.Fprintf(tw, "recall@100\t%.4f\n", rep.Recall100)
		fmt.Fprintf(tw, "MRR@10\t%.4f\n", rep.MRR10)
		fmt.Fprintf(tw, "latency\tp50 %s, p95 %s (k=%d)\n", roundDuration(rep.P50), roundDuration(rep.P95), k)
		if rep.Rejected > 0 {
			fmt.Fprintf(tw, "rejected\t%d queries (scored 0)\n", rep.Rejected)
		}
		if o.run != "" {
			fmt.Fprintf(tw, "run file\t%s\n", o.run)
		}
		tw.Flush()
	}
	_, err = fmt.Fprintln(w, "summary:", rep.Summary())
	return err
}

// closerFunc makes a function an io.Closer.
type closerFunc func() error

func (f closerFunc) Close() error { return f() }
