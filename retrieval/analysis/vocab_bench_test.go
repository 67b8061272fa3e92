package analysis

import (
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// englishLetters repeats letters roughly as often as English text uses them, so that
// random terms have about as many close neighbours as a real vocabulary's.
var englishLetters = strings.Repeat("e", 12) + strings.Repeat("t", 9) + strings.Repeat("a", 8) +
	strings.Repeat("o", 8) + strings.Repeat("i", 7) + strings.Repeat("n", 7) + strings.Repeat("s", 6) +
	strings.Repeat("h", 6) + strings.Repeat("r", 6) + strings.Repeat("d", 4) + strings.Repeat("l", 4) +
	strings.Repeat("c", 3) + strings.Repeat("u", 3) + strings.Repeat("m", 2) + strings.Repeat("w", 2) +
	strings.Repeat("f", 2) + strings.Repeat("g", 2) + strings.Repeat("y", 2) + strings.Repeat("p", 2) +
	"bvkjxqz"

// benchVocabulary is a 200,000-term vocabulary (the largest corpora docent serves) with
// typos of some of its terms to look up.
func benchVocabulary(tb testing.TB) (map[string]int, []string) {
	rng := rand.New(rand.NewPCG(3, 4))
	terms := randomTerms(rng, 200_000, englishLetters)
	var typos []string
	for t := range terms {
		if len(typos) == 1000 {
			break
		}
		r := []byte(t)
		i := rng.IntN(len(r) - 1)
		switch rng.IntN(3) {
		case 0: // dropped letter
			r = append(r[:i], r[i+1:]...)
		case 1: // swapped letters
			r[i], r[i+1] = r[i+1], r[i]
		default: // wrong letter
			r[i] = englishLetters[rng.IntN(len(englishLetters))]
		}
		typos = append(typos, string(r))
	}
	return terms, typos
}

func BenchmarkVocabularyBuild(b *testing.B) {
	terms, _ := benchVocabulary(b)
	b.ReportAllocs()
	var v *Vocabulary
	for b.Loop() {
		v = NewVocabulary(terms)
	}
	b.ReportMetric(float64(len(v.keys)*8+len(v.starts)*4+len(v.terms)*16+len(v.df)*4)/float64(len(terms)), "index-bytes/term")
}

func BenchmarkVocabularyNear(b *testing.B) {
	terms, typos := benchVocabulary(b)
	v := NewVocabulary(terms)
	b.ReportAllocs()
	i, found := 0, 0
	for b.Loop() {
		if len(v.Near(typos[i%len(typos)], 3)) > 0 {
			found++
		}
		i++
	}
	b.ReportMetric(float64(found)/float64(i), "found/op")
}

func BenchmarkVocabularyNearWord(b *testing.B) {
	terms, typos := benchVocabulary(b)
	v := NewVocabulary(terms)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		v.NearWord(typos[i%len(typos)]+"zq", 3) // nothing near: the full cost, both steps
		i++
	}
}

// TestVocabularyMemory reports the heap a 200,000-term Vocabulary holds beyond its terms'
// strings, which the caller's map already holds.
func TestVocabularyMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 200,000-term vocabulary")
	}
	terms, _ := benchVocabulary(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := NewVocabulary(terms)
	runtime.GC()
	runtime.ReadMemStats(&after)
	t.Logf("%d terms, %d delete keys: %.1f MB", v.Len(), len(v.keys), float64(after.HeapAlloc-before.HeapAlloc)/1e6)
	runtime.KeepAlive(v)
}
