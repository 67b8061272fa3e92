package bleveindex

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/atomicfile"
)

// keysFile, in an index folder, lists the key of every passage the index holds, in
// corpus order: an update compares it with the corpus to find what to delete and add.
const keysFile = "docent-passages.bin"

// Key names one passage with everything indexed of it: its id and a hash of its text,
// heading, document id, title and authors. Two passages with the same Key are indexed,
// and analysed, alike.
type Key struct {
	ID  string
	Sum [16]byte
}

// Keys returns the key of every passage of c, in corpus order.
func Keys(c *corpus.Corpus) []Key {
	docs := make(map[string]*corpus.Document, len(c.Documents))
	for i := range c.Documents {
		docs[c.Documents[i].ID] = &c.Documents[i]
	}
	keys := make([]Key, len(c.Passages))
	// hashed on every core, in chunks of passages
	workers := min(runtime.GOMAXPROCS(0), len(keys)/1000+1)
	chunk := (len(keys) + workers - 1) / workers
	var wg sync.WaitGroup
	for from := 0; from < len(keys); from += chunk {
		wg.Go(func() {
			var buf []byte // the hash is written once a passage, not once a field: strings would be copied anyway
			for i := from; i < min(from+chunk, len(keys)); i++ {
				p := &c.Passages[i]
				d := docs[p.DocID]
				buf = buf[:0]
				for _, s := range [...]string{p.ID, p.DocID, d.Title, strings.Join(d.Authors, "\x00"), p.Heading, p.Text} {
					buf = strconv.AppendInt(buf, int64(len(s)), 10)
					buf = append(buf, ':')
					buf = append(buf, s...)
				}
				sum := sha256.Sum256(buf)
				keys[i] = Key{ID: p.ID, Sum: [16]byte(sum[:16])}
			}
		})
	}
	wg.Wait()
	return keys
}

// keysMagic starts a keys file; then the format, the number of keys, each key as its id's
// length (a varint), its id and its sum, and a CRC-32 of everything before.
const keysMagic = "DOCENTKEYS"

func writeKeys(folder string, keys []Key) error {
	b := make([]byte, 0, len(keysMagic)+16+len(keys)*48)
	b = append(b, keysMagic...)
	b = binary.AppendUvarint(b, formatVersion)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(len(k.ID)))
		b = append(b, k.ID...)
		b = append(b, k.Sum[:]...)
	}
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	err := atomicfile.Write(folder, keysFile, func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return fmt.Errorf("write passage keys: %w", err)
	}
	return nil
}

// readKeys reads the keys file of the index in folder, made for an index of passages.
func readKeys(folder string, passages int) ([]Key, error) {
	b, err := os.ReadFile(filepath.Join(folder, keysFile))
	if err != nil {
		return nil, fmt.Errorf("read passage keys: %w", err)
	}
	bad := func(why string) ([]Key, error) {
		return nil, fmt.Errorf("read passage keys %s: %s", folder, why)
	}
	if len(b) < len(keysMagic)+4 || string(b[:len(keysMagic)]) != keysMagic {
		return bad("not a keys file")
	}
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return bad("checksum mismatch")
	}
	body = body[len(keysMagic):]
	next := func() uint64 {
		v, n := binary.Uvarint(body)
		if n <= 0 {
			body = nil
			return 0
		}
		body = body[n:]
		return v
	}
	if next() != formatVersion || next() != uint64(passages) {
		return bad("made for another index")
	}
	keys := make([]Key, passages)
	for i := range keys {
		n := next()
		if n > uint64(len(body)) || uint64(len(body))-n < 16 { // n+16 could wrap
			return bad("truncated")
		}
		keys[i].ID = string(body[:n])
		copy(keys[i].Sum[:], body[n:n+16])
		body = body[n+16:]
	}
	if len(body) != 0 {
		return bad("too long")
	}
	return keys, nil
}
