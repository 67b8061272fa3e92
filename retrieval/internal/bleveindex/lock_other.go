//go:build !unix

package bleveindex

import (
	"context"
	"log/slog"
)

// lockWriters does nothing where flock is missing: run one writer at a time there.
func lockWriters(ctx context.Context, dir string, log *slog.Logger) (unlock func(), err error) {
	return func() {}, nil
}
