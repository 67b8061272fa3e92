package eval

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/docent-bot/docent/retrieval"
)

// BEIROptions tune EvaluateBEIR.
type BEIROptions struct {
	// Run, when set, receives a TREC run file: "qid Q0 docid rank score tag" per document.
	Run io.Writer
	Tag string // run tag; default "docent"
}

// QueryScore is one query's ranking metrics.
type QueryScore struct {
	ID                       string
	NDCG10, Recall100, MRR10 float64
	Latency                  time.Duration
	Err                      string // the *retrieval.QueryError the query got, if any
}

// BEIRReport holds the ranking metrics averaged over judged queries, as trec_eval computes
// them over the document ranking (documents in order of first appearance).
type BEIRReport struct {
	Queries                  int
	NDCG10, Recall100, MRR10 float64
	P50, P95                 time.Duration // per-query latency of the answer function
	Rejected                 int           // queries that got a *retrieval.QueryError
	PerQuery                 []QueryScore
}

// Summary renders the report on one line.
func (r BEIRReport) Summary() string {
	return fmt.Sprintf("queries=%d ndcg@10=%.4f recall@100=%.4f mrr@10=%.4f p50=%s p95=%s",
		r.Queries, r.NDCG10, r.Recall100, r.MRR10, r.P50.Round(time.Microsecond), r.P95.Round(time.Microsecond))
}

// EvaluateBEIR runs every judged query through answer (which should return at least 100
// passages) and scores the document rankings. A *retrieval.QueryError scores the query 0;
// any other error stops the evaluation.
func EvaluateBEIR(ctx context.Context, set *BEIRSet, answer AnswerFunc, opts BEIROptions) (BEIRReport, error) {
	var rep BEIRReport
	if set == nil || len(set.Queries) == 0 {
		return rep, errors.New("evaluate beir: no queries")
	}
	tag := opts.Tag
	if tag == "" {
		tag = "docent"
	}
	lat := make([]time.Duration, 0, len(set.Queries))
	for _, q := range set.Queries {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("evaluate beir: %w", err)
		}
		t0 := time.Now()
		res, err := answer(ctx, q.Text)
		d := time.Since(t0)
		s := QueryScore{ID: q.ID, Latency: d}
		var qe *retrieval.QueryError
		switch {
		case errors.As(err, &qe):
			s.Err = qe.Error()
			rep.Rejected++
		case err != nil:
			return rep, fmt.Errorf("evaluate beir query %s: %w", q.ID, err)
		}
		lat = append(lat, d)
		docs, scores := DocRanking(res.Passages)
		rel := set.Qrels[q.ID]
		s.NDCG10, s.Recall100, s.MRR10 = NDCG(docs, rel, 10), Recall(docs, rel, 100), ReciprocalRank(docs, rel, 10)
		rep.NDCG10 += s.NDCG10
		rep.Recall100 += s.Recall100
		rep.MRR10 += s.MRR10
		rep.PerQuery = append(rep.PerQuery, s)
		if opts.Run != nil {
			if err := WriteRun(opts.Run, q.ID, docs, scores, tag); err != nil {
				return rep, err
			}
		}
	}
	rep.Queries = len(rep.PerQuery)
	n := float64(rep.Queries)
	rep.NDCG10, rep.Recall100, rep.MRR10 = rep.NDCG10/n, rep.Recall100/n, rep.MRR10/n
	rep.P50, rep.P95 = Percentile(lat, 50), Percentile(lat, 95)
	return rep, nil
}

// WriteRun writes one query's document ranking in TREC run format:
// "qid Q0 docid rank score tag", ranks from 1.
func WriteRun(w io.Writer, qid string, docs []string, scores []float64, tag string) error {
	var b strings.Builder
	for i, d := range docs {
		var s float64
		if i < len(scores) {
			s = scores[i]
		}
		fmt.Fprintf(&b, "%s Q0 %s %d %.6f %s\n", field(qid), field(d), i+1, s, field(tag))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write run: %w", err)
	}
	return nil
}

// field keeps a run-file column one token: white space becomes "_".
func field(s string) string {
	if !strings.ContainsFunc(s, isPySpace) {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, isPySpace), "_")
}
