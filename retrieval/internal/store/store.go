// Package store keeps the passages of an index in its folder, so that a process answers
// from the index alone: passage text, headings and citations are read from the file when
// an answer needs them, with one read a passage, and only the documents' metadata (title,
// authors, date; no text) and a few bytes a passage (the ids, for finding the passages a
// search returns) are held in the heap. The file is read, not memory-mapped: a mapping
// shows every page the kernel maps around a read as the process's own (64 KB for a
// 1 KB passage), and a process answering hundreds of questions would seem to hold the
// whole file.
package store

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/atomicfile"
)

// FileName is the store's file in an index folder.
const FileName = "docent-store.bin"

const (
	magic      = "DCNTSTOR"
	format     = 2
	headerSize = 96
)

// The file, little-endian, sections 8-byte aligned:
//
//	header: magic, format, documents, passages, then the offset of each section and the
//	        file's size (u64), and a CRC-32 of the header and every section but the blob
//	documents: gob of []corpus.Document without paragraphs
//	records:   passages+1 u64 offsets into the blob: passage i is blob[at[i]:at[i+1]]
//	sorted:    passages u32: passage indexes in the order of their ids
//	docOf:     passages u32: each passage's document
//	idAt:      passages+1 u32 offsets into ids: the k-th id in sorted order
//	ids:       the passages' ids, in sorted order
//	blob:      per passage: uvarints ParaFirst, ParaLast, Page, PagePara, PageLast,
//	           PageParaLast, then uvarint-prefixed id and heading, then the text
type header struct {
	Format, Documents, Passages, _                uint32
	Docs, Records, Sorted, DocOf, IDAt, IDs, Blob uint64
	Size                                          uint64
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
	sorted := make([]uint32, n)
	for i := range sorted {
		sorted[i] = uint32(i)
	}
	slices.SortFunc(sorted, func(a, b uint32) int { return strings.Compare(passages[a].ID, passages[b].ID) })
	idAt := make([]uint32, n+1)
	var ids []byte
	for k, i := range sorted {
		if k > 0 && passages[i].ID == passages[sorted[k-1]].ID {
			return fmt.Errorf("passage id %q appears twice", passages[i].ID)
		}
		ids = append(ids, passages[i].ID...)
		if uint64(len(ids)) > 1<<32-1 {
			return errors.New("passage ids over 4 GB")
		}
		idAt[k+1] = uint32(len(ids))
	}
	h := header{Format: format, Documents: uint32(len(docs)), Passages: uint32(n)}
	h.Docs = headerSize
	h.Records = h.Docs + uint64(gobbed.Len())
	h.Sorted = h.Records + 8*uint64(n+1)
	h.DocOf = h.Sorted + 4*uint64(n)
	h.IDAt = h.DocOf + 4*uint64(n)
	h.IDs = h.IDAt + 4*uint64(n+1)
	h.Blob = align(h.IDs + uint64(len(ids)))

	// the records' heads (numbers, id, heading) are gathered, and the texts written
	// straight to w after the tables: they are most of the file (180 MB at 20,000
	// articles), never gathered in memory
	at := make([]uint64, n+1)
	heads, headAt := []byte(nil), make([]int, n+1)
	for i := range passages {
		heads = recordHead(heads, &passages[i], &docs[docOf[i]])
		headAt[i+1] = len(heads)
		at[i+1] = at[i] + uint64(headAt[i+1]-headAt[i]+len(passages[i].Text))
	}
	h.Size = h.Blob + at[n]

	var tables bytes.Buffer // every section between the header and the blob
	tables.Write(gobbed.Bytes())
	_ = binary.Write(&tables, binary.LittleEndian, at)
	_ = binary.Write(&tables, binary.LittleEndian, sorted)
	d32 := make([]uint32, n)
	for i, d := range docOf {
		d32[i] = uint32(d)
	}
	_ = binary.Write(&tables, binary.LittleEndian, d32)
	_ = binary.Write(&tables, binary.LittleEndian, idAt)
	tables.Write(ids)
	for uint64(tables.Len()) < h.Blob-h.Docs {
		tables.WriteByte(0)
	}
	var out bytes.Buffer
	out.WriteString(magic)
	_ = binary.Write(&out, binary.LittleEndian, h)
	sum := crc32.Update(crc32.ChecksumIEEE(out.Bytes()), crc32.IEEETable, tables.Bytes())
	_ = binary.Write(&out, binary.LittleEndian, sum)
	pad(&out, h.Docs)
	if _, err := w.Write(out.Bytes()); err != nil {
		return err
	}
	if _, err := w.Write(tables.Bytes()); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	for i := range passages {
		bw.Write(heads[headAt[i]:headAt[i+1]])
		bw.WriteString(passages[i].Text)
	}
	return bw.Flush()
}

