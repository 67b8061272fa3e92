package rank

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"

	"github.com/blevesearch/mmap-go"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/atomicfile"
)

// The forward analysis is kept in a file beside the bleve index it was made with, so an
// index that is reused is not analysed again when it opens. The manifest already ties the
// index folder to the corpus and the analysis version; the file holds its own format and
// counts, and anything amiss means analysing again.
//
// Format 3 is laid out to be mapped into memory and read in place: a header, a table of
// sections, and the sections, each a little-endian array of fixed-width numbers starting
// at a multiple of 8 bytes (ftoken as two uint32). Opening reads the header and the small
// arrays it checks (the dictionary, every offset array); the tokens and their spans, most
// of the file, are read by the pages an answer touches. The header and table carry a
// checksum, and the table a checksum of each section. Opening checks every section but
// the tokens and their spans (checking them would read the whole file at every start),
// and every size, offset and id it can without reading the tokens, and the few reads of
// a token's term id are guarded, so a damaged file gives an error or, at worst, a wrong
// answer, never a fault; an update, which reads every token anyway, checks them all, so
// that it never carries damage into the index it makes.
const (
	forwardFile   = "docent-forward.bin"
	forwardMagic  = "DOCENTFWD\x00\x00\x00\x00\x00\x00\x00" // 16 bytes
	forwardFormat = 4
	headerSize    = 48 // magic, format, sections, passages, documents, terms, 0, lengthSum
)

// The sections, in file order.
const (
	secDict = iota
	secTermAt
	secSorted
	secDF
	secToks
	secTokAt
	secStart
	secWidth
	secWide
	secTextLen
	secHeadingIDs
	secHeadingAt
	secTitleIDs
	secTitleAt
	secAuthorsIDs
	secAuthorsAt
	secBM25HeadingIDs
	secBM25HeadingAt
	secBM25TitleIDs
	secBM25TitleAt
	secBM25AuthorsIDs
	secBM25AuthorsAt
	secLength
	numSections
)

// The table: each section's offset and size (u64), then each section's CRC-32 (u32).
// tableEnd is where the checksum of the header and table sits; sections follow it, from
// dataStart.
const (
	tableEnd  = headerSize + 20*numSections
	dataStart = (tableEnd + 4 + 7) &^ 7
)

// sections returns f's arrays as the file's sections, in little-endian bytes: f's own
// memory on a little-endian host.
func (f *Forward) sections() [numSections][]byte {
	var s [numSections][]byte
	s[secDict] = []byte(f.dict)
	s[secTermAt], s[secSorted], s[secDF] = leBytes(f.termAt), leBytes(f.sorted), leBytes(f.df)
	s[secToks], s[secTokAt] = leBytes(tokenWords(f.toks)), leBytes(f.tokAt)
	s[secStart], s[secWidth] = leBytes(f.start), leBytes(f.width)
	s[secWide], s[secTextLen], s[secLength] = leBytes(f.wide), leBytes(f.textLen), leBytes(f.length)
	for k, set := range []*sets{&f.heading, &f.title, &f.authors, &f.bm25Heading, &f.bm25Title, &f.bm25Authors} {
		s[secHeadingIDs+2*k], s[secHeadingAt+2*k] = leBytes(set.ids), leBytes(set.at)
	}
	return s
}

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

