package bleveindex

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/docent-bot/docent/corpus"
)

// buildTemp builds c exactly as a persistent index is built, in a new temporary
// directory, and removes the directory as soon as the index is open: the open files stay
// readable until Close, and nothing is left behind, even by a process that never closes
// the index (a shared test index) or that crashes. It serves Open with no directory:
// bleve's in-memory indexes rank from another statistic than a built folder (and
// bleve.NewMemOnly not by BM25 at all), so tests, the bot's end-to-end tests and the CLI
// without an index folder would rank differently from production.
func buildTemp(ctx context.Context, c *corpus.Corpus, opts Options, log *slog.Logger) (built, error) {
	dir, err := os.MkdirTemp("", "docent-index-")
	if err != nil {
		return built{}, fmt.Errorf("temporary index folder: %w", err)
	}
	b, err := rebuild(ctx, &Plan{dir: dir, c: c, reason: "memory"}, opts, log)
	if rerr := os.RemoveAll(dir); err == nil && rerr != nil {
		_ = b.bi.Close()
		return built{}, fmt.Errorf("remove temporary index folder: %w", rerr)
	}
	if err != nil {
		return built{}, err
	}
	b.path = "" // removed
	return b, nil
}
