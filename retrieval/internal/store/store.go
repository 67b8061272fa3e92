// Package store keeps the passages of an index in its folder, so that a process answers
// from the index alone: passage text, ids, headings and citations are read from a
// memory-mapped file when an answer needs them, and only the documents' metadata (title,
// authors, date; no text) is held in the heap. A process that answers touches the pages
// of the passages it ranks, not the corpus.
package store

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/blevesearch/mmap-go"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/atomicfile"
)

// FileName is the store's file in an index folder.
const FileName = "docent-store.bin"

const (
	magic      = "DCNTSTOR"
	format     = 1
	headerSize = 80
)

// The file, little-endian, sections 8-byte aligned:
//
//	header: magic, format, documents, passages, then the offset of each section and the
//	        file's size (u64), and a CRC-32 of the header and the documents section
//	documents: gob of []corpus.Document without paragraphs
//	records:   passages+1 u64 offsets into the blob: passage i is blob[at[i]:at[i+1]]
//	sorted:    passages u32: passage indexes in the order of their ids, for Find
//	docOf:     passages u32: each passage's document
//	blob:      per passage: uvarints ParaFirst, ParaLast, Page, PagePara, PageLast,
//	           PageParaLast, then uvarint-prefixed id and heading, then the text
type header struct {
	Format, Documents, Passages, _           uint32
	Docs, Records, Sorted, DocOf, Blob, Size uint64
}

// Write writes the passages and documents of a corpus into the index folder dir,
// atomically; docOf maps each passage to its document's index.
func Write(dir string, docs []corpus.Document, passages []corpus.Passage, docOf []int) error {
	err := atomicfile.Write(dir, FileName, func(w io.Writer) error {
		return encode(w, docs, passages, docOf)
	})
	if err != nil {
		return fmt.Errorf("save passages: %w", err)
	}
	return nil
}

func encode(w io.Writer, docs []corpus.Document, passages []corpus.Passage, docOf []int) error {
	meta := make([]corpus.Document, len(docs))
	for i, d := range docs {
		d.Paragraphs = nil
		meta[i] = d
	}
	var gobbed bytes.Buffer
	if err := gob.NewEncoder(&gobbed).Encode(meta); err != nil {
		return err
	}
	for gobbed.Len()%8 != 0 { // the checksum covers the section with its padding
		gobbed.WriteByte(0)
	}
	n := len(passages)
	h := header{Format: format, Documents: uint32(len(docs)), Passages: uint32(n)}
	h.Docs = headerSize
	h.Records = h.Docs + uint64(gobbed.Len())
	h.Sorted = h.Records + 8*uint64(n+1)
	h.DocOf = h.Sorted + 4*uint64(n)
	h.Blob = align(h.DocOf + 4*uint64(n))

	at := make([]uint64, n+1)
	var blob []byte
	for i := range passages {
		p := &passages[i]
		c := docs[docOf[i]].Cite(*p)
		for _, v := range []int{p.ParaFirst, p.ParaLast, c.Page, c.PagePara, c.PageLast, c.PageParaLast} {
			blob = binary.AppendUvarint(blob, uint64(max(v, 0)))
		}
		for _, s := range []string{p.ID, p.Heading} {
			blob = binary.AppendUvarint(blob, uint64(len(s)))
			blob = append(blob, s...)
		}
		blob = append(blob, p.Text...)
		at[i+1] = uint64(len(blob))
	}
	h.Size = h.Blob + uint64(len(blob))

	sorted := make([]uint32, n)
	for i := range sorted {
		sorted[i] = uint32(i)
	}
	slices.SortFunc(sorted, func(a, b uint32) int { return strings.Compare(passages[a].ID, passages[b].ID) })
	for k := 1; k < n; k++ {
		if passages[sorted[k]].ID == passages[sorted[k-1]].ID {
			return fmt.Errorf("passage id %q appears twice", passages[sorted[k]].ID)
		}
	}

	var out bytes.Buffer
	out.Grow(int(h.Blob))
	out.WriteString(magic)
	_ = binary.Write(&out, binary.LittleEndian, h)
	sum := crc32.ChecksumIEEE(out.Bytes())
	sum = crc32.Update(sum, crc32.IEEETable, gobbed.Bytes())
	_ = binary.Write(&out, binary.LittleEndian, sum)
	pad(&out, h.Docs)
	out.Write(gobbed.Bytes())
	pad(&out, h.Records)
	_ = binary.Write(&out, binary.LittleEndian, at)
	_ = binary.Write(&out, binary.LittleEndian, sorted)
	d32 := make([]uint32, n)
	for i, d := range docOf {
		d32[i] = uint32(d)
	}
	_ = binary.Write(&out, binary.LittleEndian, d32)
	pad(&out, h.Blob)
	if _, err := w.Write(out.Bytes()); err != nil {
		return err
	}
	_, err := w.Write(blob)
	return err
}

func align(n uint64) uint64 { return (n + 7) &^ 7 }

// pad writes zeros up to offset n.
func pad(b *bytes.Buffer, n uint64) {
	for uint64(b.Len()) < n {
		b.WriteByte(0)
	}
}

// Store is the passages of an index, read from its file.
type Store struct {
	docs []corpus.Document
	data []byte // the whole file, mapped; nothing returned aliases it
	h    header
	m    *mapping
}

// mapping is unmapped by a cleanup once its Store is unreachable, never before: an answer
// in flight on an index a reload replaced keeps reading it.
type mapping struct{ mm mmap.MMap }

