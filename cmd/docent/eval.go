package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/eval"
)

// evalOptions is what `docent eval` was asked to do.
type evalOptions struct {
	k     int // passages per question; 0: 5 for a question file, 100 for BEIR
	beir  eval.BEIRFiles
	run   string // TREC run file to write
	quiet bool
	write string // --from-feedback: the question file to write
}

func runEval(ctx context.Context, m *Main, args []string) error {
	c := m.newCommand("eval", "docent eval [flags] QUESTIONS.jsonl | docent eval [flags] --beir DIR | docent eval --from-feedback DATA_DIR [--write FILE]",
		"Measure docent on a question file in the format of dev.jsonl (one {\"id\", \"question\",\n"+
			"\"gold\": [{\"doc\", \"contains\"}]} or {\"id\", \"question\", \"no_answer\": true} per line):\n"+
			"hit@1, hit@3, hit@5, MRR and no-answer accuracy. With --beir (or --queries and\n"+
			"--qrels), index a BEIR collection and print nDCG@10, recall@100 and MRR@10. With\n"+
			"--from-feedback, turn the questions members marked 👍 into such a file (--write) and\n"+
			"check the current corpus and index still answer them.")
	c.corpusFlags()
	c.floatVar(&c.cfg.NoAnswerThreshold, "NoAnswerThreshold", "threshold",
		"confidence (0 to 1) that the corpus is on topic below which docent says nothing answers; 0: the fitted default, negative: never refuse (DOCENT_NO_ANSWER_THRESHOLD)")
	var o evalOptions
	c.fs.IntVar(&o.k, "k", 0, "passages per question, 1 to 100 (default 5; 100 with --beir)")
	c.fs.StringVar(&o.beir.Dir, "beir", "", "BEIR `folder` with corpus.jsonl, queries*.jsonl and qrels/*.tsv")
	c.fs.StringVar(&o.beir.Queries, "queries", "", "BEIR queries `file` (instead of the folder's)")
	c.fs.StringVar(&o.beir.Qrels, "qrels", "", "BEIR qrels `file` (instead of the folder's)")
	c.fs.StringVar(&o.beir.Split, "split", "", "qrels split of the BEIR folder, qrels/`NAME`.tsv (default: test, or the only one)")
	c.fs.StringVar(&o.run, "run", "", "write a TREC run `file` of the BEIR rankings")
	c.fs.BoolVar(&o.quiet, "q", false, "print only the summary line")
	var fromFeedback dirList
	c.fs.Var(&fromFeedback, "from-feedback", "data `folder` (as docent gaps --data; repeatable, globs allowed): check the questions\n"+
		"members marked 👍 there, gold being the passage the answer led with")
	c.fs.StringVar(&o.write, "write", "", "with --from-feedback, write those questions to `file` (dev.jsonl's format)")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if o.k != 0 && (o.k < 1 || o.k > retrieval.MaxK) {
		return c.usageErr("--k must be between 1 and %d, not %d", retrieval.MaxK, o.k)
	}
	beir := o.beir.Dir != "" || o.beir.Queries != "" || o.beir.Qrels != ""
	switch {
	case len(fromFeedback) > 0 && (beir || len(rest) > 0):
		return c.usageErr("give --from-feedback, a question file or --beir, one of them")
	case len(fromFeedback) > 0:
		return evalFeedback(ctx, m, c, fromFeedback, o)
	case o.write != "":
		return c.usageErr("--write needs --from-feedback")
	case beir && len(rest) > 0:
		return c.usageErr("give either a question file or --beir/--queries/--qrels, not both")
	case beir:
		if o.beir.Dir == "" && (o.beir.Queries == "" || o.beir.Qrels == "" || c.cfg.CorpusDir == "") {
			return c.usageErr("without --beir, give all of --queries, --qrels and --corpus")
		}
		return evalBEIR(ctx, m, c, o)
	case o.run != "" || o.beir.Split != "":
		return c.usageErr("--run and --split need --beir or --queries/--qrels")
	case len(rest) != 1:
		return c.usageErr("give one question file")
	}
	return evalQuestions(ctx, m, c, rest[0], o)
}

