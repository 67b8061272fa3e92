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
	docs := docsByID(c)
	keys := make([]Key, len(c.Passages))
	// hashed on every core, in chunks of passages
	workers := min(runtime.GOMAXPROCS(0), len(keys)/1000+1)
	chunk := (len(keys) + workers - 1) / workers
	var wg sync.WaitGroup
	for from := 0; from < len(keys); from += chunk {
		wg.Go(func() {
			var buf []byte
			for i := from; i < min(from+chunk, len(keys)); i++ {
				p := &c.Passages[i]
				keys[i], buf = keyOf(p, docs[p.DocID], buf)
			}
		})
	}
	wg.Wait()
	return keys
}

// keyOf returns the key of passage p of document d, using buf as scratch.
func keyOf(p *corpus.Passage, d *corpus.Document, buf []byte) (Key, []byte) {
	buf = buf[:0] // the hash is written once a passage, not once a field: strings would be copied anyway
	for _, s := range [...]string{p.ID, p.DocID, d.Title, strings.Join(d.Authors, "\x00"), p.Heading, p.Text} {
		buf = strconv.AppendInt(buf, int64(len(s)), 10)
		buf = append(buf, ':')
		buf = append(buf, s...)
	}
	sum := sha256.Sum256(buf)
	return Key{ID: p.ID, Sum: [16]byte(sum[:16])}, buf
}

// DocKey names one document of the corpus an index holds: its id, its sum
// (corpus.Corpus.DocSums) and its number of passages. A document whose DocKey is
// unchanged has the passages, and keys, it had: an update copies them.
type DocKey struct {
	ID       string
	Sum      corpus.Sum
	Passages int
}

// DocKeys returns the DocKey of every document of c, in corpus order, or nil when c has
// no sums or its passages do not follow its documents in order.
func DocKeys(c *corpus.Corpus) []DocKey {
	if len(c.DocSums) != len(c.Documents) {
		return nil
	}
	docs := make([]DocKey, len(c.Documents))
	d := 0
	for i := range c.Passages {
		for d < len(docs) && c.Passages[i].DocID != c.Documents[d].ID {
			d++
		}
		if d == len(docs) {
			return nil
		}
		docs[d].Passages++
	}
	for i := range docs {
		docs[i].ID, docs[i].Sum = c.Documents[i].ID, c.DocSums[i]
	}
	return docs
}

// The keys file: keysMagic, the format, the number of keys, each key as its id's length
// (a varint), its id and its sum; the number of documents (0 when not known), each
// DocKey as its id's length, its id, its sum and its number of passages; a CRC-32 of
// everything before. Files that start with keysMagicV1 have no documents.
const (
	keysMagic   = "DOCENTKEY2"
	keysMagicV1 = "DOCENTKEYS"
)

func writeKeys(folder string, keys []Key, docs []DocKey) error {
	b := make([]byte, 0, len(keysMagic)+16+len(keys)*48+len(docs)*40)
	b = append(b, keysMagic...)
	b = binary.AppendUvarint(b, formatVersion)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(len(k.ID)))
		b = append(b, k.ID...)
		b = append(b, k.Sum[:]...)
	}
	b = binary.AppendUvarint(b, uint64(len(docs)))
	for _, d := range docs {
		b = binary.AppendUvarint(b, uint64(len(d.ID)))
		b = append(b, d.ID...)
		b = append(b, d.Sum[:]...)
		b = binary.AppendUvarint(b, uint64(d.Passages))
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

// readKeys reads the keys file of the index in folder, made for an index of passages:
// the passages' keys, and the documents' (nil when the file does not list them).
func readKeys(folder string, passages int) ([]Key, []DocKey, error) {
	b, err := os.ReadFile(filepath.Join(folder, keysFile))
	if err != nil {
		return nil, nil, fmt.Errorf("read passage keys: %w", err)
	}
	bad := func(why string) ([]Key, []DocKey, error) {
		return nil, nil, fmt.Errorf("read passage keys %s: %s", folder, why)
	}
	if len(b) < len(keysMagic)+4 {
		return bad("not a keys file")
	}
	v1 := string(b[:len(keysMagicV1)]) == keysMagicV1
	if string(b[:len(keysMagic)]) != keysMagic && !v1 {
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
	// str reads an id and the 16-byte sum after it; false when they run past the end
	str := func(sum *[16]byte) (string, bool) {
		n := next()
		if n > uint64(len(body)) || uint64(len(body))-n < 16 { // n+16 could wrap
			return "", false
		}
		s := string(body[:n])
		copy(sum[:], body[n:n+16])
		body = body[n+16:]
		return s, true
	}
	if next() != formatVersion || next() != uint64(passages) {
		return bad("made for another index")
	}
	keys := make([]Key, passages)
	for i := range keys {
		var ok bool
		if keys[i].ID, ok = str(&keys[i].Sum); !ok {
			return bad("truncated")
		}
	}
	var docs []DocKey
	if !v1 {
		n := next()
		if n > uint64(len(body))/17 {
			return bad("truncated")
		}
		if n > 0 {
			docs = make([]DocKey, n)
		}
		total := 0
		for i := range docs {
			var ok bool
			if docs[i].ID, ok = str((*[16]byte)(&docs[i].Sum)); !ok {
				return bad("truncated")
			}
			docs[i].Passages = int(min(next(), uint64(passages)+1))
			total += docs[i].Passages
		}
		if total != passages && len(docs) > 0 {
			return bad("documents do not hold the passages")
		}
	}
	if len(body) != 0 {
		return bad("too long")
	}
	return keys, docs, nil
}
