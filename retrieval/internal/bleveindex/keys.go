package bleveindex

import (
	"bufio"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

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
	var buf []byte // the hash is written once a passage, not once a field: strings would be copied anyway
	for i := range c.Passages {
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
	return keys
}

type keysOnDisk struct {
	Format int
	Keys   []Key
}

func writeKeys(folder string, keys []Key) error {
	err := atomicfile.Write(folder, keysFile, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		if err := gob.NewEncoder(bw).Encode(keysOnDisk{Format: formatVersion, Keys: keys}); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return fmt.Errorf("write passage keys: %w", err)
	}
	return nil
}

func readKeys(folder string, passages int) ([]Key, error) {
	f, err := os.Open(filepath.Join(folder, keysFile))
	if err != nil {
		return nil, fmt.Errorf("read passage keys: %w", err)
	}
	defer f.Close()
	var k keysOnDisk
	if err := gob.NewDecoder(bufio.NewReaderSize(f, 1<<16)).Decode(&k); err != nil {
		return nil, fmt.Errorf("read passage keys %s: %w", folder, err)
	}
	if k.Format != formatVersion || len(k.Keys) != passages {
		return nil, fmt.Errorf("read passage keys %s: made for another index", folder)
	}
	return k.Keys, nil
}
