package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// WordNet's exception lists (verb.exc, noun.exc, adj.exc, adv.exc) hold the inflections
// its suffix rules cannot undo, one "form lemma [lemma ...]" a line: "began begin",
// "children child", "mice mouse", "better good well". Analysis maps such a form to its
// lemma before stemming, which a stemmer alone cannot do.

// keepRule decides which irregular forms stay as they are because they are words in their
// own right ("found" as in to found, "left", "saw", "data").
type keepRule string

const (
	// keepLemmas keeps a form that is itself a WordNet lemma of any part of speech.
	keepLemmas keepRule = "lemmas"
	// keepTagged keeps a form that is a WordNet lemma with at least one sense tagged in
	// the SemCor corpus (index files' tagsense_cnt): a word seen in use on its own.
	keepTagged keepRule = "tagged"
	// keepNone maps every form.
	keepNone keepRule = "none"

	keepRules = "lemmas, tagged or none"
)

// Defaults of the generated file, chosen by measurement (docs/retrieval.md).
const (
	defaultExcLists          = "verb,noun"
	defaultKeep     keepRule = keepLemmas
)

// irregularForms reads the exception lists named in lists ("verb", "noun", "adj", "adv")
// and returns form → lemma for the forms the default stemmer does not already join with
// their lemma. A form with more than one lemma ("bases": base, basis), a stop word on
// either side, or a form keep keeps is left out.
func irregularForms(dir string, lists []string, keep keepRule, ranks map[string]map[string]int, tagged map[string]int) (map[string]string, error) {
	if keep != keepLemmas && keep != keepTagged && keep != keepNone {
		return nil, fmt.Errorf("irregular forms: keep %q: want %s", keep, keepRules)
	}
	lemmas := map[string][]string{}
	for _, name := range lists {
		if err := readExceptions(filepath.Join(dir, name+".exc"), lemmas); err != nil {
			return nil, err
		}
	}
	an := analysis.Default()
	out := map[string]string{}
	for form, ls := range lemmas {
		if len(ls) != 1 || ls[0] == form || analysis.IsStop(form) || analysis.IsStop(ls[0]) {
			continue
		}
		if keep == keepLemmas && ranks[form] != nil || keep == keepTagged && tagged[form] > 0 {
			continue
		}
		if an.Stem(form) == an.Stem(ls[0]) {
			continue
		}
		out[form] = ls[0]
	}
	return out, nil
}

// shortWord is a plain word as norm's, from two letters: "went" → "go", "oxen" → "ox".
var shortWord = regexp.MustCompile(`^[a-z]{2,}$`)

// normShort folds an exception-list word to one plain word, or "" when it is not one.
func normShort(w string) string {
	if f := analysis.Fold(w); shortWord.MatchString(f) {
		return f
	}
	return ""
}

// readExceptions adds the distinct lemmas of each plain-word form of one exception list.
func readExceptions(path string, lemmas map[string][]string) error {
	return eachLine(path, func(line string) error {
		f := strings.Fields(line)
		if len(f) < 2 {
			return fmt.Errorf("%s: bad line %q", path, line)
		}
		form := normShort(f[0])
		if form == "" {
			return nil
		}
		for _, l := range f[1:] {
			if l = normShort(l); l != "" && !slices.Contains(lemmas[form], l) {
				lemmas[form] = append(lemmas[form], l)
			}
		}
		return nil
	})
}

func writeIrregular(path string, forms map[string]string, lists string, keep keepRule) error {
	return writePairs(path, forms,
		"# docent irregular forms from WordNet 3.0 (c) 2006 Princeton University; see internal/wordnetgen",
		fmt.Sprintf("# lists=%s keep=%s stemmer=%s", lists, keep, analysis.DefaultStemmer))
}

// writePairs writes the header lines, then "key value" a line, sorted by key.
func writePairs(path string, pairs map[string]string, header ...string) error {
	keys := make([]string, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, h := range header {
		fmt.Fprintln(w, h)
	}
	for _, k := range keys {
		fmt.Fprintf(w, "%s %s\n", k, pairs[k])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
