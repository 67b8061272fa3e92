package retrieval

import (
	"fmt"
	"log/slog"
	"sync"

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
	docOf []int // passage index → document index
	// byID maps a passage id to its index, made on the first Find: an index that is
	// only built or updated (docent index) never finds a passage by id.
	byID func() map[string]int
}

// newMemSource indexes c's passages by document; every passage's document must be known.
// Passage ids are unique by the way they are made (a document's id and paragraph
// numbers, document ids once each), which the store checks when it is written.
func newMemSource(c *corpus.Corpus) (*memSource, error) {
	m := &memSource{Passages: c.Passages, docs: c.Documents, docOf: make([]int, len(c.Passages))}
	docByID := make(map[string]int, len(c.Documents))
	for i, d := range c.Documents {
		if _, dup := docByID[d.ID]; dup {
			return nil, fmt.Errorf("document %q appears twice", d.ID)
		}
		docByID[d.ID] = i
	}
	for i := range c.Passages {
		p := &c.Passages[i]
		// passages follow their documents: the last one's passage needs no lookup
		if i > 0 && p.DocID == c.Passages[i-1].DocID {
			m.docOf[i] = m.docOf[i-1]
			continue
		}
		d, ok := docByID[p.DocID]
		if !ok {
			return nil, fmt.Errorf("passage %q names unknown document %q", p.ID, p.DocID)
		}
		m.docOf[i] = d
	}
	m.byID = sync.OnceValue(func() map[string]int {
		byID := make(map[string]int, len(c.Passages))
		for i := range c.Passages {
			byID[c.Passages[i].ID] = i
		}
		return byID
	})
	return m, nil
}

func (m *memSource) Passage(i int) (corpus.Passage, corpus.Citation) {
	p := m.Passages[i]
	return p, m.docs[m.docOf[i]].Cite(p)
}

func (m *memSource) Find(id string) (int, bool) {
	i, ok := m.byID()[id]
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
