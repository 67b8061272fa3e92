package retrieval

import (
	"context"
	"fmt"

	"github.com/docent-bot/docent/retrieval/analysis"
	"github.com/docent-bot/docent/retrieval/internal/bleveindex"
	"github.com/docent-bot/docent/retrieval/internal/rank"
)

// maxOffset bounds paging: a ranking is not read deeper than this.
const maxOffset = 1000

// Answer ranks passages for q, picks the answer sentence and decides whether anything answers.
func (ix *Index) Answer(ctx context.Context, q Query) (Result, error) {
	text, k, err := validate(q)
	if err != nil {
		return Result{}, err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return Result{}, ErrClosed
	}
	p := &ix.params
	res := Result{Question: text, NoAnswer: true}
	asked, cands, total, err := ix.rank(ctx, p, text, q, k)
	if err != nil || len(cands) == 0 {
		return res, err
	}
	res.Total = total
	res.Passages = ix.listPassages(cands, asked, q, k)
	best := ix.engine.AnswerSentence(p, asked, cands)
	ix.decide(&res, ix.engine.Features(p, asked, cands, best))
	if !res.NoAnswer && best.Text != "" {
		res.Answer = best.Text
		res.AnswerMatches = best.Matches
		_, res.AnswerCitation = ix.src.Passage(best.Passage)
	}
	return res, nil
}

// rank analyses the cleaned question text and returns its ranked candidates, at least
// q.Offset+k of them when that many match, with the number of passages that matched.
// The caller holds ix.mu.
func (ix *Index) rank(ctx context.Context, p *Params, text string, q Query, k int) (*analysis.Question, []rank.Candidate, int, error) {
	asked, err := ix.question(text)
	if err != nil {
		return nil, nil, 0, err
	}
	docs, any := ix.filterDocs(q)
	if !any {
		return asked, nil, 0, nil
	}
	search := bleveindex.Query{Docs: docs}
	search.Terms, search.Optional = rank.SearchTerms(asked, ix.src.Len())
	cands, total, err := ix.candidates(ctx, p, search, asked, q.Offset+k, q.OnePerDocument)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("answer %q: %w", text, err)
	}
	return asked, cands, total, nil
}

// SentenceCandidates returns the sentences the answer sentence of q is chosen from, with
// their features (retrieval.SentenceFeatureNames), for fitting the answer-sentence model.
func (ix *Index) SentenceCandidates(ctx context.Context, q Query) ([]SentenceCandidate, error) {
	var out []SentenceCandidate
	err := ix.withRanked(ctx, q, func(p *Params, asked *analysis.Question, cands []rank.Candidate, _ int) {
		out = ix.engine.SentenceCandidates(p, asked, cands)
	})
	return out, err
}

// withRanked validates and ranks q under the index's read lock and hands use the
// candidates (use is not called when there are none); for the fitting tool's views.
func (ix *Index) withRanked(ctx context.Context, q Query, use func(p *Params, asked *analysis.Question, cands []rank.Candidate, k int)) error {
	text, k, err := validate(q)
	if err != nil {
		return err
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return ErrClosed
	}
	p := &ix.params
	asked, cands, _, err := ix.rank(ctx, p, text, q, k)
	if err != nil || len(cands) == 0 {
		return err
	}
	use(p, asked, cands, k)
	return nil
}

// validate cleans q's question and checks q; it returns the question and the number of
// passages wanted. The error is fit to show a user.
func validate(q Query) (text string, k int, err error) {
	text, err = cleanQuestion(q.Text)
	if err != nil {
		return "", 0, err
	}
	k = q.K
	if k == 0 {
		k = DefaultK
	}
	if k < 1 || k > MaxK {
		return "", 0, &QueryError{Reason: fmt.Sprintf("Ask for between 1 and %d passages, not %d.", MaxK, k)}
	}
	if q.Offset < 0 || q.Offset > maxOffset {
		return "", 0, &QueryError{Reason: fmt.Sprintf("The offset must be between 0 and %d.", maxOffset)}
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return "", 0, &QueryError{Reason: "The date range ends before it starts."}
	}
	return text, k, nil
}

