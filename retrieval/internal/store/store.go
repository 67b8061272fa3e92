// Package store keeps the passages of an index in its folder, so that a process answers
// from the index alone: passage text, headings and citations are read from the file when
// an answer needs them, with one read a passage, and only the documents' metadata (title,
// authors, date; no text) and a few bytes a passage (the ids, for finding the passages a
// search returns) are held in the heap. The files are read, not memory-mapped: a mapping
// shows every page the kernel maps around a read as the process's own (64 KB for a
// 1 KB passage), and a process answering hundreds of questions would seem to hold the
// whole file.
package store

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"

	"github.com/docent-bot/docent/corpus"
)

// Store is the passages of an index, read from its files. It is safe for concurrent use.
type Store struct {
	dir    string
	docs   []corpus.Document
	h      header
	recs   []record
	sorted []uint32 // passage indexes in id order
	docOf  []uint32
	idAt   []uint32 // the k-th id in id order is ids[idAt[k]:idAt[k+1]]
	ids    string
	names  []string   // the records files
	files  []*os.File // open, one per name
	sizes  []int64
}

// Open reads the store's tables in the index folder dir and checks them, and opens its
// records files; the passages are read when asked for. Close closes the files.
func Open(dir string) (*Store, error) {
	path := filepath.Join(dir, FileName)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("open passages: %w", err)
	}
	s := &Store{dir: dir}
	if err := s.load(b); err != nil {
		_ = s.Close()
		return nil, fmt.Errorf("open passages %s: %w", path, err)
	}
	return s, nil
}

var errDamaged = errors.New("damaged")

// load reads the header and the tables from b, the store file, checks that every
// offset and index is in bounds, so that no later read can go astray, and opens the
// records files.
func (s *Store) load(b []byte) error {
	if len(b) < headerSize {
		return fmt.Errorf("%w: truncated", errDamaged)
	}
	if string(b[:len(magic)]) != magic {
		return errors.New("not a passage store")
	}
	if _, err := binary.Decode(b[len(magic):], binary.LittleEndian, &s.h); err != nil {
		return err
	}
	h := s.h
	if h.Format != format {
		return fmt.Errorf("format %d, want %d", h.Format, format)
	}
	n := uint64(h.Passages)
	if h.Size != uint64(len(b)) || h.Docs != headerSize || h.Records < h.Docs ||
		h.Sorted != h.Records+recordSize*n || h.DocOf != h.Sorted+4*n || h.IDAt != h.DocOf+4*n ||
		h.IDs != h.IDAt+4*(n+1) || h.Names < h.IDs || h.Names > h.Size {
		return fmt.Errorf("%w: sections out of place", errDamaged)
	}
	hdrEnd := len(magic) + binary.Size(h)
	sum := crc32.Update(crc32.ChecksumIEEE(b[:hdrEnd]), crc32.IEEETable, b[h.Docs:])
	if binary.LittleEndian.Uint32(b[hdrEnd:]) != sum {
		return fmt.Errorf("%w: checksum", errDamaged)
	}
	section := func(from, to uint64) []byte { return b[from:to] }
	if err := gob.NewDecoder(bytes.NewReader(section(h.Docs, h.Records))).Decode(&s.docs); err != nil && h.Documents > 0 {
		return fmt.Errorf("%w: documents: %v", errDamaged, err)
	}
	if len(s.docs) != int(h.Documents) {
		return fmt.Errorf("%w: %d documents, want %d", errDamaged, len(s.docs), h.Documents)
	}
	s.recs = make([]record, n)
	s.sorted, s.docOf, s.idAt = make([]uint32, n), make([]uint32, n), make([]uint32, n+1)
	for _, t := range []struct {
		dst      any
		from, to uint64
	}{{s.recs, h.Records, h.Sorted}, {s.sorted, h.Sorted, h.DocOf}, {s.docOf, h.DocOf, h.IDAt}, {s.idAt, h.IDAt, h.IDs}} {
		if _, err := binary.Decode(section(t.from, t.to), binary.LittleEndian, t.dst); err != nil {
			return fmt.Errorf("%w: %v", errDamaged, err)
		}
	}
	if err := s.openFiles(section(h.Names, h.Size)); err != nil {
		return err
	}
	ids := section(h.IDs, h.Names)
	for i := range n + 1 {
		if uint64(s.idAt[i]) > uint64(len(ids)) || (i > 0 && s.idAt[i] < s.idAt[i-1]) {
			return fmt.Errorf("%w: passage ids", errDamaged)
		}
	}
	for i, r := range s.recs {
		if r.File >= h.Files || r.Len < 4 || r.Off < uint64(len(recordsMagic)) || r.Off > uint64(s.sizes[r.File]) ||
			uint64(r.Len) > uint64(s.sizes[r.File])-r.Off {
			return fmt.Errorf("%w: passage %d's record out of place", errDamaged, i)
		}
	}
	for i := range n {
		if uint64(s.sorted[i]) >= n || uint64(s.docOf[i]) >= uint64(h.Documents) {
			return fmt.Errorf("%w: passage tables", errDamaged)
		}
	}
	s.ids = string(ids)
	return nil
}

