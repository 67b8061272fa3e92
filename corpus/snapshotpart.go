package corpus

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"time"
	"unsafe"
)

// A part of a snapshot is written in a layout of its own rather than gob: reading the
// parts is most of loading a corpus folder after a change, and gob made a string, and
// the garbage collector scanned it, for every paragraph (0.3 s of CPU at 20,000
// articles). Here every string read is a piece of one string, the part's content.
//
// The layout: partMagic, then uvarints and strings (a uvarint length and the bytes):
// the format and the number of files, then each file's path, size, modification time
// (time.Time.MarshalBinary), hash and documents, each document's fields, paragraphs,
// paragraph keys and sum; a CRC-32 of everything before ends it.
const partMagic = "DCNTPART"

// encodePart encodes the files of one bucket.
func encodePart(format int, files []FileState) ([]byte, error) {
	e := partEncoder{b: []byte(partMagic)}
	e.uint(uint64(format))
	e.uint(uint64(len(files)))
	for i := range files {
		f := &files[i]
		e.str(f.Path)
		e.uint(uint64(f.Size))
		if err := e.time(f.ModTime); err != nil {
			return nil, err
		}
		e.str(f.Hash)
		e.uint(uint64(len(f.Docs)))
		for j := range f.Docs {
			if err := e.doc(&f.Docs[j]); err != nil {
				return nil, err
			}
			var keys []uint64
			if len(f.ParaKeys) == len(f.Docs) && len(f.ParaKeys[j]) == len(f.Docs[j].Paragraphs) {
				keys = f.ParaKeys[j]
			} else {
				keys = paragraphKeys(&f.Docs[j])
			}
			e.uint(uint64(len(keys)))
			for _, k := range keys {
				e.b = binary.LittleEndian.AppendUint64(e.b, k)
			}
			var sum DocSum
			if len(f.Sums) == len(f.Docs) {
				sum = f.Sums[j]
			}
			e.b = binary.LittleEndian.AppendUint64(e.b, sum.Removed)
			e.b = append(e.b, sum.Sum[:]...)
		}
	}
	e.b = binary.LittleEndian.AppendUint32(e.b, crc32.ChecksumIEEE(e.b))
	return e.b, nil
}

type partEncoder struct{ b []byte }

func (e *partEncoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }

func (e *partEncoder) str(s string) {
	e.uint(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *partEncoder) strs(ss []string) {
	e.uint(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

func (e *partEncoder) time(t time.Time) error {
	b, err := t.MarshalBinary()
	if err != nil {
		return fmt.Errorf("encode time: %w", err)
	}
	e.str(string(b))
	return nil
}

func (e *partEncoder) doc(d *Document) error {
	e.str(d.ID)
	e.str(d.Title)
	e.str(d.Subtitle)
	e.strs(d.Authors)
	e.str(d.AuthorBio)
	e.str(d.Publication)
	if err := e.time(d.Published); err != nil {
		return err
	}
	e.str(d.URL)
	e.strs(d.Tags)
	e.uint(uint64(len(d.Paragraphs)))
	for _, p := range d.Paragraphs {
		e.uint(uint64(p.N))
		e.str(p.Heading)
		e.str(p.Text)
		e.uint(uint64(p.Page))
	}
	return nil
}

// readPart reads the part file at path, written in format.
func readPart(path string, format int) ([]FileState, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	files, err := decodePart(b, format)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return files, nil
}

var errPartDamaged = errors.New("damaged snapshot part")

// decodePart decodes a part; the strings of the files it returns are pieces of b, which
// the caller must never change after.
func decodePart(b []byte, format int) (files []FileState, err error) {
	if len(b) <= len(partMagic)+4 || string(b[:len(partMagic)]) != partMagic {
		return nil, errPartDamaged
	}
	body := b[:len(b)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, fmt.Errorf("%w: checksum", errPartDamaged)
	}
	// b is read only from here on: its strings are made without copying 2.7 MB a part
	d := partDecoder{s: unsafe.String(&body[len(partMagic)], len(body)-len(partMagic))}
	if f := d.uint(); f != uint64(format) {
		return nil, fmt.Errorf("part of format %d, want %d", f, format)
	}
	files = make([]FileState, d.count(1))
	for i := range files {
		f := &files[i]
		f.Path = d.str()
		f.Size = int64(d.uint())
		f.ModTime = d.time()
		f.Hash = d.str()
		n := d.count(8)
		if n == 0 {
			continue
		}
		f.Docs, f.ParaKeys, f.Sums = make([]Document, n), make([][]uint64, n), make([]DocSum, n)
		for j := range n {
			d.doc(&f.Docs[j])
			f.ParaKeys[j] = make([]uint64, d.count(8))
			for k := range f.ParaKeys[j] {
				f.ParaKeys[j][k] = d.u64()
			}
			if len(f.ParaKeys[j]) != len(f.Docs[j].Paragraphs) {
				d.bad = true
			}
			f.Sums[j].Removed = d.u64()
			copy(f.Sums[j].Sum[:], d.bytes(len(Sum{})))
		}
	}
	if d.bad || d.s != "" {
		return nil, errPartDamaged
	}
	return files, nil
}

// partDecoder reads what partEncoder wrote; past the end, or at a malformed number, it
// sets bad and reads zeros.
type partDecoder struct {
	s   string
	bad bool
}

func (d *partDecoder) uint() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		if d.s == "" {
			d.bad = true
			return 0
		}
		c := d.s[0]
		d.s = d.s[1:]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	d.bad = true
	return 0
}

// count reads a number of items of at least min bytes each, bounded by what is left.
func (d *partDecoder) count(min int) int {
	n := d.uint()
	if n > uint64(len(d.s)/min) {
		d.bad, d.s = true, ""
		return 0
	}
	return int(n)
}

func (d *partDecoder) bytes(n int) string {
	if n > len(d.s) {
		d.bad, d.s = true, ""
		return ""
	}
	v := d.s[:n]
	d.s = d.s[n:]
	return v
}

func (d *partDecoder) str() string {
	n := d.uint()
	if n > uint64(len(d.s)) {
		d.bad, d.s = true, ""
		return ""
	}
	return d.bytes(int(n))
}

func (d *partDecoder) strs() []string {
	n := d.count(1)
	if n == 0 {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = d.str()
	}
	return ss
}

func (d *partDecoder) u64() uint64 {
	b := d.bytes(8)
	var v uint64
	for k := len(b) - 1; k >= 0; k-- {
		v = v<<8 | uint64(b[k])
	}
	return v
}

func (d *partDecoder) time() time.Time {
	var t time.Time
	if b := d.str(); t.UnmarshalBinary([]byte(b)) != nil {
		d.bad = true
	}
	return t
}

func (d *partDecoder) doc(doc *Document) {
	doc.ID = d.str()
	doc.Title = d.str()
	doc.Subtitle = d.str()
	doc.Authors = d.strs()
	doc.AuthorBio = d.str()
	doc.Publication = d.str()
	doc.Published = d.time()
	doc.URL = d.str()
	doc.Tags = d.strs()
	if n := d.count(4); n > 0 {
		doc.Paragraphs = make([]Paragraph, n)
		for k := range doc.Paragraphs {
			p := &doc.Paragraphs[k]
			p.N = int(d.uint())
			p.Heading = d.str()
			p.Text = d.str()
			p.Page = int(d.uint())
		}
	}
}
