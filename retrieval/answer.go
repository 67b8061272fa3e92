package retrieval

import (
	"context"
	"fmt"
	"slices"

	"github.com/docent-bot/docent/retrieval/analysis"
	"github.com/docent-bot/docent/retrieval/internal/bleveindex"
)

// maxOffset bounds paging: a ranking is not read deeper than this.
const maxOffset = 1000

// candidate is one passage matched by a question.
type candidate struct {
	i        int     // passage index
	bm25     float64 // bleve's score
	rescored float64 // textbook BM25, for the first RescoreDepth candidates
	score    float64 // after re-ranking
	ev       evidence
	toks     []token // analysed text, when re-ranked
}

// Answer ranks passages for q, picks the answer sentence and decides whether anything answers.
func (ix *Index) Answer(ctx context.Context, q Query) (Result, error) {
	text, err := cleanQuestion(q.Text)
	if err != nil {
		return Result{}, err
	}
	k := q.K
	if k == 0 {
		k = DefaultK
	}
	if k < 1 || k > MaxK {
		return Result{}, &QueryError{Reason: fmt.Sprintf("Ask for between 1 and %d passages, not %d.", MaxK, k)}
	}
	if q.Offset < 0 || q.Offset > maxOffset {
		return Result{}, &QueryError{Reason: fmt.Sprintf("The offset must be between 0 and %d.", maxOffset)}
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return Result{}, &QueryError{Reason: "The date range ends before it starts."}
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return Result{}, ErrClosed
	}
	asked, err := ix.question(text)
	if err != nil {
		return Result{}, err
	}
	res := Result{Question: text, NoAnswer: true}
	docs, any := ix.filterDocs(q)
	if !any {
		return res, nil
	}
	search := bleveindex.Query{Docs: docs}
	search.Terms, search.Optional = searchTerms(asked, len(ix.passages))
	cands, total, err := ix.candidates(ctx, search, asked, q.Offset+k, q.OnePerDocument)
	if err != nil {
		return Result{}, fmt.Errorf("answer %q: %w", text, err)
	}
	res.Total = total
	if len(cands) == 0 {
		return res, nil
	}
	res.Passages = ix.listPassages(cands, asked, q, k)
	best := ix.answerSentence(asked, cands)
	ix.decide(&res, ix.features(asked, cands, best))
	if !res.NoAnswer && best.text != "" {
		res.Answer = best.text
		res.AnswerMatches = best.matches
		res.AnswerCitation = ix.docs[ix.docOf[best.passage]].Cite(ix.passages[best.passage])
	}
	return res, nil
}

// listPassages returns the passages of the page q asks for, k of them from q.Offset on.
func (ix *Index) listPassages(cands []candidate, asked *analysis.Question, q Query, k int) []Passage {
	listed := cands
	if q.OnePerDocument {
		listed = ix.bestPerDocument(cands)
	}
	want := termSet(asked.Terms)
	out := make([]Passage, 0, max(0, min(k, len(listed)-q.Offset)))
	for r := q.Offset; r < len(listed) && r < q.Offset+k; r++ {
		c := &listed[r]
		p := ix.passage(c.i)
		p.Rank = r + 1
		p.Score = c.score
		if !q.NoMatches {
			if c.toks == nil {
				c.toks = ix.analysis(c.i).toks
			}
			p.Matches = matchSpans(p.Text, c.toks, want)
		}
		out = append(out, p)
	}
	return out
}

// decide sets the result's confidence, the probability that its first passage answers,
// and from it the outcome: a refusal below the refusal threshold, a hedged answer below
// the hedging one, else a confident answer.
func (ix *Index) decide(res *Result, f Features) {
	d := ix.params.Decision
	res.Features = f
	res.Confidence = d.Probability(f)
	res.NoAnswer = ix.threshold >= 0 && res.Confidence < ix.threshold
	res.Hedged = !res.NoAnswer && res.Confidence < d.Hedge
}