func (f *Forward) encode(w io.Writer) error {
	secs := f.sections()
	h := make([]byte, dataStart)
	copy(h, forwardMagic)
	le := binary.LittleEndian
	le.PutUint32(h[16:], forwardFormat)
	le.PutUint32(h[20:], numSections)
	le.PutUint32(h[24:], uint32(len(f.tokAt)-1))
	le.PutUint32(h[28:], uint32(len(f.title.at)-1))
	le.PutUint32(h[32:], uint32(f.numTerms()))
	le.PutUint64(h[40:], f.lengthSum)
	off := uint64(len(h))
	for k, s := range secs {
		le.PutUint64(h[headerSize+16*k:], off)
		le.PutUint64(h[headerSize+16*k+8:], uint64(len(s)))
		le.PutUint32(h[headerSize+16*numSections+4*k:], crc32.ChecksumIEEE(s))
		off += pad8(uint64(len(s)))
	}
	le.PutUint32(h[tableEnd:], crc32.ChecksumIEEE(h[:tableEnd]))
	if _, err := w.Write(h); err != nil {
		return err
	}
	var zeros [8]byte
	for _, s := range secs {
		if _, err := w.Write(s); err != nil {
			return err
		}
		if _, err := w.Write(zeros[:pad8(uint64(len(s)))-uint64(len(s))]); err != nil {
			return err
		}
	}
	runtime.KeepAlive(f)
	return nil
}

func pad8(n uint64) uint64 { return (n + 7) &^ 7 }

// section is where a section lies in the file.
type section struct{ off, size int64 }

// sectionAt reads section k's place from the table of the file b (already checked).
func sectionAt(b []byte, k int) section {
	le := binary.LittleEndian
	return section{off: int64(le.Uint64(b[headerSize+16*k:])), size: int64(le.Uint64(b[headerSize+16*k+8:]))}
}

// loadForward maps the forward analysis saved in the index folder dir for a corpus of
// passages and docs into memory; it fails when there is none or it does not fit. The
// mapping is released when the Forward is no longer reachable, never before: an answer
// in flight on an index being replaced keeps reading it.
func loadForward(dir string, passages, docs int) (*Forward, error) {
	return loadForwardAs(dir, passages, docs, readTokensAbove, false)
}

// loadForwardAs is loadForward reading the tokens from the file, not the mapping, when
// they take more than readAbove bytes; checkTokens checks the tokens' and spans'
// checksums too.
func loadForwardAs(dir string, passages, docs int, readAbove int64, checkTokens bool) (*Forward, error) {
	file, err := os.Open(filepath.Join(dir, forwardFile))
	if err != nil {
		return nil, err
	}
	m, err := mmap.Map(file, mmap.RDONLY, 0)
	var b []byte
	if err == nil {
		b = m
	} else { // an empty file, or a platform without mappings: read it into the heap
		m = nil
		b, err = io.ReadAll(file)
		_ = file.Close()
		if err != nil {
			return nil, err
		}
	}
	f, err := decodeForward(b, checkTokens)
	if err == nil && (len(f.tokAt) != passages+1 || len(f.title.at) != docs+1) {
		err = errors.New("made for another corpus")
	}
	if err != nil {
		if m != nil {
			_ = m.Unmap()
			_ = file.Close()
		}
		return nil, fmt.Errorf("load analysis: %w", err)
	}
	if m == nil {
		return f, nil
	}
	if toks := sectionAt(b, secToks); toks.size > readAbove {
		// big: each passage's tokens are read from the file (forward_read.go)
		f.tokFile = &tokenFile{f: file, toks: toks.off, start: sectionAt(b, secStart).off,
			width: sectionAt(b, secWidth).off, n: len(f.toks)}
		f.toks, f.start, f.width = nil, nil, nil
		runtime.AddCleanup(f, func(m mmap.MMap) { _ = m.Unmap(); _ = file.Close() }, m)
		return f, nil
	}
	_ = file.Close()
	runtime.AddCleanup(f, func(m mmap.MMap) { _ = m.Unmap() }, m)
	return f, nil
}