// recordHead appends the part of passage p's record before its text: the numbers, the id
// and the heading.
func recordHead(b []byte, p *corpus.Passage, d *corpus.Document) []byte {
	c := d.Cite(*p)
	for _, v := range [...]int{p.ParaFirst, p.ParaLast, c.Page, c.PagePara, c.PageLast, c.PageParaLast} {
		b = binary.AppendUvarint(b, uint64(max(v, 0)))
	}
	for _, s := range [...]string{p.ID, p.Heading} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

func align(n uint64) uint64 { return (n + 7) &^ 7 }

// pad writes zeros up to offset n.
func pad(b *bytes.Buffer, n uint64) {
	for uint64(b.Len()) < n {
		b.WriteByte(0)
	}
}

// Store is the passages of an index, read from its file. It is safe for concurrent use.
type Store struct {
	docs   []corpus.Document
	f      *os.File
	h      header
	at     []uint64 // passage i is the blob's bytes at[i] to at[i+1]
	sorted []uint32 // passage indexes in id order
	docOf  []uint32
	idAt   []uint32 // the k-th id in id order is ids[idAt[k]:idAt[k+1]]
	ids    string
}

// Open reads the store's tables in the index folder dir and checks them; the passages
// are read when asked for. Close closes the file.
func Open(dir string) (*Store, error) {
	path := filepath.Join(dir, FileName)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open passages: %w", err)
	}
	s := &Store{f: f}
	if err := s.load(); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("open passages %s: %w", path, err)
	}
	return s, nil
}

var errDamaged = errors.New("damaged")

// load reads the header and the tables and checks that every offset and index is in
// bounds, so that no later read can go astray.
func (s *Store) load() error {
	st, err := s.f.Stat()
	if err != nil {
		return err
	}
	head := make([]byte, headerSize)
	if _, err := s.f.ReadAt(head, 0); err != nil {
		return fmt.Errorf("%w: truncated", errDamaged)
	}
	if string(head[:len(magic)]) != magic {
		return errors.New("not a passage store")
	}
	if _, err := binary.Decode(head[len(magic):], binary.LittleEndian, &s.h); err != nil {
		return err
	}
	h := s.h
	if h.Format != format {
		return fmt.Errorf("format %d, want %d", h.Format, format)
	}
	n := uint64(h.Passages)
	if h.Size != uint64(st.Size()) || h.Docs != headerSize || h.Records < h.Docs ||
		h.Sorted != h.Records+8*(n+1) || h.DocOf != h.Sorted+4*n || h.IDAt != h.DocOf+4*n ||
		h.IDs != h.IDAt+4*(n+1) || h.Blob < h.IDs || h.Blob > h.Size || h.Blob-h.Docs > 1<<34 {
		return fmt.Errorf("%w: sections out of place", errDamaged)
	}
	tables := make([]byte, h.Blob-h.Docs)
	if _, err := s.f.ReadAt(tables, int64(h.Docs)); err != nil {
		return fmt.Errorf("%w: %v", errDamaged, err)
	}
	hdrEnd := len(magic) + binary.Size(h)
	sum := crc32.Update(crc32.ChecksumIEEE(head[:hdrEnd]), crc32.IEEETable, tables)
	if binary.LittleEndian.Uint32(head[hdrEnd:]) != sum {
		return fmt.Errorf("%w: checksum", errDamaged)
	}
	section := func(from, to uint64) []byte { return tables[from-h.Docs : to-h.Docs] }
	if err := gob.NewDecoder(bytes.NewReader(section(h.Docs, h.Records))).Decode(&s.docs); err != nil && h.Documents > 0 {
		return fmt.Errorf("%w: documents: %v", errDamaged, err)
	}
	if len(s.docs) != int(h.Documents) {
		return fmt.Errorf("%w: %d documents, want %d", errDamaged, len(s.docs), h.Documents)
	}
	s.at = make([]uint64, n+1)
	s.sorted, s.docOf, s.idAt = make([]uint32, n), make([]uint32, n), make([]uint32, n+1)
	for _, t := range []struct {
		dst      any
		from, to uint64
	}{{s.at, h.Records, h.Sorted}, {s.sorted, h.Sorted, h.DocOf}, {s.docOf, h.DocOf, h.IDAt}, {s.idAt, h.IDAt, h.IDs}} {
		if _, err := binary.Decode(section(t.from, t.to), binary.LittleEndian, t.dst); err != nil {
			return fmt.Errorf("%w: %v", errDamaged, err)
		}
	}
	ids := section(h.IDs, h.Blob)
	blobLen := h.Size - h.Blob
	for i := range n + 1 {
		if s.at[i] > blobLen || (i == 0 && s.at[i] != 0) || (i > 0 && s.at[i] < s.at[i-1]) ||
			uint64(s.idAt[i]) > uint64(len(ids)) || (i > 0 && s.idAt[i] < s.idAt[i-1]) {
			return fmt.Errorf("%w: passage offsets", errDamaged)
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

// Close closes the store's file; reads after it give empty passages.
func (s *Store) Close() error { return s.f.Close() }

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

// record reads passage i's bytes; nil when the file cannot be read.
func (s *Store) record(i int) []byte {
	r := make([]byte, s.at[i+1]-s.at[i])
	if _, err := s.f.ReadAt(r, int64(s.h.Blob+s.at[i])); err != nil {
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
