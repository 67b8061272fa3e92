// Package retrievaltest gives tests of other packages the real index on the bundled corpus,
// built once per test binary.
package retrievaltest

import (
	"context"
	"sync"
	"testing"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
)

var (
	once  sync.Once
	index *retrieval.Index
	err   error
)

// BundledIndex returns the in-memory index of the bundled corpus, shared by every test of
// the binary; tests must not close it.
func BundledIndex(tb testing.TB) *retrieval.Index {
	tb.Helper()
	once.Do(func() {
		ctx := context.Background()
		var c *corpus.Corpus
		if c, err = corpus.Load(ctx, corpus.Bundled(), corpus.Options{}); err == nil {
			index, err = retrieval.Open(ctx, "", c, retrieval.Options{})
		}
	})
	if err != nil {
		tb.Fatalf("open the bundled index: %v", err)
	}
	return index
}
