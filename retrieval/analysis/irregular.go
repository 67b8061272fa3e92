package analysis

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

// irregularTxt maps irregular inflections to their lemma ("began begin", "children
// child"), one "form lemma" a line after "#" header lines. internal/wordnetgen generates
// it from WordNet 3.0's exception lists, leaving out forms that are words in their own
// right ("found", "left", "saw") and forms the default stemmer already joins with their
// lemma.
//
//go:embed irregular.txt
var irregularTxt string

// parseIrregular reads the "form lemma" lines of an irregular-forms table.
func parseIrregular(text string) (map[string]string, error) {
	return parsePairs("irregular forms", text)
}

// parsePairs reads a generated table of "from to" lines after "#" header lines.
func parsePairs(table, text string) (map[string]string, error) {
	m := map[string]string{}
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			return nil, fmt.Errorf("%s: bad line %q", table, line)
		}
		m[f[0]] = f[1]
	}
	return m, nil
}

// lemma returns the lemma of an irregular folded word ("began" → "begin"), or the word.
func (a *Analyzer) lemma(f string) string {
	if l, ok := a.irregular[f]; ok {
		return l
	}
	return f
}

// irregularForms returns the table New gives each Analyzer (shared, read-only); the
// experiment harness may swap it for another generated table.
var irregularForms = sync.OnceValues(func() (map[string]string, error) {
	m, err := parseIrregular(irregularTxt)
	if err != nil {
		return nil, fmt.Errorf("embedded irregular.txt: %w", err)
	}
	return m, nil
})
