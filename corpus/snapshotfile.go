package corpus

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// A snapshot is kept in parts, so that an update rewrites only the parts of the files that
// changed (at 20,000 articles the whole snapshot is 174 MB): every corpus file falls in
// one of snapshotBuckets buckets by a hash of its path, each bucket is written to a part
// file named by a hash of its content, beside the snapshot's head file, which lists the
// parts and is written last.
const snapshotBuckets = 64

// snapshotHead is what the snapshot's own file holds.
type snapshotHead struct {
	Format  int
	Options string
	Parts   []string // per bucket, the part file beside the head; "" for an empty bucket
	// Files is every file's metadata, and Fingerprint the corpus's, so that a start can
	// tell from the head alone that nothing changed (Unchanged).
	Files       []FileMeta
	Fingerprint string
	// Previous lists the parts of the head written before: they are kept until the next
	// write, for a process that read that head and is still reading its parts.
	Previous []string
}

// bucketOf returns the bucket of the corpus file at path.
func bucketOf(path string) int {
	h := fnv.New32a()
	h.Write([]byte(path))
	return int(h.Sum32() % snapshotBuckets)
}

// partsFrom carries the part names of prev into next, for LoadDirFrom: next writes only
// the buckets it marks dirty.
func (next *Snapshot) partsFrom(prev *Snapshot) {
	next.dirty = make([]bool, snapshotBuckets)
	if prev != nil && len(prev.parts) == snapshotBuckets {
		next.parts = slices.Clone(prev.parts)
	} else {
		next.parts = make([]string, snapshotBuckets)
	}
}

// markDirty records that the bucket of the corpus file at path changed.
func (s *Snapshot) markDirty(path string) {
	if s.dirty != nil {
		s.dirty[bucketOf(path)] = true
	}
}

// ErrSnapshotVersion is a corpus snapshot written by another version of docent: a process
// that may write reads the corpus again; a read-only one cannot, and says so.
var ErrSnapshotVersion = errors.New("written by another version of docent")

// readHead reads the head of the snapshot at path, of this format.
func readHead(path string) (snapshotHead, error) {
	var head snapshotHead
	if err := readGob(path, &head); err != nil {
		return head, fmt.Errorf("read corpus snapshot: %w", err)
	}
	if head.Format != snapshotFormat || len(head.Parts) != snapshotBuckets {
		return head, fmt.Errorf("read corpus snapshot %s: format %d, want %d: %w", path, head.Format, snapshotFormat, ErrSnapshotVersion)
	}
	return head, nil
}

// ReadSnapshot reads a snapshot written by WriteSnapshot.
func ReadSnapshot(path string) (*Snapshot, error) {
	head, err := readHead(path)
	if err != nil {
		return nil, err
	}
	s := &Snapshot{Format: head.Format, Options: head.Options, Fingerprint: head.Fingerprint, parts: head.Parts}
	// the parts are decoded on every core: decoding is most of reading them
	parts := make([][]FileState, len(head.Parts))
	errs := make([]error, len(head.Parts))
	next := atomic.Int64{}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(head.Parts)) {
		wg.Go(func() {
			for b := int(next.Add(1) - 1); b < len(head.Parts); b = int(next.Add(1) - 1) {
				if head.Parts[b] != "" {
					parts[b], errs[b] = readPart(filepath.Join(filepath.Dir(path), head.Parts[b]), head.Format)
				}
			}
		})
	}
	wg.Wait()
	for b := range head.Parts {
		if errs[b] != nil {
			return nil, fmt.Errorf("read corpus snapshot %s: %w", path, errs[b])
		}
		s.Files = append(s.Files, parts[b]...)
	}
	slices.SortFunc(s.Files, func(a, b FileState) int { return strings.Compare(a.Path, b.Path) })
	return s, nil
}

func readGob(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 1<<16)).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// WriteSnapshot writes s to path: the parts of the buckets that changed since s was read
// (all of them for a snapshot made afresh), then the head, atomically, then it removes
// the parts neither this head nor the one before names. A crash leaves the old head,
// whose parts are all still there, or the new one.
func WriteSnapshot(path string, s *Snapshot) error {
	dir, stem := filepath.Dir(path), snapshotStem(path)
	buckets := make([][]FileState, snapshotBuckets)
	for _, f := range s.Files {
		b := bucketOf(f.Path)
		buckets[b] = append(buckets[b], f)
	}
	head := snapshotHead{Format: s.Format, Options: s.Options, Parts: make([]string, snapshotBuckets),
		Fingerprint: s.Fingerprint, Files: make([]FileMeta, len(s.Files))}
	for i, f := range s.Files {
		head.Files[i] = FileMeta{Path: f.Path, Size: f.Size, ModTime: f.ModTime}
	}
	for b, files := range buckets {
		if unchanged := len(s.parts) == snapshotBuckets && s.dirty != nil && !s.dirty[b]; unchanged && s.parts[b] != "" {
			if _, err := os.Stat(filepath.Join(dir, s.parts[b])); err == nil {
				head.Parts[b] = s.parts[b]
				continue
			}
		}
		if len(files) == 0 {
			continue
		}
		part, err := encodePart(s.Format, files)
		if err != nil {
			return fmt.Errorf("write corpus snapshot %s: %w", path, err)
		}
		sum := sha256.Sum256(part)
		head.Parts[b] = stem + "-" + hex.EncodeToString(sum[:12]) + ".part"
		if _, err := os.Stat(filepath.Join(dir, head.Parts[b])); err == nil {
			continue // the same content, written before
		}
		if err := writeFileAtomic(filepath.Join(dir, head.Parts[b]), part); err != nil {
			return fmt.Errorf("write corpus snapshot %s: %w", path, err)
		}
	}
	var was snapshotHead
	if readGob(path, &was) == nil && len(was.Parts) == snapshotBuckets {
		head.Previous = was.Parts
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(head); err != nil {
		return fmt.Errorf("write corpus snapshot %s: %w", path, err)
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return fmt.Errorf("write corpus snapshot %s: %w", path, err)
	}
	s.parts, s.dirty = head.Parts, make([]bool, snapshotBuckets)
	return removeParts(dir, stem, append(slices.Clone(head.Parts), head.Previous...))
}

// snapshotStem is the name the parts of the snapshot at path start with:
// "docent-corpus" for "docent-corpus.bin".
func snapshotStem(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// removeParts removes the part files of the snapshot stem in dir that keep does not name.
func removeParts(dir, stem string, keep []string) error {
	parts, err := filepath.Glob(filepath.Join(dir, stem+"-*.part"))
	if err != nil {
		return fmt.Errorf("remove old corpus snapshot parts: %w", err)
	}
	for _, p := range parts {
		if slices.Contains(keep, filepath.Base(p)) {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove old corpus snapshot parts: %w", err)
		}
	}
	return nil
}

// writeFileAtomic writes data to path through a synced temporary file renamed into
// place: a reader finds the old file or the whole new one.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	err = tmp.Chmod(0o644)      // replicas that only read may run as another user
	if err == nil {
		_, err = tmp.Write(data)
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
	return err
}

// RemoveSnapshotLeftovers removes the temporary files that writes of the snapshot at
// path, or of its parts, left when they were cut short (a crash, a kill): WriteSnapshot
// removes its own.
func RemoveSnapshotLeftovers(path string) error {
	tmps, err := filepath.Glob(filepath.Join(filepath.Dir(path), "."+snapshotStem(path)+"*.tmp"))
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