// decodeForward reads a Forward whose arrays point into b (on a little-endian host),
// checking everything it can without reading the tokens and their spans, and those too
// when checkTokens.
func decodeForward(b []byte, checkTokens bool) (*Forward, error) {
	if len(b) < dataStart || string(b[:len(forwardMagic)]) != forwardMagic {
		return nil, errors.New("not a forward analysis")
	}
	le := binary.LittleEndian
	if le.Uint32(b[16:]) != forwardFormat || le.Uint32(b[20:]) != numSections {
		return nil, errors.New("another format")
	}
	if crc32.ChecksumIEEE(b[:tableEnd]) != le.Uint32(b[tableEnd:]) {
		return nil, errors.New("header checksum mismatch")
	}
	if !aligned(b) {
		b = alignedCopy(b)
	}
	passages, docs, terms := int(le.Uint32(b[24:])), int(le.Uint32(b[28:])), int(le.Uint32(b[32:]))
	if passages < 0 || docs < 0 || terms < 0 || passages >= math.MaxInt32 || docs >= math.MaxInt32 || terms >= math.MaxInt32 {
		return nil, errors.New("counts out of range")
	}
	var secs [numSections][]byte
	at := uint64(dataStart) // the sections follow one another, each from a multiple of 8
	for k := range secs {
		off, size := le.Uint64(b[headerSize+16*k:]), le.Uint64(b[headerSize+16*k+8:])
		if off != at || size > uint64(len(b))-off {
			return nil, fmt.Errorf("section %d out of the file", k)
		}
		secs[k] = b[off : off+size]
		at = off + pad8(size)
		big := k == secToks || k == secStart || k == secWidth
		if (checkTokens || !big) && crc32.ChecksumIEEE(secs[k]) != le.Uint32(b[headerSize+16*numSections+4*k:]) {
			return nil, fmt.Errorf("section %d checksum mismatch", k)
		}
	}
	if at != uint64(len(b)) {
		return nil, errors.New("truncated or too long")
	}
	f := &Forward{dict: string(secs[secDict]), lengthSum: le.Uint64(b[40:])}
	var r reader
	f.termAt, f.sorted, f.df = r.u32s(secs[secTermAt], terms+1), r.u32s(secs[secSorted], terms), r.u32s(secs[secDF], terms)
	f.toks = r.toks(secs[secToks])
	f.tokAt, f.textLen, f.length = r.u32s(secs[secTokAt], passages+1), r.u32s(secs[secTextLen], passages), r.u32s(secs[secLength], passages)
	f.start, f.width = r.u32s(secs[secStart], len(f.toks)), r.u16s(secs[secWidth], len(f.toks))
	f.wide = r.u32s(secs[secWide], -1)
	for k, set := range []*sets{&f.heading, &f.title, &f.authors, &f.bm25Heading, &f.bm25Title, &f.bm25Authors} {
		n := passages
		if k%3 != 0 {
			n = docs
		}
		set.ids, set.at = r.u32s(secs[secHeadingIDs+2*k], -1), r.u32s(secs[secHeadingAt+2*k], n+1)
	}
	if r.err != nil {
		return nil, r.err
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return f, nil
}

// check verifies every offset and id that opening can check without reading the tokens,
// so that a damaged file whose header is intact cannot make a query fault.
func (f *Forward) check() error {
	terms := uint32(f.numTerms())
	if !offsets(f.termAt, len(f.dict)) {
		return errors.New("bad dictionary offsets")
	}
	for k, id := range f.sorted {
		if id >= terms || (k > 0 && f.term(f.sorted[k-1]) >= f.term(id)) {
			return errors.New("dictionary out of order")
		}
	}
	if !offsets(f.tokAt, f.numToks()) {
		return errors.New("bad token offsets")
	}
	for k, i := range f.wide {
		if int(i) >= len(f.tokAt)-1 || (k > 0 && f.wide[k-1] >= i) {
			return errors.New("bad wide passages")
		}
	}
	for _, s := range []*sets{&f.heading, &f.title, &f.authors, &f.bm25Heading, &f.bm25Title, &f.bm25Authors} {
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

// offsets reports whether at starts at 0, never falls and ends at n.
func offsets(at []uint32, n int) bool {
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

// LoadSaved loads the analysis saved in the index folder dir for c; nil and no error
// when there is no folder.
func LoadSaved(dir string, c *corpus.Corpus) (*Forward, error) {
	if dir == "" {
		return nil, nil
	}
	return loadForward(dir, len(c.Passages), len(c.Documents))
}
