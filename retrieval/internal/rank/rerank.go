package rank

import (
	"math"
	"slices"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// Candidate is one passage a search found for a question, as ranking scores it.
type Candidate struct {
	Passage  int     // passage index
	BM25     float64 // the search's score
	Score    float64 // after rescoring and re-ranking; the search's score until then
	rescored float64 // textbook BM25, for the first RescoreDepth candidates
	ev       evidence
	toks     []token         // analysed text, when re-ranked
	extra    map[string]bool // the question's terms its heading, title or authors hold, when re-ranked
	sentence *Sentence       // its best answer sentence, once measured
}

// Rerank measures the best candidates and orders them by their score raised by how much
// of the question they hold as a phrase. The bonus grows with a power of the phrase's
// share of the question (Params.ChainPower): a passage that states most of the question
// word for word rises, one that shares a few adjacent words barely moves. (Proportional
// bonuses and additive proximity scores cost SciFact, whose claims paraphrase their
// abstracts: docs/retrieval.md.)
func (e *Engine) Rerank(p *Params, q *analysis.Question, cands []Candidate) {
	ids := e.fwd.lookup(q.Terms)
	d := min(p.RerankDepth, len(cands))
	for j := range cands[:d] {
		c := &cands[j]
		toks, extra := e.fwd.found(&ids, c.Passage, e.docOf[c.Passage])
		c.extra = extra
		c.ev = measureWindow(q, toks, extra, p.ProxWindow, p.WindowSize)
		c.Score *= (1 + p.ChainWeight*math.Pow(c.ev.chain, p.ChainPower)) *
			(1 + p.WindowWeight*math.Pow(c.ev.window, p.WindowPower))
	}
	sortCandidates(cands[:d])
	e.rerankBySentence(p, q, cands[:min(p.SentenceRankDepth, d)])
}

// rerankBySentence raises the first candidates by their best answer sentence: a passage
// that answers holds one sentence with most of the question and the kind of thing asked
// (a number near "how many deminers"), where a passage on the same subject spreads the
// words over several.
func (e *Engine) rerankBySentence(p *Params, q *analysis.Question, cands []Candidate) {
	if len(cands) < 2 || (p.SentenceRankWeight == 0 && p.SentenceRankType == 0) || !q.Type.Checkable() {
		return
	}
	want := TermSet(q.Terms)
	for j := range cands {
		s := e.bestSentence(p, q, &cands[j], want)
		cands[j].Score *= (1 + p.SentenceRankWeight*s.ev.coverage) * (1 + p.SentenceRankType*s.answer.TypeMatch)
	}
	sortCandidates(cands)
}

// sortCandidates orders by score, best first, ties in corpus order. Candidates are
// distinct passages, so the order is total and an unstable sort gives the same result.
func sortCandidates(cands []Candidate) {
	slices.SortFunc(cands, func(a, b Candidate) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return a.Passage - b.Passage
	})
}
