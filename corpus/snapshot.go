package corpus

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// snapshotFormat changes whenever what a Snapshot holds, or what parsing a file gives,
// changes: a snapshot of another format is ignored and every file read again.
// TestSnapshotFormatFollowsParsing fails when parsing the fixtures gives other documents
// while it stays the same.
const snapshotFormat = 6

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
	// Sums holds the sum of each of Docs as the corpus last gave it (Corpus.DocSums),
	// with how it was cleaned then: the fingerprint of a corpus of unchanged files
	// hashes no text.
	Sums []DocSum
}

// Snapshot is the state of a corpus folder as a load left it, in file order. LoadDirFrom
// reads only the files whose metadata differ from it; Corpus rebuilds the corpus from it
// alone, for a process that has no corpus folder.
type Snapshot struct {
	Format  int
	Options string // the loading options that shape documents and passages
	Files   []FileState
	// Fingerprint is the fingerprint of the corpus the files make (Corpus.Fingerprint):
	// a start that finds every file as recorded knows the corpus without reading it.
	Fingerprint string

	// parts names the file each bucket of Files was read from or last written to ("" when
	// not known), and dirty marks the buckets that changed since: WriteSnapshot writes
	// only those (snapshotfile.go).
	parts []string
	dirty []bool
}

// Unsaved reports whether s holds anything the snapshot it was loaded from did not: it
// was made afresh, or files were read, removed or summed again since.
func (s *Snapshot) Unsaved() bool {
	return s.dirty == nil || slices.Contains(s.dirty, true)
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
	files, perFile, perKeys, sums := s.split()
	return assemble(files, perFile, perKeys, sums, "snapshot", opts)
}

// split returns the paths, documents and paragraph keys of s's files, and their
// documents' sums, which assemble completes in place (s keeps them).
func (s *Snapshot) split() (files []string, perFile [][]Document, perKeys [][][]uint64, sums *sumCache) {
	files = make([]string, len(s.Files))
	perFile = make([][]Document, len(s.Files))
	perKeys = make([][][]uint64, len(s.Files))
	sums = &sumCache{sums: make([][]DocSum, len(s.Files)), changed: make([]bool, len(s.Files))}
	for i := range s.Files {
		f := &s.Files[i]
		files[i], perFile[i] = f.Path, f.Docs
		if len(f.ParaKeys) == len(f.Docs) {
			perKeys[i] = f.ParaKeys
		}
		if len(f.Sums) != len(f.Docs) {
			f.Sums = make([]DocSum, len(f.Docs))
		}
		sums.sums[i] = f.Sums
	}
	return files, perFile, perKeys, sums
}

// sumCache holds the documents' sums a snapshot kept, per file (see DocSum); assemble
// fills in those it computes and marks their files changed.
type sumCache struct {
	sums    [][]DocSum
	changed []bool
}
