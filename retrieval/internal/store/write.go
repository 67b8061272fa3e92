package store

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/atomicfile"
)

// FileName is the store's file in an index folder: its tables. The records (text,
// heading, id and numbers of each passage) are in records files beside it, which are
// never written again once complete, so that an update links the files of the earlier
// index into its folder and writes only the records of the passages that changed.
const FileName = "docent-store.bin"

const (
	magic        = "DCNTSTOR"
	recordsMagic = "DCNTRECS"
	format       = 4
	headerSize   = 96
	recordSize   = 16
	// maxFiles is the number of records files above which an update copies the records
	// of the smaller ones into its own file: a store opens every file it names.
	maxFiles = 8
	// minLive is the share of a records file that must still be read for an update to
	// link it rather than copy what is still read out of it.
	minLive = 0.5
)

// The store file, little-endian, sections 8-byte aligned:
//
//	header:    magic, format, documents, passages, records files, then the offset of
//	           each section and the file's size (u64), and a CRC-32 of the whole file
//	           but the checksum
//	documents: gob of []corpus.Document without paragraphs
//	records:   per passage its record's offset (u64), length and file (u32)
//	sorted:    passages u32: passage indexes in the order of their ids
//	docOf:     passages u32: each passage's document
//	idAt:      passages+1 u32 offsets into ids: the k-th id in sorted order
//	ids:       the passages' ids, in sorted order
//	names:     the records files' names, each a uvarint length and the name
//
// A records file is recordsMagic and the records, each: uvarints ParaFirst, ParaLast,
// Page, PagePara, PageLast, PageParaLast, then uvarint-prefixed id and heading, then
// the text, and a CRC-32 of the record before it (u32), so that a damaged record reads
// as nothing, never as other text.
type header struct {
	Format, Documents, Passages, Files                   uint32
	Docs, Records, Sorted, DocOf, IDAt, IDs, Names, Size uint64
}

// record is where a passage's record is: in records file File, at Off, Len bytes.
type record struct {
	Off       uint64
	Len, File uint32
}

// Write writes the passages and documents of a corpus into the index folder dir;
// docOf maps each passage to its document's index. The store file is replaced
// atomically, after the records files it names are complete.
func Write(dir string, docs []corpus.Document, passages []corpus.Passage, docOf []int) error {
	return Update(dir, "", nil, docs, passages, docOf)
}

// Update is Write for a corpus that differs a little from the one of the store in the
// index folder base: when kept[i] is not -1, passage i's record is the record of passage
// kept[i] there (the same passage, in a document that did not change), and the records
// files holding such records are linked into dir rather than written. Only the other
// records are written, into one new file. A base that cannot be read is written anew.
func Update(dir, base string, kept []int, docs []corpus.Document, passages []corpus.Passage, docOf []int) error {
	var old *Store
	if base != "" && len(kept) == len(passages) {
		if s, err := Open(base); err == nil {
			old = s
			defer s.Close()
		}
	}
	if err := write(dir, old, kept, docs, passages, docOf); err != nil {
		return fmt.Errorf("save passages: %w", err)
	}
	return nil
}

func write(dir string, old *Store, kept []int, docs []corpus.Document, passages []corpus.Passage, docOf []int) error {
	recs := make([]record, len(passages))
	var names []string
	linked := map[uint32]uint32{} // old file → its number in the new store
	var copied []int              // passages whose old record is copied into the new file
	if old != nil {
		link := old.filesToLink(kept)
		for i, j := range kept {
			if j < 0 || j >= old.Len() {
				continue
			}
			r := old.recs[j]
			if !link[r.File] {
				copied = append(copied, i)
				continue
			}
			n, ok := linked[r.File]
			if !ok {
				n = uint32(len(names))
				linked[r.File] = n
				if err := linkFile(filepath.Join(old.dir, old.names[r.File]), filepath.Join(dir, old.names[r.File])); err != nil {
					return err
				}
				names = append(names, old.names[r.File])
			}
			recs[i] = record{Off: r.Off, Len: r.Len, File: n}
		}
	}
	// the records not linked, in corpus order: every passage of a fresh store
	var todo []int
	isCopied := make(map[int]bool, len(copied))
	for _, i := range copied {
		isCopied[i] = true
	}
	for i := range passages {
		if old == nil || kept[i] < 0 || kept[i] >= old.Len() || isCopied[i] {
			todo = append(todo, i)
		}
	}
	var buf []byte
	name, err := writeRecords(dir, uint32(len(names)), recs, todo, func(i int) []byte {
		if old != nil && kept[i] >= 0 && kept[i] < old.Len() {
			if r := old.record(kept[i]); r != nil {
				return r
			}
			// damaged or unreadable there: the passage is the same, written anew
		}
		buf = recordHead(buf[:0], &passages[i], &docs[docOf[i]])
		return append(buf, passages[i].Text...)
	})
	if err != nil {
		return err
	}
	if name != "" {
		names = append(names, name)
	}
	sorted, err := sortedIDs(passages, old, kept)
	if err != nil {
		return err
	}
	err = atomicfile.Write(dir, FileName, func(w io.Writer) error {
		return encodeTables(w, docs, passages, docOf, recs, names, sorted)
	})
	if err != nil {
		return err
	}
	removeUnnamed(dir, names)
	return nil
}

