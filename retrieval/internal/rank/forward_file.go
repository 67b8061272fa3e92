package rank

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/atomicfile"
)

// The forward analysis is kept in a file beside the bleve index it was made with, so an
// index that is reused is not analysed again when it opens (SciFact: 0.4 s of CPU).
// The manifest already ties the index folder to the corpus and the analysis version; the
// file holds its own format, counts and checksum, and anything amiss means analysing
// again.
const (
	forwardFile   = "docent-forward.bin"
	forwardMagic  = "DOCENTFWD"
	forwardFormat = 2
)

// Save writes f into the index folder dir, atomically.
func (f *Forward) Save(dir string) error {
	err := atomicfile.Write(dir, forwardFile, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		if err := f.encode(bw); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return fmt.Errorf("save analysis: %w", err)
	}
	return nil
}

// loadForward reads the forward analysis saved in the index folder dir for a corpus of
// passages and docs; it fails when there is none or it does not fit.
func loadForward(dir string, passages, docs int) (*Forward, error) {
	b, err := os.ReadFile(filepath.Join(dir, forwardFile))
	if err != nil {
		return nil, err
	}
	f, err := decodeForward(b)
	if err != nil {
		return nil, fmt.Errorf("load analysis: %w", err)
	}
	if len(f.tokAt) != passages+1 || len(f.heading.at) != passages+1 || len(f.title.at) != docs+1 {
		return nil, errors.New("load analysis: made for another corpus")
	}
	return f, nil
}

func (f *Forward) encode(w io.Writer) error {
	e := encoder{crc: crc32.NewIEEE()}
	e.bytes([]byte(forwardMagic))
	e.u32s([]uint32{forwardFormat, uint32(len(f.terms))})
	for _, t := range f.terms {
		e.u32s([]uint32{uint32(len(t))})
		e.bytes([]byte(t))
	}
	ids, pos := make([]uint32, len(f.toks)), make([]uint32, len(f.toks))
	for k, t := range f.toks {
		ids[k], pos[k] = t.id, t.pos
	}
	wide := make([]uint32, 0, len(f.wide))
	for i := range f.wide {
		wide = append(wide, uint32(i))
	}
	slices.Sort(wide)
	width := make([]uint32, len(f.width))
	for k, v := range f.width {
		width[k] = uint32(v)
	}
	// positions, starts and offsets mostly grow by a little: their differences are
	// small varints (the file is about 6 bytes a token instead of 14)
	for _, a := range []struct {
		s     []uint32
		delta bool
	}{
		{ids, false}, {pos, true}, {f.tokAt, true}, {f.start, true}, {width, false},
		{f.heading.ids, false}, {f.heading.at, true}, {f.title.ids, false}, {f.title.at, true},
		{f.authors.ids, false}, {f.authors.at, true}, {f.df, false}, {wide, true},
	} {
		e.varints(a.s, a.delta)
	}
	sum := binary.LittleEndian.AppendUint32(nil, e.crc.Sum32())
	if _, err := w.Write(e.buf); err != nil {
		return err
	}
	_, err := w.Write(sum)
	return err
}

// encoder gathers the file in memory (it is a few bytes per token) with its checksum.
type encoder struct {
	buf []byte
	crc hash.Hash32
}

func (e *encoder) bytes(b []byte) {
	e.buf = append(e.buf, b...)
	_, _ = e.crc.Write(b)
}

// varints writes the length of s and its values as varints, or the differences between
// consecutive values as signed varints when delta is set.
func (e *encoder) varints(s []uint32, delta bool) {
	b := binary.AppendUvarint(nil, uint64(len(s)))
	prev := int64(0)
	for _, v := range s {
		if delta {
			b = binary.AppendVarint(b, int64(v)-prev)
			prev = int64(v)
		} else {
			b = binary.AppendUvarint(b, uint64(v))
		}
	}
	e.bytes(b)
}

func (e *encoder) u32s(s []uint32) {
	b := make([]byte, 4*len(s))
	for k, v := range s {
		binary.LittleEndian.PutUint32(b[4*k:], v)
	}
	e.bytes(b)
}

