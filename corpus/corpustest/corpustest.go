// Package corpustest generates articles for tests that need a corpus folder to change.
package corpustest

import (
	"math/rand/v2"
	"strings"
)

// Article is a generated plain-text article: a title, a byline and three to eight
// paragraphs of sentences drawn from words, so that questions made of the same words
// match many passages.
func Article(rng *rand.Rand, words []string) string {
	sentence := func() string {
		ws := make([]string, 5+rng.IntN(10))
		for i := range ws {
			ws[i] = words[rng.IntN(len(words))]
		}
		ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
		return strings.Join(ws, " ") + "."
	}
	var b strings.Builder
	b.WriteString(strings.TrimSuffix(sentence(), "."))
	b.WriteString("\n\nBy " + strings.ToUpper(words[rng.IntN(len(words))][:1]) + "ane Walker\n\n")
	for range 3 + rng.IntN(6) {
		for s := range 3 + rng.IntN(5) {
			if s > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(sentence())
		}
		b.WriteString("\n\n")
	}
	return b.String()
}