// filesToLink returns the records files of s worth linking into a store that keeps the
// records kept names: those still mostly read, at most maxFiles-1 of them, the largest.
func (s *Store) filesToLink(kept []int) map[uint32]bool {
	live := make([]uint64, len(s.names))
	for _, j := range kept {
		if j >= 0 && j < s.Len() {
			live[s.recs[j].File] += uint64(s.recs[j].Len)
		}
	}
	var files []uint32
	for f := range s.names {
		if live[f] > 0 && float64(live[f]) >= minLive*float64(s.sizes[f]-int64(len(recordsMagic))) {
			files = append(files, uint32(f))
		}
	}
	slices.SortStableFunc(files, func(a, b uint32) int { return cmp.Compare(live[b], live[a]) })
	link := map[uint32]bool{}
	for _, f := range files[:min(len(files), maxFiles-1)] {
		link[f] = true
	}
	return link
}

// clock names records files; tests set it back.
var clock = time.Now

// freeRecordsName names a new records file after the clock, with a suffix if a file linked
// into dir already has that name (a clock set back, or a coarse one): writing it would
// replace the linked file other passages' records point into.
func freeRecordsName(dir string) (string, error) {
	stem := "docent-records-" + strconv.FormatInt(clock().UnixNano(), 36)
	for n := 0; ; n++ {
		name := stem + ".bin"
		if n > 0 {
			name = stem + "-" + strconv.Itoa(n) + ".bin"
		}
		switch _, err := os.Lstat(filepath.Join(dir, name)); {
		case errors.Is(err, fs.ErrNotExist):
			return name, nil
		case err != nil:
			return "", fmt.Errorf("name records file: %w", err)
		}
	}
}

// writeRecords writes a new records file into dir, numbered file in the store, with the
// records of passages todo, each given by emit and followed by its checksum, and sets
// their places in recs. It returns the file's name, "" when there was nothing to write.
func writeRecords(dir string, file uint32, recs []record, todo []int, emit func(i int) []byte) (string, error) {
	if len(todo) == 0 {
		return "", nil
	}
	name, err := freeRecordsName(dir)
	if err != nil {
		return "", err
	}
	err = atomicfile.Write(dir, name, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		bw.WriteString(recordsMagic)
		off := uint64(len(recordsMagic))
		for _, i := range todo {
			r := emit(i)
			bw.Write(r)
			if _, err := bw.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(r))); err != nil {
				return err
			}
			n := len(r) + 4
			if n > 1<<32-1 {
				return fmt.Errorf("passage %d over 4 GB", i)
			}
			recs[i] = record{Off: off, Len: uint32(n), File: file}
			off += uint64(n)
		}
		return bw.Flush()
	})
	if err != nil {
		return "", err
	}
	return name, nil
}

// sortedIDs returns the passages' indexes in the order of their ids. Those kept from
// old are in the order old has them already: only the others are sorted, and merged in.
func sortedIDs(passages []corpus.Passage, old *Store, kept []int) ([]uint32, error) {
	byID := func(a, b uint32) int { return strings.Compare(passages[a].ID, passages[b].ID) }
	var fromOld, fresh []uint32
	if old != nil {
		newOf := make([]int32, old.Len()) // old passage → 1 + its index in passages; 0: gone
		for i, j := range kept {
			if j >= 0 && j < old.Len() {
				newOf[j] = int32(i) + 1
			}
		}
		for k, j := range old.sorted {
			if i := newOf[j]; i > 0 && passages[i-1].ID == old.id(k) {
				fromOld = append(fromOld, uint32(i-1))
				newOf[j] = -newOf[j] // taken
			}
		}
		for i, j := range kept {
			if j < 0 || j >= old.Len() || newOf[j] >= 0 {
				fresh = append(fresh, uint32(i))
			}
		}
	} else {
		fresh = make([]uint32, len(passages))
		for i := range fresh {
			fresh[i] = uint32(i)
		}
	}
	slices.SortFunc(fresh, byID)
	sorted := make([]uint32, 0, len(passages))
	for len(fromOld) > 0 || len(fresh) > 0 {
		var next uint32
		switch {
		case len(fresh) == 0 || len(fromOld) > 0 && byID(fromOld[0], fresh[0]) < 0:
			next, fromOld = fromOld[0], fromOld[1:]
		default:
			next, fresh = fresh[0], fresh[1:]
		}
		if n := len(sorted); n > 0 && passages[sorted[n-1]].ID == passages[next].ID {
			return nil, fmt.Errorf("passage id %q appears twice", passages[next].ID)
		}
		sorted = append(sorted, next)
	}
	return sorted, nil
}

