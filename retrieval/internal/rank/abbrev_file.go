package rank

import (
	"bufio"
	"errors"
	"fmt"
	"io"
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
const (
	abbrevFile   = "docent-abbrevs.txt"
	abbrevHeader = "docent abbreviations 1"
)

// Save writes a into the index folder dir, atomically: a line per short form, its term
// then its long form's terms.
func (a *Abbrevs) Save(dir string) error {
	err := atomicfile.Write(dir, abbrevFile, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		fmt.Fprintln(bw, abbrevHeader)
		for _, short := range slices.Sorted(maps.Keys(a.long)) {
			fmt.Fprintln(bw, short+"\t"+strings.Join(a.long[short], " "))
		}
		fmt.Fprintln(bw, "end")
		return bw.Flush()
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
	if len(lines) < 3 || lines[0] != abbrevHeader || lines[len(lines)-2] != "end" || lines[len(lines)-1] != "" {
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