// candidates runs search and returns the re-ranked passages, at least want of them when that
// many match, with the number of passages that matched. With onePerDoc the search reads
// deeper until the passages come from want documents or the matches run out.
func (ix *Index) candidates(ctx context.Context, search bleveindex.Query, q *analysis.Question, want int, onePerDoc bool) ([]candidate, int, error) {
	depth := max(ix.params.RescoreDepth, want)
	if onePerDoc {
		depth = max(ix.params.RescoreDepth, docDepthFactor*want)
	}
	for {
		search.Size = depth
		hits, total, err := ix.bi.Search(ctx, search)
		if err != nil {
			return nil, 0, err
		}
		cands := make([]candidate, 0, len(hits))
		for _, h := range hits {
			if i, ok := ix.byID[h.ID]; ok {
				cands = append(cands, candidate{i: i, bm25: h.Score, score: h.Score})
			}
		}
		ix.rescore(q, cands)
		ix.rerank(q, cands)
		if !onePerDoc || len(hits) < depth || depth >= maxDocDepth || ix.documentsIn(cands) >= want {
			return cands, total, nil
		}
		depth = min(2*depth, maxDocDepth)
	}
}

// docDepthFactor is how many passages per wanted document a document ranking reads at
// first (SciFact's abstracts make about two passages each); maxDocDepth bounds how deep
// it reads when documents hold many matching passages.
const (
	docDepthFactor = 3
	maxDocDepth    = 4000
)

// documentsIn counts the documents cands come from.
func (ix *Index) documentsIn(cands []candidate) int {
	seen := make(map[int]bool, len(cands))
	for _, c := range cands {
		seen[ix.docOf[c.i]] = true
	}
	return len(seen)
}

// bestPerDocument returns each document's first candidate, in order.
func (ix *Index) bestPerDocument(cands []candidate) []candidate {
	seen := make(map[int]bool, len(cands))
	out := make([]candidate, 0, len(cands))
	for _, c := range cands {
		d := ix.docOf[c.i]
		if seen[d] {
			continue
		}
		seen[d] = true
		out = append(out, c)
	}
	return out
}

// filterDocs returns the ids of the documents that pass q's filters, in corpus order;
// nil when there is no filter. any is false when no document passes them.
func (ix *Index) filterDocs(q Query) (ids []string, any bool) {
	if q.DocID == "" && q.Author == "" && q.From.IsZero() && q.To.IsZero() {
		return nil, true
	}
	for i := range ix.docs {
		d := &ix.docs[i]
		if q.DocID != "" && d.ID != q.DocID {
			continue
		}
		if q.Author != "" && !authorMatches(d, q.Author) {
			continue
		}
		if !q.From.IsZero() && (d.Published.IsZero() || d.Published.Before(q.From)) {
			continue
		}
		if !q.To.IsZero() && (d.Published.IsZero() || d.Published.After(q.To)) {
			continue
		}
		ids = append(ids, d.ID)
	}
	return ids, len(ids) > 0
}

func termSet(terms []analysis.QueryTerm) map[string]bool {
	m := make(map[string]bool, len(terms))
	for _, t := range terms {
		m[t.Term] = true
	}
	return m
}

// matchSpans marks the tokens of text whose term is wanted, in text order, joining spans
// that overlap (a hyphenated word and its parts) or are separated only by spaces, so a
// matched phrase is marked once.
func matchSpans(text string, toks []token, want map[string]bool) []Span {
	var spans []Span
	for _, t := range toks {
		if want[t.Term] {
			spans = append(spans, Span{t.Start, t.End})
		}
	}
	slices.SortFunc(spans, func(a, b Span) int { return a.Start - b.Start })
	var out []Span
	for _, s := range spans {
		if n := len(out); n > 0 && (s.Start <= out[n-1].End || onlySpaces(text[out[n-1].End:s.Start])) {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

func onlySpaces(s string) bool {
	for _, c := range []byte(s) {
		if c != ' ' {
			return false
		}
	}
	return true
}

// sortCandidates orders by score, best first, ties in corpus order. Candidates are
// distinct passages, so the order is total and an unstable sort gives the same result.
func sortCandidates(cands []candidate) {
	slices.SortFunc(cands, func(a, b candidate) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		}
		return a.i - b.i
	})
}