// encodeTables writes the store file: header and tables; sorted lists the passages in
// the order of their ids.
func encodeTables(w io.Writer, docs []corpus.Document, passages []corpus.Passage, docOf []int, recs []record, names []string, sorted []uint32) error {
	meta := make([]corpus.Document, len(docs))
	for i, d := range docs {
		d.Paragraphs = nil
		meta[i] = d
	}
	var tables bytes.Buffer // every section after the header
	if err := gob.NewEncoder(&tables).Encode(meta); err != nil {
		return err
	}
	pad(&tables, align(uint64(tables.Len())))
	n := len(passages)
	idAt := make([]uint32, n+1)
	var ids []byte
	for k, i := range sorted {
		ids = append(ids, passages[i].ID...)
		if uint64(len(ids)) > 1<<32-1 {
			return errors.New("passage ids over 4 GB")
		}
		idAt[k+1] = uint32(len(ids))
	}
	h := header{Format: format, Documents: uint32(len(docs)), Passages: uint32(n), Files: uint32(len(names))}
	h.Docs = headerSize
	h.Records = h.Docs + uint64(tables.Len())
	h.Sorted = h.Records + recordSize*uint64(n)
	h.DocOf = h.Sorted + 4*uint64(n)
	h.IDAt = h.DocOf + 4*uint64(n)
	h.IDs = h.IDAt + 4*uint64(n+1)
	h.Names = align(h.IDs + uint64(len(ids)))

	_ = binary.Write(&tables, binary.LittleEndian, recs)
	_ = binary.Write(&tables, binary.LittleEndian, sorted)
	d32 := make([]uint32, n)
	for i, d := range docOf {
		d32[i] = uint32(d)
	}
	_ = binary.Write(&tables, binary.LittleEndian, d32)
	_ = binary.Write(&tables, binary.LittleEndian, idAt)
	tables.Write(ids)
	pad(&tables, h.Names-h.Docs)
	for _, name := range names {
		tables.Write(binary.AppendUvarint(nil, uint64(len(name))))
		tables.WriteString(name)
	}
	pad(&tables, align(uint64(tables.Len())))
	h.Size = h.Docs + uint64(tables.Len())

	var out bytes.Buffer
	out.WriteString(magic)
	_ = binary.Write(&out, binary.LittleEndian, h)
	sum := crc32.Update(crc32.ChecksumIEEE(out.Bytes()), crc32.IEEETable, tables.Bytes())
	_ = binary.Write(&out, binary.LittleEndian, sum)
	pad(&out, h.Docs)
	if _, err := w.Write(out.Bytes()); err != nil {
		return err
	}
	_, err := w.Write(tables.Bytes())
	return err
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

// pad writes zeros up to length n.
func pad(b *bytes.Buffer, n uint64) {
	for uint64(b.Len()) < n {
		b.WriteByte(0)
	}
}

// linkFile links the records file from into to (a copy where links are refused: another
// file system), replacing nothing: a records file of that name is the same file.
func linkFile(from, to string) error {
	if _, err := os.Stat(to); err == nil {
		return nil
	}
	if os.Link(from, to) == nil {
		return nil
	}
	src, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("link records: %w", err)
	}
	defer src.Close()
	err = atomicfile.Write(filepath.Dir(to), filepath.Base(to), func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	})
	if err != nil {
		return fmt.Errorf("link records: %w", err)
	}
	return nil
}

// removeUnnamed removes the records files of dir that the store there no longer names
// (left by an earlier write into the same folder).
func removeUnnamed(dir string, names []string) {
	files, _ := filepath.Glob(filepath.Join(dir, "docent-records-*.bin"))
	for _, f := range files {
		if !slices.Contains(names, filepath.Base(f)) {
			_ = os.Remove(f) // a file left behind is harmless: a later write tries again
		}
	}
}
