package rank

import (
	"context"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

func testDocs() []corpus.Document                      { return testkit.Docs() }
func testCorpus(docs []corpus.Document) *corpus.Corpus { return testkit.New(docs) }

// testEngine analyses c as Open does and returns its Engine.
func testEngine(c *corpus.Corpus) *Engine {
	docOf := docIndex(c)
	f := Analyse(context.Background(), c.Documents, c.Passages, docOf)
	return NewEngine(c.Documents, Passages(c.Passages), docOf, f, FindAbbrevs(c.Documents, c.Passages))
}

// rankAll ranks every passage of e for question as Index.Answer would rank the passages
// a search found, all with the same search score, and returns their ids best first.
func rankAll(e *Engine, p *Params, question string) []string {
	q := e.Question(question, p)
	cands := make([]Candidate, e.texts.Len())
	for i := range cands {
		cands[i] = Candidate{Passage: i, BM25: 1, Score: 1}
	}
	e.Rescore(p, q, cands)
	e.Rerank(p, q, cands)
	ids := make([]string, len(cands))
	for r, c := range cands {
		ids[r] = e.texts.(Passages)[c.Passage].ID
	}
	return ids
}
