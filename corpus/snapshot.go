package corpus

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// snapshotFormat changes whenever what a Snapshot holds, or what parsing a file gives,
// changes: a snapshot of another format is ignored and every file read again.
// TestSnapshotFormatFollowsParsing fails when parsing the fixtures gives other documents
// while it stays the same.
const snapshotFormat = 2

// FileState is what a Snapshot records of one corpus file: its metadata, to tell without
// reading it that it has not changed, its content hash, to tell that a file whose
// metadata changed was only touched, and the documents parsed from it.
type FileState struct {
	Path    string     // relative to the corpus folder, with forward slashes
	Size    int64      //
	ModTime time.Time  // zero: read the file again next time (it changed as it was read)
	Hash    string     // sha256 of the content, hex
	Docs    []Document // as parsed, before the corpus-wide rules; nil when the file gave none
	// ParaKeys holds the paragraph keys of each of Docs (paragraphKeys): the rule that
	// removes text repeated across documents reads them instead of hashing every text.
	ParaKeys [][]uint64
}

// Snapshot is the state of a corpus folder as a load left it, in file order. LoadDirFrom
// reads only the files whose metadata differ from it; Corpus rebuilds the corpus from it
// alone, for a process that has no corpus folder.
type Snapshot struct {
	Format  int
	Options string // the loading options that shape documents and passages
	Files   []FileState
}

// Changes counts what a load found changed since the previous snapshot.
type Changes struct {
	Added, Changed, Removed, Unchanged int
	// Touched counts files whose metadata changed but whose content did not (counted as
	// Unchanged too).
	Touched int
	// Read counts the files read: added, changed and touched ones.
	Read int
}

// Any reports whether any document may have changed.
func (c Changes) Any() bool { return c.Added+c.Changed+c.Removed > 0 }

// String reads "3 added, 1 changed, 2 removed, 19,994 unchanged".
func (c Changes) String() string {
	return fmt.Sprintf("%s added, %s changed, %s removed, %s unchanged",
		thousands(c.Added), thousands(c.Changed), thousands(c.Removed), thousands(c.Unchanged))
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func optionsKey(o Options) string {
	return fmt.Sprintf("min=%d max=%d file=%d", o.MinPassage, o.MaxPassage, o.MaxFileSize)
}

// Corpus rebuilds the corpus the snapshot was taken of, reading no file: the corpus-wide
// rules run again on the documents it holds.
func (s *Snapshot) Corpus(opts Options) (*Corpus, error) {
	opts = opts.withDefaults()
	if s.Format != snapshotFormat || s.Options != optionsKey(opts) {
		return nil, errors.New("corpus snapshot made by another version or with other options")
	}
	files, perFile, perKeys := s.split()
	return assemble(files, perFile, perKeys, "snapshot", opts)
}

// split returns the paths, documents and paragraph keys of s's files.
func (s *Snapshot) split() (files []string, perFile [][]Document, perKeys [][][]uint64) {
	files = make([]string, len(s.Files))
	perFile = make([][]Document, len(s.Files))
	perKeys = make([][][]uint64, len(s.Files))
	for i, f := range s.Files {
		files[i], perFile[i] = f.Path, f.Docs
		if len(f.ParaKeys) == len(f.Docs) {
			perKeys[i] = f.ParaKeys
		}
	}
	return files, perFile, perKeys
}

// ReadSnapshot reads a snapshot written by WriteSnapshot.
func ReadSnapshot(path string) (*Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read corpus snapshot: %w", err)
	}
	defer f.Close()
	var s Snapshot
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 1<<16)).Decode(&s); err != nil {
		return nil, fmt.Errorf("read corpus snapshot %s: %w", path, err)
	}
	if s.Format != snapshotFormat {
		return nil, fmt.Errorf("read corpus snapshot %s: format %d, want %d", path, s.Format, snapshotFormat)
	}
	return &s, nil
}

// RemoveSnapshotLeftovers removes the temporary files that writes of the snapshot at
// path left when they were cut short (a crash, a kill): WriteSnapshot removes its own.
func RemoveSnapshotLeftovers(path string) error {
	tmps, err := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp"))
	if err != nil {
		return fmt.Errorf("remove corpus snapshot leftovers: %w", err)
	}
	for _, t := range tmps {
		if err := os.Remove(t); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove corpus snapshot leftovers: %w", err)
		}
	}
	return nil
}

// WriteSnapshot writes s to path atomically: a crash leaves the old file or the new one.
func WriteSnapshot(path string, s *Snapshot) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write corpus snapshot: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	w := bufio.NewWriterSize(tmp, 1<<16)
	err = tmp.Chmod(0o644) // replicas that only read may run as another user
	if err == nil {
		err = gob.NewEncoder(w).Encode(s)
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write corpus snapshot %s: %w", path, err)
	}
	return nil
}
