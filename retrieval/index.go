package retrieval

import (
	"context"
	"errors"
	"log/slog"

	"github.com/docent-bot/docent/corpus"
)

// Options tune an Index.
type Options struct {
	Logger *slog.Logger // nil discards
	// NoAnswerThreshold overrides the tuned evidence threshold below which a question is
	// declared unanswered; 0 keeps the default, a negative value never refuses.
	NoAnswerThreshold float64
	// Progress, when set, is called while indexing with passages done and total.
	Progress func(done, total int)
}

// Stats describes an open index.
type Stats struct {
	Documents int
	Passages  int
	Rebuilt   bool   // the index was (re)built by Open rather than reused
	Reason    string // why it was rebuilt: "missing", "corpus changed", "format", "corrupt"
}

// Index answers questions from one corpus. It is safe for concurrent use.
type Index struct{}

// Open opens the persistent index in dir for corpus c, building or rebuilding it when it is
// missing, corrupt, from an older format or built from other content. An empty dir keeps
// the index in memory.
func Open(ctx context.Context, dir string, c *corpus.Corpus, opts Options) (*Index, error) {
	return nil, errors.New("retrieval.Open: not implemented yet")
}

// Answer ranks passages for q, picks the answer sentence and decides whether anything answers.
func (ix *Index) Answer(ctx context.Context, q Query) (Result, error) {
	return Result{}, errors.New("not implemented")
}

// Sources lists the indexed documents in corpus order.
func (ix *Index) Sources() []Source { return nil }

// Passage returns one passage by id (for "show the full passage").
func (ix *Index) Passage(id string) (Passage, bool) { return Passage{}, false }

// Stats describes the index.
func (ix *Index) Stats() Stats { return Stats{} }

// Close releases the index.
func (ix *Index) Close() error { return nil }
