package rank

import (
	"encoding/binary"
	"os"
)

// readTokensAbove is the size of the token section above which a loaded analysis reads
// each passage's tokens and spans from its file instead of through the mapping. A
// mapping shows every page the kernel maps around a touched one (64 KB a fault) as the
// process's own, so ranking 300 passages a question would, after a few hundred
// questions, show the whole file resident; read, only the passage's bytes are copied
// (one read each, from the page cache). Below it, all of the tokens resident cost
// little, and the mapping is cheaper to read.
var readTokensAbove int64 = 32 << 20 // a variable for the tests of both paths

// tokenFile is where a loaded analysis reads its tokens and spans: the file and the
// offsets of the three sections.
type tokenFile struct {
	f                  *os.File
	toks, start, width int64
	n                  int // tokens in all
}

// numToks returns the number of tokens of every passage.
func (f *Forward) numToks() int {
	if f.tokFile != nil {
		return f.tokFile.n
	}
	return len(f.toks)
}

// passageToks returns passage i's tokens: a slice of f's own, or read from its file into
// buf (reused when big enough). A read that fails gives no tokens.
func (f *Forward) passageToks(i int, buf []ftoken) []ftoken {
	a, b := f.tokAt[i], f.tokAt[i+1]
	if f.tokFile == nil {
		return f.toks[a:b]
	}
	n := int(b - a)
	if n == 0 {
		return []ftoken{} // none, which is not a failed read (nil)
	}
	if cap(buf) < n {
		buf = make([]ftoken, n)
	}
	buf = buf[:n]
	raw := memory(buf)
	if _, err := f.tokFile.f.ReadAt(raw, f.tokFile.toks+8*int64(a)); err != nil {
		return nil
	}
	if !littleEndian {
		for k := range buf {
			buf[k] = ftoken{id: binary.LittleEndian.Uint32(raw[8*k:]), pos: binary.LittleEndian.Uint32(raw[8*k+4:])}
		}
	}
	return buf
}

// passageSpans returns the byte starts and widths of passage i's tokens; nil when a read
// fails.
func (f *Forward) passageSpans(i int) ([]uint32, []uint16) {
	a, b := f.tokAt[i], f.tokAt[i+1]
	if f.tokFile == nil {
		return f.start[a:b], f.width[a:b]
	}
	n := int(b - a)
	raw := make([]byte, 6*n)
	if _, err := f.tokFile.f.ReadAt(raw[:4*n], f.tokFile.start+4*int64(a)); err != nil {
		return nil, nil
	}
	if _, err := f.tokFile.f.ReadAt(raw[4*n:], f.tokFile.width+2*int64(a)); err != nil {
		return nil, nil
	}
	start, width := make([]uint32, n), make([]uint16, n)
	for k := range n {
		start[k] = binary.LittleEndian.Uint32(raw[4*k:])
		width[k] = binary.LittleEndian.Uint16(raw[4*n+2*k:])
	}
	return start, width
}

// inHeap returns f with its tokens and spans in memory, read whole from the file when f
// reads them per passage: an update copies most passages' tokens, and one read of each
// section beats a read a passage. It returns f when they are in memory already, or when
// the file cannot be read (the update then reads per passage).
func (f *Forward) inHeap() *Forward {
	tf := f.tokFile
	if tf == nil {
		return f
	}
	toks, start, width := make([]ftoken, tf.n), make([]uint32, tf.n), make([]uint16, tf.n)
	for _, s := range []struct {
		dst []byte
		off int64
	}{
		{memory(toks), tf.toks}, {memory(start), tf.start}, {memory(width), tf.width},
	} {
		if _, err := tf.f.ReadAt(s.dst, s.off); err != nil {
			return f
		}
	}
	if !littleEndian {
		return f // the bytes above are little-endian; per passage reads decode them
	}
	g := &Forward{keep: f}
	// the copy shares f's mapped tables; keep holds f (and its mapping) while g lives
	g.dict, g.termAt, g.sorted, g.df = f.dict, f.termAt, f.sorted, f.df
	g.toks, g.tokAt, g.start, g.width, g.wide, g.textLen = toks, f.tokAt, start, width, f.wide, f.textLen
	g.heading, g.title, g.authors = f.heading, f.title, f.authors
	g.bm25Heading, g.bm25Title, g.bm25Authors = f.bm25Heading, f.bm25Title, f.bm25Authors
	g.length, g.lengthSum = f.length, f.lengthSum
	return g
}
