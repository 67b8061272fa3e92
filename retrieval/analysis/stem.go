package analysis

import (
	"fmt"

	porterstemmer "github.com/blevesearch/go-porterstemmer"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// stemFunc returns the stemming function of s. Stemmers see folded, lower-case words.
func stemFunc(s Stemmer) (func(string) string, error) {
	switch s {
	case Porter:
		return func(w string) string {
			return string(porterstemmer.StemWithoutLowerCasing([]rune(w)))
		}, nil
	case Snowball:
		return func(w string) string {
			env := snowballstem.NewEnv(w)
			english.Stem(env)
			return env.Current()
		}, nil
	case NoStem:
		return func(w string) string { return w }, nil
	}
	return nil, fmt.Errorf("analysis: unknown stemmer %q (want %q, %q or %q)", s, Porter, Snowball, NoStem)
}

// Stem stems one folded, lower-case word with the analyzer's stemmer; words holding a
// digit are kept as they are.
func (a *Analyzer) Stem(word string) string {
	for i := 0; i < len(word); i++ {
		if c := word[i]; c >= '0' && c <= '9' {
			return word
		}
	}
	return a.stem(word)
}
