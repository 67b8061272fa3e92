package rank

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/docent-bot/docent/retrieval/internal/atomicfile"
)

// The abbreviations a corpus defines are found by reading every passage (two seconds at a
// million passages), so they are kept beside the bleve index and its analysis, like the
// analysis, and read back when the index is reused. A missing or damaged file means
// finding them again.
// The definitions each document makes are kept too (defsFile), so that an update reads
// only the documents that changed.
const (
	abbrevFile   = "docent-abbrevs.txt"
	abbrevHeader = "docent abbreviations 2"
	defsFile     = "docent-abbrev-defs.bin"
	defsFormat   = 1
)

// Save writes a into the index folder dir, atomically: a line per short form, its term
// then its long form's terms, then "end" and a CRC-32 of everything before it, so that a
// damaged file is an error, not other expansions; and the definitions each document
// makes, when a has them.
func (a *Abbrevs) Save(dir string) error {
	if err := a.saveDefs(dir); err != nil {
		return err
	}
	err := atomicfile.Write(dir, abbrevFile, func(w io.Writer) error {
		var b bytes.Buffer
		fmt.Fprintln(&b, abbrevHeader)
		for _, short := range slices.Sorted(maps.Keys(a.long)) {
			fmt.Fprintln(&b, short+"\t"+strings.Join(a.long[short], " "))
		}
		fmt.Fprintf(&b, "end %08x\n", crc32.ChecksumIEEE(b.Bytes()))
		_, err := w.Write(b.Bytes())
		return err
	})
	if err != nil {
		return fmt.Errorf("save abbreviations: %w", err)
	}
	return nil
}

// LoadAbbrevs reads the abbreviations saved in the index folder dir; an error when there
// are none or the file is not whole.
func LoadAbbrevs(dir string) (*Abbrevs, error) {
	if dir == "" {
		return nil, errors.New("no index folder")
	}
	b, err := os.ReadFile(filepath.Join(dir, abbrevFile))
	if err != nil {
		return nil, err
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 3 || lines[0] != abbrevHeader || lines[len(lines)-1] != "" {
		return nil, errors.New("load abbreviations: not a whole abbreviations file")
	}
	end := lines[len(lines)-2]
	body := b[:len(b)-len(end)-1]
	if end != fmt.Sprintf("end %08x", crc32.ChecksumIEEE(body)) {
		return nil, errors.New("load abbreviations: not a whole abbreviations file")
	}
	a := &Abbrevs{long: map[string][]string{}, longs: map[string][]abbrev{}}
	for _, line := range lines[1 : len(lines)-2] {
		short, long, ok := strings.Cut(line, "\t")
		terms := strings.Fields(long)
		if !ok || short == "" || len(terms) < 2 {
			return nil, fmt.Errorf("load abbreviations: bad line %q", line)
		}
		a.add(short, terms)
	}
	return a, nil
}

// defsOnFile is what defsFile holds.
type defsOnFile struct {
	Format int
	Defs   map[string][]termDef
}

// saveDefs writes the definitions of a's documents into dir, or removes a file left
// there when a has none (it was read from a file): it would belong to another corpus.
func (a *Abbrevs) saveDefs(dir string) error {
	path := filepath.Join(dir, defsFile)
	if a.defs == nil {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("save abbreviations: %w", err)
		}
		return nil
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(defsOnFile{Format: defsFormat, Defs: a.defs}); err != nil {
		return fmt.Errorf("save abbreviation definitions: %w", err)
	}
	// a checksum: a damaged file must not give other definitions
	sum := binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(b.Bytes()))
	err := atomicfile.Write(dir, defsFile, func(w io.Writer) error {
		if _, err := w.Write(b.Bytes()); err != nil {
			return err
		}
		_, err := w.Write(sum)
		return err
	})
	if err != nil {
		return fmt.Errorf("save abbreviation definitions: %w", err)
	}
	return nil
}

// loadDefs reads the definitions each document makes, saved in the index folder dir.
func loadDefs(dir string) (map[string][]termDef, error) {
	b, err := os.ReadFile(filepath.Join(dir, defsFile))
	if err != nil {
		return nil, fmt.Errorf("load abbreviation definitions: %w", err)
	}
	if len(b) < 4 || crc32.ChecksumIEEE(b[:len(b)-4]) != binary.LittleEndian.Uint32(b[len(b)-4:]) {
		return nil, errors.New("load abbreviation definitions: checksum mismatch")
	}
	var d defsOnFile
	if err := gob.NewDecoder(bytes.NewReader(b[:len(b)-4])).Decode(&d); err != nil {
		return nil, fmt.Errorf("load abbreviation definitions: %w", err)
	}
	if d.Format != defsFormat {
		return nil, fmt.Errorf("load abbreviation definitions: format %d, want %d", d.Format, defsFormat)
	}
	return d.Defs, nil
}
