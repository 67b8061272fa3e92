package analysis

import (
	_ "embed"
	"fmt"
	"sync"
)

// spellingTxt maps the stem of a British spelling to the stem of the American one
// ("tumour tumor", "anaemia anemia", "randomis random"), one "british american" a line
// after "#" header lines naming the stemmer. internal/wordnetgen generates it from
// WordNet 3.0: single-word lemmas of one synset that regular patterns (ae/e, oe/e,
// our/or, ise/ize, re/er, …) rewrite into each other, leaving out a British form with a
// sense outside the American form's synsets ("prise", "fillet") and a stem that another
// word has too. Mapping stems rather than words folds inflections: "tumours" = "tumors".
//
//go:embed spelling.txt
var spellingTxt string

// respell returns the American spelling's stem for a British spelling's, or the stem.
func (a *Analyzer) respell(stem string) string {
	if s, ok := a.spelling[stem]; ok {
		return s
	}
	return stem
}

// spellingStems returns the table New gives each Analyzer with the default stemmer
// (shared, read-only): the table is in that stemmer's stems. The experiment harness may
// swap it for another generated table.
var spellingStems = sync.OnceValues(func() (map[string]string, error) {
	m, err := parsePairs("spelling variants", spellingTxt)
	if err != nil {
		return nil, fmt.Errorf("embedded spelling.txt: %w", err)
	}
	return m, nil
})
