package rank

import (
	"encoding/binary"
	"fmt"
	"unsafe"
)

// littleEndian is true on hosts whose memory order is the file's: there the file's arrays
// are used where they lie; elsewhere they are decoded into the heap.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// memory is s's own memory as bytes, in the host's order.
func memory[T any](s []T) []byte {
	var zero T
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(zero)))
}

// leBytes returns the little-endian bytes of s: s's own memory on a little-endian host,
// a copy elsewhere.
func leBytes[T uint16 | uint32](s []T) []byte {
	size := int(unsafe.Sizeof(T(0)))
	if littleEndian || len(s) == 0 {
		return memory(s)
	}
	b := make([]byte, 0, len(s)*size)
	for _, v := range s {
		if size == 2 {
			b = binary.LittleEndian.AppendUint16(b, uint16(v))
		} else {
			b = binary.LittleEndian.AppendUint32(b, uint32(v))
		}
	}
	return b
}

// tokenWords is toks as the uint32 pairs (id, pos) the file holds.
func tokenWords(toks []ftoken) []uint32 {
	return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(toks))), 2*len(toks))
}

// aligned reports whether b starts at a multiple of 8 bytes, as a mapping does.
func aligned(b []byte) bool { return uintptr(unsafe.Pointer(unsafe.SliceData(b)))%8 == 0 }

// alignedCopy copies b into memory that starts at a multiple of 8 bytes.
func alignedCopy(b []byte) []byte {
	words := make([]uint64, (len(b)+7)/8)
	c := memory(words)[:len(b)]
	copy(c, b)
	return c
}

// reader views sections as arrays, remembering the first section of the wrong size.
type reader struct{ err error }

// u32s views b as n uint32 (any number when n < 0).
func (r *reader) u32s(b []byte, n int) []uint32 {
	if !r.fits(b, 4, n) {
		return nil
	}
	if littleEndian {
		return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/4)
	}
	s := make([]uint32, len(b)/4)
	for k := range s {
		s[k] = binary.LittleEndian.Uint32(b[4*k:])
	}
	return s
}

// u16s views b as n uint16.
func (r *reader) u16s(b []byte, n int) []uint16 {
	if !r.fits(b, 2, n) {
		return nil
	}
	if littleEndian {
		return unsafe.Slice((*uint16)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/2)
	}
	s := make([]uint16, len(b)/2)
	for k := range s {
		s[k] = binary.LittleEndian.Uint16(b[2*k:])
	}
	return s
}

// toks views b as tokens.
func (r *reader) toks(b []byte) []ftoken {
	if !r.fits(b, 8, -1) {
		return nil
	}
	if littleEndian {
		return unsafe.Slice((*ftoken)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/8)
	}
	s := make([]ftoken, len(b)/8)
	for k := range s {
		s[k] = ftoken{id: binary.LittleEndian.Uint32(b[8*k:]), pos: binary.LittleEndian.Uint32(b[8*k+4:])}
	}
	return s
}

func (r *reader) fits(b []byte, size, n int) bool {
	if r.err == nil && (len(b)%size != 0 || (n >= 0 && len(b) != n*size)) {
		r.err = fmt.Errorf("a section of %d bytes where %d values of %d bytes were expected", len(b), n, size)
	}
	return r.err == nil
}
