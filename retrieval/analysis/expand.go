package analysis

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"io"
	"slices"
	"sort"
	"strings"
)

//go:generate go run ./internal/wordnetgen -wordnet /usr/share/wordnet -out lexicon.txt.gz -irregular irregular.txt -spelling spelling.txt

// lexiconGz is the synonym lexicon generated from WordNet 3.0 by internal/wordnetgen:
// "term<TAB>related related ..." lines sorted by term, stemmed with the stemmer its
// "# stemmer=" header names.
//
//go:embed lexicon.txt.gz
var lexiconGz []byte

// lexicon maps a term to its related terms. Keys and values are substrings of the one
// decompressed text, so the whole lexicon costs about as much as that text.
type lexicon struct {
	keys []string
	vals []string
}

// Expand returns the terms related to an analysed term (as Tokens produces it) by the
// default Analyzer's lexicon: synonyms, derivations, demonyms, the words of a closed
// compound. Queries add them at a lower weight than the terms asked for. The lexicon is
// loaded on first use (see Preload).
func Expand(term string) []string { return Default().Expand(term) }

// Preload loads the default Analyzer's lexicon now rather than on the first Expand.
func Preload() { Default().lexicon() }

// Expand returns the terms related to term, nil when there are none. An Analyzer with
// another stemmer than the lexicon's re-stems its terms, an approximation for experiments.
func (a *Analyzer) Expand(term string) []string {
	lx := a.lexicon()
	i := sort.SearchStrings(lx.keys, term)
	if i == len(lx.keys) || lx.keys[i] != term {
		return nil
	}
	return strings.Fields(lx.vals[i])
}

func (a *Analyzer) lexicon() *lexicon {
	a.lexOnce.Do(func() {
		var err error
		if a.lex, err = parseLexicon(lexiconGz, a); err != nil {
			panic("analysis: embedded lexicon: " + err.Error()) // a build defect, caught by tests
		}
	})
	return a.lex
}

func parseLexicon(gz []byte, a *Analyzer) (*lexicon, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	// The gzip trailer holds the uncompressed size: read into one exact buffer.
	size := 0
	if n := len(gz); n >= 4 {
		size = int(binary.LittleEndian.Uint32(gz[n-4:]))
	}
	var sb strings.Builder
	sb.Grow(size)
	if _, err := io.Copy(&sb, zr); err != nil {
		return nil, err
	}
	text := sb.String()
	lines := strings.Count(text, "\n")
	lx := &lexicon{keys: make([]string, 0, lines), vals: make([]string, 0, lines)}
	stemmer := ""
	for line := range strings.Lines(text) {
		line = strings.TrimSuffix(line, "\n")
		if s, ok := strings.CutPrefix(line, "# stemmer="); ok {
			stemmer = s
		}
		k, v, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		lx.keys = append(lx.keys, k)
		lx.vals = append(lx.vals, v)
	}
	if Stemmer(stemmer) != a.opts.stemmer() {
		return restem(lx, a), nil
	}
	return lx, nil
}

// restem re-keys a lexicon with a's stemmer.
func restem(lx *lexicon, a *Analyzer) *lexicon {
	rel := map[string][]string{}
	for i, k := range lx.keys {
		k = a.Stem(k)
		for _, r := range strings.Fields(lx.vals[i]) {
			if s := a.Stem(r); s != k && !slices.Contains(rel[k], s) {
				rel[k] = append(rel[k], s)
			}
		}
	}
	out := &lexicon{}
	for k := range rel {
		out.keys = append(out.keys, k)
	}
	sort.Strings(out.keys)
	for _, k := range out.keys {
		out.vals = append(out.vals, strings.Join(rel[k], " "))
	}
	return out
}
