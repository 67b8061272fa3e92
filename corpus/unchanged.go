package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"
)

// FileMeta is what the head of a snapshot records of each corpus file.
type FileMeta struct {
	Path    string
	Size    int64
	ModTime time.Time // zero: the file must be read again
}

// ErrChanged is returned by Unchanged when the folder differs from its snapshot, or
// the snapshot cannot tell.
var ErrChanged = errors.New("the corpus folder changed since its snapshot")

// Unchanged lists the corpus folder dir and stats its files, without reading any, and
// returns the corpus's fingerprint and the number of files when every file is as the
// snapshot at snapshotPath recorded it (same paths, sizes and modification times, same loading options): the
// index of that corpus answers for the folder as it is. Otherwise the error wraps
// ErrChanged (or says why the snapshot could not be read): load the folder.
func Unchanged(ctx context.Context, dir, snapshotPath string, opts Options) (fingerprint string, files int, err error) {
	opts = opts.withDefaults()
	head, err := readHead(snapshotPath)
	if err != nil {
		return "", 0, err
	}
	if head.Options != optionsKey(opts) || head.Fingerprint == "" {
		return "", 0, fmt.Errorf("corpus snapshot %s of other options or without a fingerprint: %w", snapshotPath, ErrChanged)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return "", 0, fmt.Errorf("open corpus %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return "", 0, fmt.Errorf("open corpus %s: not a folder", dir)
	}
	fsys := os.DirFS(dir)
	list, err := listFiles(ctx, fsys, dir, opts)
	if err != nil {
		return "", 0, err
	}
	if len(list) != len(head.Files) {
		return "", 0, fmt.Errorf("%d files, %d recorded: %w", len(list), len(head.Files), ErrChanged)
	}
	for i, p := range list { // both in path order
		was := head.Files[i]
		if err := ctx.Err(); err != nil {
			return "", 0, err
		}
		st, err := fs.Stat(fsys, p)
		if err != nil || was.Path != p || was.ModTime.IsZero() || st.Size() != was.Size || !st.ModTime().Equal(was.ModTime) {
			return "", 0, fmt.Errorf("%s: %w", p, ErrChanged)
		}
	}
	return head.Fingerprint, len(head.Files), nil
}

// SnapshotFingerprint returns the fingerprint of the corpus the snapshot at path records,
// from its head alone, for a process that answers from the index folder without a corpus
// folder.
func SnapshotFingerprint(path string) (string, error) {
	head, err := readHead(path)
	if err != nil {
		return "", err
	}
	if head.Fingerprint == "" {
		return "", fmt.Errorf("corpus snapshot %s without a fingerprint: %w", path, ErrChanged)
	}
	return head.Fingerprint, nil
}
