//go:build unix

package bleveindex

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockWriters takes the lock that lets one process at a time build and publish an index in
// dir, waiting for another writer until ctx ends. Without it two writers could each
// publish, and one's clean-up remove the folder the other's manifest names.
func lockWriters(ctx context.Context, dir string, log *slog.Logger) (unlock func(), err error) {
	for waited := false; ; waited = true {
		unlock, err := tryLock(dir)
		if err == nil {
			return unlock, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("lock index %s: %w", dir, err)
		}
		if !waited {
			log.Info("waiting for another docent that is writing this index folder", "dir", dir)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("lock index %s: %w", dir, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// tryLockWriters takes the writers' lock of dir only if no writer holds it.
func tryLockWriters(dir string) (unlock func(), ok bool) {
	unlock, err := tryLock(dir)
	return unlock, err == nil
}

// tryLock takes the writers' lock of dir without waiting: EWOULDBLOCK when it is held.
func tryLock(dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}