// evalQuestions scores docent on a question file against the configured corpus.
func evalQuestions(ctx context.Context, m *Main, c *command, path string, o evalOptions) error {
	qs, err := eval.ReadQuestions(path)
	if err != nil {
		return err
	}
	ix, err := m.openIndex(ctx, c.cfg, c.Log)
	if err != nil {
		return err
	}
	return scoreQuestions(ctx, m.stdout(), ix, qs, o)
}

// scoreQuestions asks ix every question and prints the report (unless o.quiet) and the
// summary line.
func scoreQuestions(ctx context.Context, w io.Writer, ix *retrieval.Index, qs []eval.Question, o evalOptions) error {
	k := o.k
	if k == 0 {
		k = 5
	}
	rep, err := eval.Evaluate(ctx, qs, func(ctx context.Context, q string) (retrieval.Result, error) {
		return ix.Answer(ctx, retrieval.Query{Text: q, K: k, NoMatches: true})
	})
	if err != nil {
		return err
	}
	if !o.quiet {
		writeReport(w, rep, qs)
	}
	_, err = fmt.Fprintln(w, "summary:", rep.Summary())
	return err
}

// writeReport prints the dev-set metrics and the questions that went wrong.
func writeReport(w io.Writer, rep eval.Report, qs []eval.Question) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "questions\t%d (%d answerable, %d without an answer)\n", rep.Questions, rep.Answerable, rep.Unanswerable)
	fmt.Fprintf(tw, "hit@1\t%.3f\n", rep.Hit1)
	fmt.Fprintf(tw, "hit@3\t%.3f\n", rep.Hit3)
	fmt.Fprintf(tw, "hit@5\t%.3f\n", rep.Hit5)
	fmt.Fprintf(tw, "MRR@5\t%.3f\n", rep.MRR5)
	fmt.Fprintf(tw, "no-answer accuracy\t%.3f (%d of %d refused)\n", rep.NoAnswerAccuracy(), rep.NoAnswerOK, rep.Unanswerable)
	fmt.Fprintf(tw, "caught (refused or hedged)\t%d of %d\n", rep.Caught, rep.Unanswerable)
	fmt.Fprintf(tw, "false no-answers\t%d of %d\n", rep.FalseNoAnswers, rep.Answerable)
	fmt.Fprintf(tw, "hedged answers\t%d of %d\n", rep.Hedged, rep.Answerable)
	fmt.Fprintf(tw, "leaks\t%d\n", rep.Leaks)
	tw.Flush()
	byID := map[string]eval.Question{}
	for _, q := range qs {
		byID[q.ID] = q
	}
	var wrong []string
	for _, o := range rep.Outcomes {
		q := byID[o.ID]
		var why string
		switch {
		case o.Err != "":
			why = "rejected: " + o.Err
		case q.Answerable() && o.Rank == 0 && o.NoAnswer:
			why = "refused, and no gold passage in the top 5"
		case q.Answerable() && o.Rank == 0:
			why = "no gold passage in the top 5"
		case q.Answerable() && o.NoAnswer:
			why = fmt.Sprintf("refused, though a gold passage is at rank %d", o.Rank)
		case !q.Answerable() && !o.NoAnswer && !o.Hedged:
			why = "answered confidently, though the corpus does not answer it"
		case o.Leaks > 0:
			why = fmt.Sprintf("%d passages with forbidden text", o.Leaks)
		default:
			continue
		}
		wrong = append(wrong, fmt.Sprintf("  %-6s %s\n         %s", o.ID, why, q.Question))
	}
	if len(wrong) > 0 {
		fmt.Fprintf(w, "\nquestions that went wrong:\n%s\n", strings.Join(wrong, "\n"))
	}
	fmt.Fprintln(w)
}
