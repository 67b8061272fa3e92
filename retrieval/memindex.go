package retrieval

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/blevesearch/bleve/v2"

	"github.com/docent-bot/docent/corpus"
)

// tempIndex is an index in a temporary directory that Close removes. It serves Open
// with no directory: bleve's in-memory indexes keep no field statistics and their BM25
// silently falls back to tf-idf, so tests, the bot's end-to-end tests and the CLI
// without an index folder would rank differently from production.
type tempIndex struct {
	bleveIndex
	dir string
}

// bleveIndex names the embedded index: bleve.Index has a method called Index.
type bleveIndex = bleve.Index

// Close closes the index and removes its directory.
func (t *tempIndex) Close() error {
	err := t.bleveIndex.Close()
	if rerr := os.RemoveAll(t.dir); err == nil && rerr != nil {
		err = fmt.Errorf("remove %s: %w", t.dir, rerr)
	}
	return err
}

// buildTemp builds c exactly as a persistent index is built, in a new temporary
// directory that the index's Close removes (or that is removed at once on failure).
func buildTemp(ctx context.Context, c *corpus.Corpus, opts Options, log *slog.Logger) (built, error) {
	dir, err := os.MkdirTemp("", "docent-index-")
	if err != nil {
		return built{}, fmt.Errorf("temporary index folder: %w", err)
	}
	b, err := rebuild(ctx, dir, c, opts, log)
	if err != nil {
		_ = os.RemoveAll(dir)
		return built{}, err
	}
	b.bi = &tempIndex{bleveIndex: b.bi, dir: dir}
	return b, nil
}
