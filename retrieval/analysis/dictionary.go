package analysis

import (
	"slices"
	"strings"
	"sync"
)

// KnownTerm reports whether term (an analysed term) is the term of an English word or
// name WordNet knows: a key or a related term of the default Analyzer's lexicon. A
// question term the corpus lacks but WordNet knows is most often a real word the corpus
// does not use ("guys", "messing"), not a typo, so its edit-distance neighbours are other
// words (docs/vocabulary.md). The first call loads the lexicon.
func KnownTerm(term string) bool {
	_, ok := slices.BinarySearch(lexiconTerms(), term)
	return ok
}

// lexiconTerms holds every term of the default lexicon, keys and related terms, sorted and
// distinct; the strings share the lexicon's memory (about 2 MB of string headers).
var lexiconTerms = sync.OnceValue(func() []string {
	lx := Default().lexicon()
	terms := slices.Clone(lx.keys)
	for _, v := range lx.vals {
		for t := range strings.FieldsSeq(v) {
			terms = append(terms, t)
		}
	}
	slices.Sort(terms)
	return slices.Compact(terms)
})