// Open maps the store in the index folder dir and checks its structure; the passages'
// text is not read until asked for.
func Open(dir string) (*Store, error) {
	path := filepath.Join(dir, FileName)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open passages: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("open passages: %w", err)
	}
	if st.Size() < headerSize {
		return nil, fmt.Errorf("open passages %s: truncated", path)
	}
	mm, err := mmap.Map(f, mmap.RDONLY, 0)
	if err != nil {
		return nil, fmt.Errorf("map passages %s: %w", path, err)
	}
	m := &mapping{mm: mm}
	s := &Store{data: mm, m: m}
	runtime.AddCleanup(s, func(m *mapping) { _ = m.mm.Unmap() }, m)
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("open passages %s: %w", path, err)
	}
	return s, nil
}

var errDamaged = errors.New("damaged")

// check reads the header and the tables and checks that every offset and index is in
// bounds, so that no later read can fail.
func (s *Store) check() error {
	defer runtime.KeepAlive(s)
	b := s.data
	if string(b[:len(magic)]) != magic {
		return errors.New("not a passage store")
	}
	if err := binary.Read(bytes.NewReader(b[len(magic):]), binary.LittleEndian, &s.h); err != nil {
		return err
	}
	h := s.h
	if h.Format != format {
		return fmt.Errorf("format %d, want %d", h.Format, format)
	}
	n := uint64(h.Passages)
	if h.Size != uint64(len(b)) || h.Docs != headerSize || h.Records < h.Docs || h.Records%8 != 0 ||
		h.Sorted != h.Records+8*(n+1) || h.DocOf != h.Sorted+4*n || h.Blob < h.DocOf+4*n || h.Blob > h.Size {
		return fmt.Errorf("%w: sections out of place", errDamaged)
	}
	hdrEnd := uint64(len(magic)) + uint64(binary.Size(h))
	sum := crc32.ChecksumIEEE(b[:hdrEnd])
	sum = crc32.Update(sum, crc32.IEEETable, b[h.Docs:h.Records])
	if got := binary.LittleEndian.Uint32(b[hdrEnd:]); got != sum {
		return fmt.Errorf("%w: checksum", errDamaged)
	}
	if err := gob.NewDecoder(bytes.NewReader(b[h.Docs:h.Records])).Decode(&s.docs); err != nil && n > 0 {
		return fmt.Errorf("%w: documents: %v", errDamaged, err)
	}
	if len(s.docs) != int(h.Documents) {
		return fmt.Errorf("%w: %d documents, want %d", errDamaged, len(s.docs), h.Documents)
	}
	blobLen, prev := h.Size-h.Blob, uint64(0)
	for i := range n + 1 {
		at := s.at(int(i))
		if at < prev || at > blobLen || (i == 0 && at != 0) {
			return fmt.Errorf("%w: passage offsets", errDamaged)
		}
		prev = at
	}
	for i := range n {
		if s.sorted(int(i)) >= n || uint64(s.docOf(int(i))) >= uint64(h.Documents) {
			return fmt.Errorf("%w: passage tables", errDamaged)
		}
	}
	return nil
}

func (s *Store) at(i int) uint64 {
	return binary.LittleEndian.Uint64(s.data[s.h.Records+8*uint64(i):])
}

func (s *Store) sorted(i int) uint64 {
	return uint64(binary.LittleEndian.Uint32(s.data[s.h.Sorted+4*uint64(i):]))
}

func (s *Store) docOf(i int) int {
	return int(binary.LittleEndian.Uint32(s.data[s.h.DocOf+4*uint64(i):]))
}

// Documents returns the documents' metadata, in corpus order, without their paragraphs.
func (s *Store) Documents() []corpus.Document { return s.docs }

// Len returns the number of passages.
func (s *Store) Len() int { return int(s.h.Passages) }

// DocOf returns each passage's document index, read into the heap (a few bytes a passage).
func (s *Store) DocOf() []int {
	defer runtime.KeepAlive(s)
	out := make([]int, s.Len())
	for i := range out {
		out[i] = s.docOf(i)
	}
	return out
}

// record is passage i's bytes in the blob.
func (s *Store) record(i int) []byte {
	return s.data[s.h.Blob+s.at(i) : s.h.Blob+s.at(i+1)]
}

// fields decodes a record: the six numbers, the id, the heading and the text, as slices of
// the mapping (callers copy what they keep). A damaged record gives what could be read.
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
	defer runtime.KeepAlive(s)
	nums, id, heading, text := fields(s.record(i))
	d := &s.docs[s.docOf(i)]
	p := corpus.Passage{ID: string(id), DocID: d.ID, Heading: string(heading),
		ParaFirst: nums[0], ParaLast: nums[1], Text: string(text)}
	c := d.Cite(p) // the document has no paragraphs here: the pages are stored
	c.Page, c.PagePara, c.PageLast, c.PageParaLast = nums[2], nums[3], nums[4], nums[5]
	return p, c
}

// Text returns passage i's text.
func (s *Store) Text(i int) string {
	defer runtime.KeepAlive(s)
	_, _, _, text := fields(s.record(i))
	return string(text)
}

// Heading returns passage i's heading.
func (s *Store) Heading(i int) string {
	defer runtime.KeepAlive(s)
	_, _, heading, _ := fields(s.record(i))
	return string(heading)
}

// Find returns the index of the passage with id.
func (s *Store) Find(id string) (int, bool) {
	defer runtime.KeepAlive(s)
	n := s.Len()
	lo, hi := 0, n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		_, pid, _, _ := fields(s.record(int(s.sorted(mid))))
		if string(pid) < id {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < n {
		i := int(s.sorted(lo))
		if _, pid, _, _ := fields(s.record(i)); string(pid) == id {
			return i, true
		}
	}
	return 0, false
}

// Exists reports whether the index folder dir holds a store file (not whether it is sound).
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, FileName))
	return err == nil
}