func decodeForward(b []byte) (*Forward, error) {
	if len(b) < len(forwardMagic)+4 || string(b[:len(forwardMagic)]) != forwardMagic {
		return nil, errors.New("not a forward analysis")
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, errors.New("checksum mismatch")
	}
	d := decoder{b: body[len(forwardMagic):]}
	if d.u32() != forwardFormat {
		return nil, errors.New("another format")
	}
	n := int(d.u32())
	if n > len(d.b) { // every term takes at least its length's 4 bytes
		return nil, errors.New("too many terms")
	}
	f := &Forward{terms: make([]string, n)}
	f.ids = make(map[string]uint32, len(f.terms))
	for k := range f.terms {
		f.terms[k] = string(d.next(int(d.u32())))
		f.ids[f.terms[k]] = uint32(k)
	}
	ids, pos := d.varints(false), d.varints(true)
	f.tokAt, f.start = d.varints(true), d.varints(true)
	width := d.varints(false)
	f.heading.ids, f.heading.at = d.varints(false), d.varints(true)
	f.title.ids, f.title.at = d.varints(false), d.varints(true)
	f.authors.ids, f.authors.at = d.varints(false), d.varints(true)
	f.df = d.varints(false)
	wide := d.varints(true)
	if d.err != nil || len(d.b) != 0 {
		return nil, errors.New("truncated or too long")
	}
	if len(ids) != len(pos) || len(ids) != len(f.start) || len(ids) != len(width) || len(f.df) != len(f.terms) {
		return nil, errors.New("inconsistent lengths")
	}
	f.width = make([]uint16, len(width))
	for k, v := range width {
		if v > math.MaxUint16 {
			return nil, errors.New("width out of range")
		}
		f.width[k] = uint16(v)
	}
	f.toks = make([]ftoken, len(ids))
	for k := range f.toks {
		if ids[k] >= uint32(len(f.terms)) {
			return nil, errors.New("term id out of range")
		}
		f.toks[k] = ftoken{id: ids[k], pos: pos[k]}
	}
	for _, i := range wide {
		if f.wide == nil {
			f.wide = make(map[int]bool, len(wide))
		}
		f.wide[int(i)] = true
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return f, nil
}

// check verifies that every offset and id of f is in range, so a damaged file that
// passed the checksum cannot make a query panic.
func (f *Forward) check() error {
	terms := uint32(len(f.terms))
	offsets := func(at []uint32, n int) bool {
		if len(at) == 0 || at[0] != 0 || int(at[len(at)-1]) != n {
			return false
		}
		for k := 1; k < len(at); k++ {
			if at[k] < at[k-1] {
				return false
			}
		}
		return true
	}
	if !offsets(f.tokAt, len(f.toks)) {
		return errors.New("bad token offsets")
	}
	for _, s := range []*sets{&f.heading, &f.title, &f.authors} {
		if !offsets(s.at, len(s.ids)) {
			return errors.New("bad set offsets")
		}
		for _, id := range s.ids {
			if id >= terms {
				return errors.New("term id out of range")
			}
		}
	}
	return nil
}

// decoder reads little-endian values from b, remembering the first shortfall.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) next(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.b) {
		d.err = io.ErrUnexpectedEOF
		return nil
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) u32() uint32 {
	b := d.next(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

// varints reads what encoder.varints wrote. Most values fit in one byte: those are read
// inline, which halves the time a new process spends loading the analysis.
func (d *decoder) varints(delta bool) []uint32 {
	n, k := binary.Uvarint(d.b)
	if d.err != nil || k <= 0 || n > uint64(len(d.b)) { // every value takes a byte at least
		d.err = io.ErrUnexpectedEOF
		return nil
	}
	b := d.b[k:]
	s := make([]uint32, n)
	prev, at := int64(0), 0
	for i := range s {
		var uv uint64
		if at < len(b) && b[at] < 0x80 {
			uv = uint64(b[at])
			at++
		} else {
			var k int
			uv, k = binary.Uvarint(b[at:])
			if k <= 0 {
				d.err = io.ErrUnexpectedEOF
				return nil
			}
			at += k
		}
		v := int64(uv)
		if delta {
			v = prev + (int64(uv>>1) ^ -int64(uv&1)) // zigzag, as binary.Varint reads it
			prev = v
		}
		if v < 0 || v > math.MaxUint32 {
			d.err = errors.New("value out of range")
			return nil
		}
		s[i] = uint32(v)
	}
	d.b = b[at:]
	return s
}

// LoadSaved loads the analysis saved in the index folder dir for c; nil and no error
// when there is no folder.
func LoadSaved(dir string, c *corpus.Corpus) (*Forward, error) {
	if dir == "" {
		return nil, nil
	}
	return loadForward(dir, len(c.Passages), len(c.Documents))
}
