package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/docent-bot/docent/corpus"
)

func runIndex(ctx context.Context, m *Main, args []string) error {
	c := m.newCommand("index", "docent index [flags]",
		"Build the search index of the corpus, or check that it is up to date and update it by the\n"+
			"passages that changed. Other commands do this on their own; run it to do it ahead of time.")
	c.corpusFlags()
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return c.usageErr("takes no arguments, got %q", rest[0])
	}
	if c.cfg.IndexReadOnly {
		return errors.New("docent index writes the index: unset DOCENT_INDEX_READONLY")
	}
	dir, err := m.indexDir(c.cfg)
	if err != nil {
		return err
	}
	start := time.Now()
	var changes *corpus.Changes
	ix, files := m.openFromFolder(ctx, dir, c.cfg, c.Log) // nothing to load or index
	loaded := time.Now()
	if ix != nil {
		changes = &corpus.Changes{Unchanged: files}
	} else {
		var corp *corpus.Corpus
		var keep func()
		if corp, changes, keep, err = m.loadCorpus(ctx, c.cfg, c.Log); err != nil {
			return err
		}
		loaded = time.Now()
		if ix, err = m.openIndexOf(ctx, dir, corp, c.cfg, c.Log); err != nil {
			return err
		}
		keep() // after the index: see loadCorpus
	}
	done := time.Now()
	st := ix.Stats()
	status := "up to date, reused"
	switch {
	case st.Rebuilt && st.Reason == "updated":
		status = "updated (only the passages that changed were indexed)"
	case st.Rebuilt:
		status = "built"
		if st.Reason != "" {
			status += " (" + st.Reason + ")"
		}
	}
	source := c.cfg.CorpusDir
	if source == "" {
		source = "bundled"
	}
	tw := tabwriter.NewWriter(m.stdout(), 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "corpus\t%s\n", source)
	fmt.Fprintf(tw, "documents\t%d\n", st.Documents)
	fmt.Fprintf(tw, "passages\t%d\n", st.Passages)
	if changes != nil {
		fmt.Fprintf(tw, "files\t%s (%d read)\n", changes, changes.Read)
	}
	fmt.Fprintf(tw, "index\t%s\n", dir)
	fmt.Fprintf(tw, "status\t%s\n", status)
	fmt.Fprintf(tw, "time\t%s (loading %s, indexing %s)\n", roundDuration(done.Sub(start)),
		roundDuration(loaded.Sub(start)), roundDuration(done.Sub(loaded)))
	return tw.Flush()
}

// roundDuration keeps three significant figures or so: 1.23s, 45.6ms, 789µs.
func roundDuration(d time.Duration) time.Duration {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= 10*time.Millisecond:
		return d.Round(100 * time.Microsecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	default:
		return d.Round(time.Microsecond)
	}
}
