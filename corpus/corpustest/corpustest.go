// Package corpustest generates articles for tests that need a corpus folder to change.
package corpustest

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
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

// ScaleQuestions are the questions the scale benchmarks ask of a generated corpus folder
// (../shared/bench/scale/gencorpus.py): eight-word runs from the third paragraph of every
// 37th file in walk order, fixed by the corpus, so docent and plain bleve are asked alike.
func ScaleQuestions(dir string) ([]string, error) {
	var qs []string
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if n++; n%37 != 0 {
			return nil
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if paras := strings.Split(string(text), "\n\n"); len(paras) > 3 {
			if w := strings.Fields(paras[3]); len(w) >= 12 {
				qs = append(qs, strings.Join(w[2:10], " "))
			}
		}
		return nil
	})
	if err == nil && len(qs) == 0 {
		err = fmt.Errorf("no questions from %s", dir)
	}
	return qs, err
}