// candidates searches, rescores and re-ranks: it returns the re-ranked passages, at
// least want of them when that many match, with the number of passages that matched.
// With onePerDoc the search reads deeper until the passages come from want documents or
// the matches run out.
func (ix *Index) candidates(ctx context.Context, p *Params, search bleveindex.Query, q *analysis.Question, want int, onePerDoc bool) ([]rank.Candidate, int, error) {
	depth := max(p.RescoreDepth, want)
	if onePerDoc {
		depth = max(p.RescoreDepth, docDepthFactor*want)
	}
	for {
		search.Size = depth
		hits, total, err := ix.search(ctx, search)
		if err != nil {
			return nil, 0, err
		}
		cands := make([]rank.Candidate, 0, len(hits))
		for _, h := range hits {
			cands = append(cands, rank.Candidate{Passage: h.Passage, BM25: h.Score, Score: h.Score})
		}
		ix.engine.Rescore(p, q, cands)
		ix.engine.Rerank(p, q, cands)
		if !onePerDoc || len(hits) < depth || depth >= maxDocDepth || ix.documentsIn(cands) >= want {
			return cands, total, nil
		}
		depth = min(2*depth, maxDocDepth)
	}
}

// listPassages returns the passages of the page q asks for, k of them from q.Offset on.
func (ix *Index) listPassages(cands []rank.Candidate, asked *analysis.Question, q Query, k int) []Passage {
	listed := cands
	if q.OnePerDocument {
		listed = ix.bestPerDocument(cands)
	}
	want := rank.TermSet(asked.Terms)
	out := make([]Passage, 0, max(0, min(k, len(listed)-q.Offset)))
	for r := q.Offset; r < len(listed) && r < q.Offset+k; r++ {
		c := &listed[r]
		p := ix.passage(c.Passage)
		p.Rank = r + 1
		p.Score = c.Score
		if !q.NoMatches {
			p.Matches = ix.engine.Matches(c, want)
		}
		out = append(out, p)
	}
	return out
}

// decide sets the result's evidence, its confidence (the probability that its first
// passage answers), its topic probability and from them the outcome: a refusal, a hedged
// answer or a confident one.
func (ix *Index) decide(res *Result, f Features) {
	res.Features = f
	res.Confidence, res.OnTopic, res.NoAnswer, res.Hedged = ix.params.Decision.Decide(f, ix.threshold)
}

// docDepthFactor is how many passages per wanted document a document ranking reads at
// first (SciFact's abstracts make about two passages each); maxDocDepth bounds how deep
// it reads when documents hold many matching passages.
const (
	docDepthFactor = 3
	maxDocDepth    = 4000
)

// documentsIn counts the documents cands come from.
func (ix *Index) documentsIn(cands []rank.Candidate) int {
	seen := make(map[int]bool, len(cands))
	for _, c := range cands {
		seen[ix.docOf[c.Passage]] = true
	}
	return len(seen)
}

// bestPerDocument returns each document's first candidate, in order.
func (ix *Index) bestPerDocument(cands []rank.Candidate) []rank.Candidate {
	seen := make(map[int]bool, len(cands))
	out := make([]rank.Candidate, 0, len(cands))
	for _, c := range cands {
		d := ix.docOf[c.Passage]
		if seen[d] {
			continue
		}
		seen[d] = true
		out = append(out, c)
	}
	return out
}

// PassageCandidate is one ranked candidate passage with, for the first RerankDepth, the
// features a learned re-ranking would read (PassageFeatureNames).
type PassageCandidate struct {
	Passage  Passage
	Measured bool // Features are set
	Features PassageFeatures
}

// PassageCandidates returns the first candidates of q as ranked (up to 2·RerankDepth, or
// q.K when more), the first RerankDepth with their features, for measuring a learned
// re-ranking.
func (ix *Index) PassageCandidates(ctx context.Context, q Query) ([]PassageCandidate, error) {
	var out []PassageCandidate
	err := ix.withRanked(ctx, q, func(p *Params, asked *analysis.Question, cands []rank.Candidate, k int) {
		xs := ix.engine.PassageFeatures(p, asked, cands)
		out = make([]PassageCandidate, 0, min(len(cands), max(k, 2*p.RerankDepth)))
		for r := range cap(out) {
			c := PassageCandidate{Passage: ix.passage(cands[r].Passage)}
			c.Passage.Rank, c.Passage.Score = r+1, cands[r].Score
			if r < len(xs) {
				c.Measured, c.Features = true, xs[r]
			}
			out = append(out, c)
		}
	})
	return out, err
}
