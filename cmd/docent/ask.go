package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/docent-bot/docent/retrieval"
)

// askOptions is what `docent ask` was asked to do, beyond the configuration.
type askOptions struct {
	json     bool
	query    retrieval.Query // filters and k; Text is set per question
	question string          // "-": one question per line on stdin
}

func runAsk(ctx context.Context, m *Main, args []string) error {
	c := m.newCommand("ask", "docent ask [flags] QUESTION... | docent ask [flags] -",
		"Answer a question from the corpus: the sentence that answers it and the passages it comes\n"+
			"from, each with its citation. With \"-\", read one question per line on stdin.")
	c.corpusFlags()
	c.intVar(&c.cfg.K, "K", "k", "passages to show, 1 to 100 (DOCENT_K)")
	c.floatVar(&c.cfg.NoAnswerThreshold, "NoAnswerThreshold", "threshold",
		"confidence (0 to 1) that the corpus is on topic below which docent says nothing answers; 0: the fitted default, negative: never refuse (DOCENT_NO_ANSWER_THRESHOLD)")
	var opts askOptions
	var from, to string
	c.fs.BoolVar(&opts.json, "json", false, "print one JSON object per question (see the README for its fields)")
	c.fs.BoolVar(&opts.query.OnePerDocument, "per-document", false, "list each document once, at its best passage (a document ranking)")
	c.fs.StringVar(&opts.query.DocID, "source", "", "only passages of this `document` (its id, as 'docent sources' lists)")
	c.fs.StringVar(&opts.query.Author, "author", "", "only documents by this `author`")
	c.fs.StringVar(&from, "from", "", "only documents published on or after this `date` (YYYY-MM-DD)")
	c.fs.StringVar(&to, "to", "", "only documents published on or before this `date` (YYYY-MM-DD)")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if opts.query.From, err = parseDate(c, "from", from); err != nil {
		return err
	}
	if opts.query.To, err = parseDate(c, "to", to); err != nil {
		return err
	}
	if !opts.query.From.IsZero() && !opts.query.To.IsZero() && opts.query.To.Before(opts.query.From) {
		return c.usageErr("--to %s is before --from %s", to, from)
	}
	opts.question = strings.TrimSpace(strings.Join(rest, " "))
	if opts.question == "" {
		return c.usageErr("no question given")
	}
	opts.query.K = c.cfg.K
	opts.query.NoMatches = opts.json // the JSON output carries no highlights

	ix, err := m.openIndex(ctx, c.cfg, c.Log)
	if err != nil {
		return err
	}
	if err := checkSource(ix, opts.query.DocID); err != nil {
		return err
	}
	return ask(ctx, m, ix, opts)
}

// parseDate parses a --from or --to date; an end date covers its whole day.
func parseDate(c *command, flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, c.usageErr("--%s %q is not a date in the form YYYY-MM-DD", flagName, s)
	}
	if flagName == "to" {
		t = t.Add(24*time.Hour - time.Nanosecond)
	}
	return t, nil
}

// checkSource reports a --source that names no document of the index.
func checkSource(ix *retrieval.Index, doc string) error {
	if doc == "" {
		return nil
	}
	if slices.ContainsFunc(ix.Sources(), func(s retrieval.Source) bool { return s.DocID == doc }) {
		return nil
	}
	return fmt.Errorf("no document %q in the corpus; run 'docent sources' for the list", doc)
}

// answerer is what ask needs of the index.
type answerer interface {
	Answer(ctx context.Context, q retrieval.Query) (retrieval.Result, error)
}

// ask answers opts.question, or every line of stdin when it is "-", and prints the results.
func ask(ctx context.Context, m *Main, ix answerer, opts askOptions) error {
	out := bufio.NewWriter(m.stdout())
	defer out.Flush()
	style := textStyle{bold: colorOK(m), width: textWidth(m.Stdout)}
	if opts.question != "-" {
		res, err := answerOne(ctx, ix, opts.query, opts.question)
		if err != nil {
			return err
		}
		if opts.json {
			err = writeJSON(out, res, "")
		} else {
			err = writeText(out, res, style)
		}
		if err != nil {
			return err
		}
		return out.Flush()
	}
	if m.Stdin == nil {
		return errors.New("no standard input to read questions from")
	}
	failed, n := 0, 0
	for question, err := range readLines(ctx, m.Stdin) {
		if err != nil {
			return err
		}
		n++
		res, err := answerOne(ctx, ix, opts.query, question)
		if err != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		var qe *retrieval.QueryError
		msg := ""
		switch {
		case errors.As(err, &qe):
			msg = qe.Reason
		case err != nil:
			failed++
			msg = "could not answer: " + err.Error()
		}
		if opts.json {
			err = writeJSON(out, res, msg)
		} else {
			if n > 1 {
				fmt.Fprintln(out)
			}
			err = writeTextLine(out, question, res, msg, style)
		}
		if err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("could not answer %d of %d questions", failed, n)
	}
	return nil
}

// readLines yields the lines of r, trimmed, and stops with ctx's error when ctx is done,
// even while a read blocks (a person typing questions who presses Ctrl-C).
func readLines(ctx context.Context, r io.Reader) func(yield func(string, error) bool) {
	return func(yield func(string, error) bool) {
		type item struct {
			line string
			err  error
		}
		lines := make(chan item)
		done := make(chan struct{})
		defer close(done)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(r)
			sc.Buffer(make([]byte, 64*1024), 1<<20)
			for sc.Scan() {
				select {
				case lines <- item{line: strings.TrimSpace(sc.Text())}:
				case <-done:
					return
				}
			}
			if err := sc.Err(); err != nil {
				select {
				case lines <- item{err: fmt.Errorf("read questions from stdin: %w", err)}:
				case <-done:
				}
			}
		}()
		for {
			select {
			case <-ctx.Done():
				yield("", ctx.Err())
				return
			case it, ok := <-lines:
				if !ok || !yield(it.line, it.err) || it.err != nil {
					return
				}
			}
		}
	}
}

// answerOne answers one question; the result always carries the question.
func answerOne(ctx context.Context, ix answerer, q retrieval.Query, question string) (retrieval.Result, error) {
	q.Text = question
	res, err := ix.Answer(ctx, q)
	res.Question = question
	return res, err
}

// writeTextLine renders one answer of a stream of questions, under the question.
func writeTextLine(w io.Writer, question string, res retrieval.Result, msg string, style textStyle) error {
	fmt.Fprintf(w, "Q: %s\n", question)
	if msg != "" {
		_, err := fmt.Fprintf(w, "%s\n", msg)
		return err
	}
	return writeText(w, res, style)
}
