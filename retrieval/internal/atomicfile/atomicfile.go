// Package atomicfile writes a file so that a reader finds the old file or the whole new
// one, never a part.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write writes the file name in dir through write, synced, under a temporary name
// first, then renames it into place.
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
	}
	return err
}