// openFiles reads the names of the records files and opens them.
func (s *Store) openFiles(names []byte) error {
	for range s.h.Files {
		l, n := binary.Uvarint(names)
		if n <= 0 || l > uint64(len(names)-n) {
			return fmt.Errorf("%w: records files' names", errDamaged)
		}
		name := string(names[n : n+int(l)])
		names = names[n+int(l):]
		if name != filepath.Base(name) || !strings.HasPrefix(name, "docent-records-") {
			return fmt.Errorf("%w: records file %q", errDamaged, name)
		}
		f, err := os.Open(filepath.Join(s.dir, name))
		if err != nil {
			return fmt.Errorf("%w: %v", errDamaged, err)
		}
		s.names, s.files = append(s.names, name), append(s.files, f)
		st, err := f.Stat()
		if err != nil {
			return fmt.Errorf("%w: %v", errDamaged, err)
		}
		magic := make([]byte, len(recordsMagic))
		if _, err := f.ReadAt(magic, 0); err != nil || string(magic) != recordsMagic {
			return fmt.Errorf("%w: %s is not a records file", errDamaged, name)
		}
		s.sizes = append(s.sizes, st.Size())
	}
	return nil
}

// Close closes the store's files; reads after it give empty passages.
func (s *Store) Close() error {
	var errs []error
	for _, f := range s.files {
		errs = append(errs, f.Close())
	}
	return errors.Join(errs...)
}

// Documents returns the documents' metadata, in corpus order, without their paragraphs.
func (s *Store) Documents() []corpus.Document { return s.docs }

// Len returns the number of passages.
func (s *Store) Len() int { return int(s.h.Passages) }

// DocOf returns each passage's document index.
func (s *Store) DocOf() []int {
	out := make([]int, s.Len())
	for i, d := range s.docOf {
		out[i] = int(d)
	}
	return out
}

// record reads passage i's bytes, without the checksum after them; nil when the file
// cannot be read or the checksum differs.
func (s *Store) record(i int) []byte {
	rec := s.recs[i]
	r := make([]byte, rec.Len)
	if _, err := s.files[rec.File].ReadAt(r, int64(rec.Off)); err != nil || len(r) < 4 {
		return nil
	}
	r, sum := r[:len(r)-4], binary.LittleEndian.Uint32(r[len(r)-4:])
	if crc32.ChecksumIEEE(r) != sum {
		return nil
	}
	return r
}

// fields decodes a record: the six numbers, the id, the heading and the text, as slices
// of it. A damaged record gives what could be read.
func fields(r []byte) (nums [6]int, id, heading, text []byte) {
	for k := range nums {
		v, n := binary.Uvarint(r)
		if n <= 0 {
			return nums, nil, nil, nil
		}
		nums[k], r = int(min(v, 1<<31)), r[n:]
	}
	var strs [2][]byte
	for k := range strs {
		l, n := binary.Uvarint(r)
		if n <= 0 || l > uint64(len(r)-n) {
			return nums, strs[0], strs[1], nil
		}
		strs[k], r = r[n:n+int(l)], r[n+int(l):]
	}
	return nums, strs[0], strs[1], r
}

// Passage returns passage i and its citation.
func (s *Store) Passage(i int) (corpus.Passage, corpus.Citation) {
	nums, id, heading, text := fields(s.record(i))
	d := &s.docs[s.docOf[i]]
	p := corpus.Passage{ID: string(id), DocID: d.ID, Heading: string(heading),
		ParaFirst: nums[0], ParaLast: nums[1], Text: string(text)}
	c := d.Cite(p) // the document has no paragraphs here: the pages are stored
	c.Page, c.PagePara, c.PageLast, c.PageParaLast = nums[2], nums[3], nums[4], nums[5]
	return p, c
}

// Text returns passage i's text.
func (s *Store) Text(i int) string {
	_, _, _, text := fields(s.record(i))
	return string(text)
}

// Heading returns passage i's heading.
func (s *Store) Heading(i int) string {
	_, _, heading, _ := fields(s.record(i))
	return string(heading)
}

// Find returns the index of the passage with id.
func (s *Store) Find(id string) (int, bool) {
	lo, hi := 0, s.Len()
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if s.id(mid) < id {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < s.Len() && s.id(lo) == id {
		return int(s.sorted[lo]), true
	}
	return 0, false
}

// id returns the k-th id in id order.
func (s *Store) id(k int) string { return s.ids[s.idAt[k]:s.idAt[k+1]] }

// Sound reports whether the index folder dir holds a store that opens: of this format,
// whole, its tables in bounds.
func Sound(dir string) bool {
	s, err := Open(dir)
	if err != nil {
		return false
	}
	_ = s.Close()
	return true
}
