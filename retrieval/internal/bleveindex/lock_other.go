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

// tryLockWriters never takes the lock where flock is missing: the folders a killed writer
// left are then removed by the next build.
func tryLockWriters(dir string) (unlock func(), ok bool) { return nil, false }
