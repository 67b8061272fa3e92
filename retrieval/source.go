package retrieval

import (
	"fmt"
	"log/slog"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/rank"
)

// passageSource is where an Index reads its passages: the corpus in memory that Open was
// given, or the store in the index folder (OpenStored).
type passageSource interface {
	rank.Texts
	Passage(i int) (corpus.Passage, corpus.Citation)
	Find(id string) (int, bool) // the index of the passage with id
}

// memSource is the passages of a corpus held in memory.
type memSource struct {
	rank.Passages
	docs  []corpus.Document
	docOf []int          // passage index → document index
	byID  map[string]int // passage id → passage index
}

// newMemSource indexes c's passages by id and by document; ids must be unique and every
// passage's document known.
func newMemSource(c *corpus.Corpus) (*memSource, error) {
	m := &memSource{Passages: c.Passages, docs: c.Documents,
		docOf: make([]int, len(c.Passages)), byID: make(map[string]int, len(c.Passages))}
	docByID := make(map[string]int, len(c.Documents))
	for i, d := range c.Documents {
		if _, dup := docByID[d.ID]; dup {
			return nil, fmt.Errorf("document %q appears twice", d.ID)
		}
		docByID[d.ID] = i
	}
	for i, p := range c.Passages {
		d, ok := docByID[p.DocID]
		if !ok {
			return nil, fmt.Errorf("passage %q names unknown document %q", p.ID, p.DocID)
		}
		if _, dup := m.byID[p.ID]; dup {
			return nil, fmt.Errorf("passage id %q appears twice", p.ID)
		}
		m.docOf[i] = d
		m.byID[p.ID] = i
	}
	return m, nil
}

func (m *memSource) Passage(i int) (corpus.Passage, corpus.Citation) {
	p := m.Passages[i]
	return p, m.docs[m.docOf[i]].Cite(p)
}

func (m *memSource) Find(id string) (int, bool) {
	i, ok := m.byID[id]
	return i, ok
}

// newIndex returns an Index with opts' logger, parameters and threshold, and nothing open.
func newIndex(log *slog.Logger, opts Options) *Index {
	ix := &Index{log: log, params: DefaultParams()}
	if opts.Params != nil {
		ix.params = *opts.Params
	}
	ix.threshold = ix.params.Decision.Refuse
	if opts.NoAnswerThreshold != 0 {
		ix.threshold, ix.overrode = opts.NoAnswerThreshold, true
	}
	return ix
}
