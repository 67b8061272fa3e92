// Package atomicfile writes a file so that a reader finds the old file or the whole new
// one, never a part.
package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

// Write writes the file name in dir through write, synced, under a temporary name
// first, then renames it into place and syncs dir.
func Write(dir, name string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(dir, name+".*")
	if err != nil {
		return err
	}
	err = write(f)
	if err == nil {
		// CreateTemp makes the file private; an index is read by other users too
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(dir, name))
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return err
	}
	// the rename is the folder's: synced too, or a power cut may leave the old file
	// after the caller has published what names the new one
	return SyncDir(dir)
}

// SyncDir syncs the folder dir: the names created, linked or renamed in it are on disk
// once it returns. A file system that cannot sync a folder is not an error.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil // a folder cannot be opened for syncing there; renames are durable
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) || errors.Is(err, os.ErrInvalid) {
		return nil // some network and FUSE file systems
	}
	return err
}

// RemoveLeftovers removes from dir the temporary files Write makes (name.<digits>) that a
// killed writer left, when their name starts with prefix and they were last written more
// than age ago: a younger one may be another process's write in progress.
func RemoveLeftovers(dir, prefix string, age time.Duration) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		dot := strings.LastIndexByte(name, '.')
		if e.IsDir() || !strings.HasPrefix(name, prefix) || dot < 0 || !allDigits(name[dot+1:]) {
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > age {
			_ = os.Remove(filepath.Join(dir, name)) // left again, tried again next time
		}
	}
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
