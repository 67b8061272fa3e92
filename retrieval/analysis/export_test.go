package analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BundledTexts reads the bundled corpus's articles for the analysis benchmarks and
// returns them with their total size in bytes; it skips tb without them.
func BundledTexts(tb testing.TB) ([]string, int) {
	tb.Helper()
	files, _ := filepath.Glob("../../corpus/bundled/*.txt")
	if len(files) == 0 {
		tb.Skip("bundled corpus not found")
	}
	var texts []string
	n := 0
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(t))
		n += len(t)
	}
	return texts, n
}

// UseIrregularFile makes analyzers created from now on map irregular forms with the
// table in path, another output of internal/wordnetgen (experiments: DOCENT_IRREGULAR).
func UseIrregularFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	m, err := parseIrregular(string(b))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	irregularForms = func() (map[string]string, error) { return m, nil }
	return nil
}

// UseSpellingFile makes analyzers created from now on map British spellings with the
// table in path, another output of internal/wordnetgen (experiments: DOCENT_SPELLING).
func UseSpellingFile(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	m, err := parsePairs("spelling variants", string(b))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	spellingStems = func() (map[string]string, error) { return m, nil }
	return nil
}

// IrregularRelatives links, in a's terms, each irregular form with its lemma both ways
// ("began" ↔ "begin"), for the experiment that queries them instead of mapping forms at
// analysis time.
func IrregularRelatives(a *Analyzer) (map[string][]string, error) {
	forms, err := irregularForms()
	if err != nil {
		return nil, err
	}
	rel := map[string][]string{}
	for f, l := range forms {
		fs, ls := a.Stem(f), a.Stem(l)
		rel[fs] = append(rel[fs], ls)
		rel[ls] = append(rel[ls], fs)
	}
	return rel, nil
}
