package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"
)

// racyWindow is how recent a modification time must be for the file to be read again next
// time whatever its metadata say: a file changed twice within the file system's timestamp
// resolution keeps its size and time.
const racyWindow = 2 * time.Second

// LoadDirFrom is LoadDir that reads only the files whose size or modification time differ
// from prev, a snapshot an earlier load of the same folder returned (nil reads every
// file), and parses only those whose content hash differs too. The corpus-wide rules run
// again over every document, so they stay exact: text repeated across documents is
// removed from all of them, and kept again once it no longer repeats. It returns the
// corpus, the snapshot to keep for the next load, and what changed.
func LoadDirFrom(ctx context.Context, dir string, prev *Snapshot, opts Options) (*Corpus, *Snapshot, Changes, error) {
	return loadDirFrom(ctx, dir, func() *Snapshot { return prev }, opts)
}

// LoadDirFromSnapshot is LoadDirFrom with the snapshot WriteSnapshot wrote at
// snapshotPath, read while the folder is listed and its files statted. A snapshot that
// cannot be read (none yet, another version, damaged) reads every file; onError, when
// set, is told why, unless there was none.
func LoadDirFromSnapshot(ctx context.Context, dir, snapshotPath string, onError func(error), opts Options) (*Corpus, *Snapshot, Changes, error) {
	read := make(chan *Snapshot, 1)
	go func() {
		s, err := ReadSnapshot(snapshotPath)
		if err != nil && !errors.Is(err, fs.ErrNotExist) && onError != nil {
			onError(err)
		}
		read <- s
	}()
	prev := sync.OnceValue(func() *Snapshot { return <-read })
	defer prev() // the reading ends before the call does, whatever happens
	return loadDirFrom(ctx, dir, prev, opts)
}

// loadDirFrom is LoadDirFrom with the snapshot given when it is needed: once the folder is
// listed and its files statted.
func loadDirFrom(ctx context.Context, dir string, prevSnapshot func() *Snapshot, opts Options) (*Corpus, *Snapshot, Changes, error) {
	opts = opts.withDefaults()
	log := opts.Logger
	start := time.Now()
	var ch Changes
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, nil, ch, fmt.Errorf("open corpus %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return nil, nil, ch, fmt.Errorf("open corpus %s: not a folder", dir)
	}
	fsys := os.DirFS(dir)
	files, err := listFiles(ctx, fsys, dir, opts)
	if err != nil {
		return nil, nil, ch, err
	}
	stats := make([]fs.FileInfo, len(files))
	for i, p := range files {
		if err := ctx.Err(); err != nil {
			return nil, nil, ch, err
		}
		st, err := fs.Stat(fsys, p)
		if err != nil {
			log.Warn("skipping file", "file", p, "err", err)
			continue
		}
		stats[i] = st
	}
	prev := prevSnapshot()
	old := map[string]*FileState{}
	if prev != nil && prev.Format == snapshotFormat && prev.Options == optionsKey(opts) {
		for i := range prev.Files {
			old[prev.Files[i].Path] = &prev.Files[i]
		}
	}
	next := &Snapshot{Format: snapshotFormat, Options: optionsKey(opts), Files: make([]FileState, 0, len(files))}
	if len(old) > 0 {
		next.partsFrom(prev)
	}
	parser := NewParser(opts) // PDFium starts only if a PDF is there
	defer parser.Close()
	for i, p := range files {
		if err := ctx.Err(); err != nil {
			return nil, nil, ch, err
		}
		opts.progress("reading", i+1, len(files))
		st := stats[i]
		if st == nil { // could not be statted
			continue
		}
		was := old[p]
		delete(old, p)
		if was != nil && !was.ModTime.IsZero() && was.Size == st.Size() && was.ModTime.Equal(st.ModTime()) {
			ch.Unchanged++
			next.Files = append(next.Files, *was)
			continue
		}
		next.markDirty(p)
		data, err := readFile(fsys, p, opts.MaxFileSize)
		if err != nil {
			log.Warn("skipping file", "file", p, "err", err)
			if was != nil {
				ch.Removed++
			}
			continue
		}
		ch.Read++
		sum := sha256.Sum256(data)
		f := FileState{Path: p, Size: st.Size(), ModTime: st.ModTime(), Hash: hex.EncodeToString(sum[:])}
		if time.Since(f.ModTime) < racyWindow || int64(len(data)) != f.Size {
			f.ModTime = time.Time{} // changed as it was read, or may change again unseen
		}
		switch {
		case was != nil && was.Hash == f.Hash:
			ch.Unchanged++
			ch.Touched++
			f.Docs, f.ParaKeys, f.Sums = was.Docs, was.ParaKeys, was.Sums
		default:
			if f.Docs, err = parseOne(ctx, parser, p, data, log); err != nil {
				return nil, nil, ch, err
			}
			f.ParaKeys = make([][]uint64, len(f.Docs))
			for i := range f.Docs {
				f.ParaKeys[i] = paragraphKeys(&f.Docs[i])
			}
			if was != nil {
				ch.Changed++
			} else {
				ch.Added++
			}
		}
		next.Files = append(next.Files, f)
	}
	ch.Removed += len(old)
	for p := range old {
		next.markDirty(p)
	}
	names, perFile, perKeys, sums := next.split()
	c, err := assemble(names, perFile, perKeys, sums, dir, opts)
	if err != nil {
		return nil, nil, ch, err
	}
	for i, changed := range sums.changed {
		if changed { // a new sum, or a document cleaned otherwise: keep it
			next.markDirty(names[i])
		}
	}
	next.Fingerprint = c.Fingerprint
	log.Debug("corpus loaded", "documents", len(c.Documents), "passages", len(c.Passages),
		"changes", ch.String(), "read", ch.Read, "elapsed", time.Since(start))
	return c, next, ch, nil
}
