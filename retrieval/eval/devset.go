package eval

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/docent-bot/docent/retrieval"
)

// AnswerFunc answers one question; Evaluate calls it once per question, in file order.
type AnswerFunc func(ctx context.Context, question string) (retrieval.Result, error)

// Outcome is how one question fared.
type Outcome struct {
	ID       string
	Rank     int  // 1..5: rank of the first gold passage; 0 when none in the top 5
	NoAnswer bool // the engine declared no answer (a *retrieval.QueryError counts as one)
	Hedged   bool // the engine answered with low confidence
	Correct  bool // answerable: a gold passage in the top 5; unanswerable: refused
	Leaks    int  // passages containing a forbidden text
	Err      string
}

// Report holds the dev-set metrics, computed as ../shared/eval/score.py does.
type Report struct {
	Questions      int
	Answerable     int
	Unanswerable   int
	Hit1           float64 // share of answerable questions with a gold passage at rank 1
	Hit3           float64
	Hit5           float64
	MRR5           float64 // mean reciprocal rank of the first gold passage within the top 5
	NoAnswerOK     int     // unanswerable questions the engine refused
	Caught         int     // unanswerable questions the engine refused or hedged
	FalseNoAnswers int     // answerable questions the engine refused
	Hedged         int     // answerable questions the engine answered with low confidence
	Leaks          int     // passages returned that contain a forbidden text
	Misses         []string
	Outcomes       []Outcome
}

// NoAnswerAccuracy is the share of unanswerable questions refused (1 when there are none).
func (r Report) NoAnswerAccuracy() float64 {
	if r.Unanswerable == 0 {
		return 1
	}
	return float64(r.NoAnswerOK) / float64(r.Unanswerable)
}

// Summary renders the one-line summary in score.py's format (without its wall time).
func (r Report) Summary() string {
	return fmt.Sprintf("n=%d hit@1=%.3f hit@3=%.3f hit@5=%.3f mrr@5=%.3f noans=%d/%d caught=%d/%d false_noans=%d/%d hedged=%d/%d leaks=%d",
		r.Questions, r.Hit1, r.Hit3, r.Hit5, r.MRR5, r.NoAnswerOK, r.Unanswerable, r.Caught, r.Unanswerable,
		r.FalseNoAnswers, r.Answerable, r.Hedged, r.Answerable, r.Leaks)
}

// MissesLine renders score.py's "misses:" line.
func (r Report) MissesLine() string {
	if len(r.Misses) == 0 {
		return "misses: none"
	}
	return "misses: " + strings.Join(r.Misses, " ")
}

// Evaluate asks every question and scores the answers. A *retrieval.QueryError for a
// question counts as a refusal with no passages; any other error stops the evaluation.
func Evaluate(ctx context.Context, questions []Question, answer AnswerFunc) (Report, error) {
	var rep Report
	if len(questions) == 0 {
		return rep, errors.New("evaluate: no questions")
	}
	var hit1, hit3, hit5 int
	var rr float64
	for _, q := range questions {
		if err := ctx.Err(); err != nil {
			return rep, fmt.Errorf("evaluate: %w", err)
		}
		res, err := answer(ctx, q.Question)
		var qe *retrieval.QueryError
		o := Outcome{ID: q.ID}
		switch {
		case errors.As(err, &qe):
			res = retrieval.Result{NoAnswer: true}
			o.Err = qe.Error()
		case err != nil:
			return rep, fmt.Errorf("evaluate question %s: %w", q.ID, err)
		}
		o.NoAnswer, o.Hedged = res.NoAnswer, res.Hedged && !res.NoAnswer
		texts := make([]string, len(res.Passages))
		for i, p := range res.Passages {
			texts[i] = Normalize(p.Text)
		}
		for _, f := range q.Forbid {
			nf := Normalize(f)
			for _, t := range texts {
				if strings.Contains(t, nf) {
					o.Leaks++
				}
			}
		}
		rep.Leaks += o.Leaks
		rep.Questions++
		if q.Answerable() {
			rep.Answerable++
			if res.NoAnswer {
				rep.FalseNoAnswers++
			}
			if o.Hedged {
				rep.Hedged++
			}
			o.Rank = goldRank(q.Gold, res.Passages, texts)
			switch {
			case o.Rank == 0:
				rep.Misses = append(rep.Misses, q.ID)
			case o.Rank == 1:
				hit1++
				fallthrough
			case o.Rank <= 3:
				hit3++
				fallthrough
			default:
				hit5++
				rr += 1 / float64(o.Rank)
			}
			o.Correct = o.Rank > 0
		} else {
			rep.Unanswerable++
			if res.NoAnswer {
				rep.NoAnswerOK++
			}
			if res.NoAnswer || o.Hedged {
				rep.Caught++
			}
			o.Correct = res.NoAnswer || o.Hedged
		}
		rep.Outcomes = append(rep.Outcomes, o)
	}
	if n := float64(rep.Answerable); n > 0 {
		rep.Hit1, rep.Hit3, rep.Hit5, rep.MRR5 = float64(hit1)/n, float64(hit3)/n, float64(hit5)/n, rr/n
	}
	return rep, nil
}

// GoldRank is the rank (1..5) of the first of the top five passages that comes from a
// gold document and holds its gold text, as ../shared/eval/score.py judges it; 0 when none.
func GoldRank(gold []Gold, ps []retrieval.Passage) int {
	texts := make([]string, min(len(ps), 5))
	for i := range texts {
		texts[i] = Normalize(ps[i].Text)
	}
	return goldRank(gold, ps, texts)
}

// goldRank is the rank (1..5) of the first of the top five passages that matches a gold
// answer, or 0.
func goldRank(gold []Gold, ps []retrieval.Passage, texts []string) int {
	for i := 0; i < len(ps) && i < 5; i++ {
		d := baseName(ps[i].Citation.DocID)
		for _, g := range gold {
			if d == g.Doc && strings.Contains(texts[i], Normalize(g.Contains)) {
				return i + 1
			}
		}
	}
	return 0
}

// baseName is os.path.basename: the part after the last slash.
func baseName(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}
