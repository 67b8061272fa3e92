package analysis

import (
	"cmp"
	"slices"
	"unicode/utf8"
)

// Vocabulary holds a corpus' analysed terms with their document frequencies and finds the
// terms within a small edit distance of a question term the corpus lacks ("azerbajan" →
// "azerbaijan", "ctenophhor" → "ctenophor"): casual questions are typed fast.
//
// It works on analysed terms (stems), the only vocabulary an index keeps: the index's
// dictionary is enough to build it, and a typo in the stem, where typos mostly fall, stems
// to the typo plus the same suffixes. A typo that breaks the suffix ("talkng") stems to a
// longer term and is found when the extra letters are within the allowed distance;
// docs/vocabulary.md measures what that costs.
//
// The index is a symmetric-delete index (SymSpell's idea) kept lean: each term of
// minIndexedRunes or more and each of its one-character deletions is one uint64 (32-bit
// hash, 32-bit term id) in a sorted slice, about 8 bytes times (length+1) per term, with a
// table of where each hash bucket starts. A lookup deletes up to two characters of the
// question term and reads each deletion's bucket; candidates are verified with the
// Damerau-Levenshtein distance, so hash collisions cost time, never a wrong answer.
// Deleting one character on the corpus side finds every pair at distance 1 and the pairs
// at distance 2 that need at most one deletion from the corpus term (an extra letter and a
// wrong one, two extra letters, a swap and an extra letter); it misses two wrong or two
// dropped letters, which would need every two-character deletion of every term indexed
// (about five times the memory).
//
// A Vocabulary is immutable and safe for concurrent use.
type Vocabulary struct {
	terms []string // sorted
	df    []int32  // df[i] is the document frequency of terms[i]
	keys  []uint64 // deleteHash<<32 | term index, sorted
	// starts[b] is the first key whose hash's top bucketBits bits are b, so that a
	// lookup reads about two keys instead of binary-searching millions (costs a quarter
	// of the keys' memory)
	starts     []uint32
	bucketBits uint
}

// Match is a corpus term near a question term.
type Match struct {
	Term     string
	Distance int // Damerau-Levenshtein distance, a swap of neighbours counting 1
	DF       int // document frequency of Term
}

// Terms shorter than minFuzzyRunes get no fuzzy matches: at four letters most matches
// read in docs/vocabulary.md were other words ("tugh" → "hugh", "polm" → "pol"). Terms of
// up to shortFuzzyRunes-1 runes may be one edit away, longer ones two.
const (
	minFuzzyRunes   = 5
	shortFuzzyRunes = 8
	// minIndexedRunes keeps short terms out of the delete index; a five-letter typo of a
	// four-letter term ("iraan" → "iran") is still found.
	minIndexedRunes = 4
	// maxFuzzyRunes bounds the terms considered, so a lookup's work stays bounded.
	maxFuzzyRunes = 40
)

// MaxDistance is the edit distance Near allows for a term of n runes.
func MaxDistance(n int) int {
	switch {
	case n < minFuzzyRunes || n > maxFuzzyRunes:
		return 0
	case n < shortFuzzyRunes:
		return 1
	}
	return 2
}

// NewVocabulary indexes terms (analysed terms with their document frequencies, as an
// index dictionary holds them). Terms holding a digit are kept for DF but never matched
// fuzzily: "2012" is not a typo of "2014".
func NewVocabulary(terms map[string]int) *Vocabulary {
	v := &Vocabulary{terms: make([]string, 0, len(terms))}
	for t := range terms {
		v.terms = append(v.terms, t)
	}
	slices.Sort(v.terms)
	v.df = make([]int32, len(v.terms))
	n := 0
	for i, t := range v.terms {
		v.df[i] = int32(min(terms[t], 1<<31-1))
		if fuzzable(t, minIndexedRunes) {
			n += len(t) + 1
		}
	}
	v.keys = make([]uint64, 0, n)
	var buf []rune
	for i, t := range v.terms {
		if !fuzzable(t, minIndexedRunes) {
			continue
		}
		buf = appendRunes(buf[:0], t)
		id := uint64(i)
		v.keys = append(v.keys, uint64(hashRunes(buf, -1, -1))<<32|id)
		for skip := range buf {
			v.keys = append(v.keys, uint64(hashRunes(buf, skip, -1))<<32|id)
		}
	}
	radixSort(v.keys)
	v.keys = slices.Compact(v.keys) // "aab" deletes to "ab" twice
	v.bucketBits = 1
	for 1<<(v.bucketBits+1) <= len(v.keys) && v.bucketBits < 30 {
		v.bucketBits++ // about two keys a bucket
	}
	v.starts = make([]uint32, 1<<v.bucketBits+1)
	for _, k := range v.keys {
		v.starts[v.bucket(uint32(k>>32))+1]++
	}
	for b := 1; b < len(v.starts); b++ {
		v.starts[b] += v.starts[b-1]
	}
	return v
}

func (v *Vocabulary) bucket(h uint32) uint32 { return h >> (32 - v.bucketBits) }

// Len is the number of terms.
func (v *Vocabulary) Len() int { return len(v.terms) }

// DF is the document frequency of term, 0 when the corpus lacks it.
func (v *Vocabulary) DF(term string) int {
	if i, ok := slices.BinarySearch(v.terms, term); ok {
		return int(v.df[i])
	}
	return 0
}

// Near returns up to max corpus terms within MaxDistance of term, other than term itself:
// nearest first, then the most frequent, then alphabetical. It returns nil for short
// terms and terms holding a digit. Call it only for a term the corpus lacks: a word
// found in the corpus is what the member typed, and its neighbours ("form" for "from")
// are more often other words than what was meant.
func (v *Vocabulary) Near(term string, max int) []Match {
	if max <= 0 || !fuzzable(term, minFuzzyRunes) {
		return nil
	}
	var q [maxFuzzyRunes]rune
	r := appendRunes(q[:0], term)
	limit := MaxDistance(len(r))
	if limit == 0 {
		return nil
	}
	// collect the ids under every deletion's hash, then verify each once
	var ids []uint32
	try := func(h uint32) {
		b := v.bucket(h)
		for _, k := range v.keys[v.starts[b]:v.starts[b+1]] {
			if uint32(k>>32) == h {
				ids = append(ids, uint32(k))
			}
		}
	}
	try(hashRunes(r, -1, -1))
	for i := range r {
		try(hashRunes(r, i, -1))
	}
	if limit >= 2 {
		for i := range r {
			for j := i + 1; j < len(r); j++ {
				try(hashRunes(r, i, j))
			}
		}
	}
	slices.Sort(ids)
	var out []Match
	for _, id := range slices.Compact(ids) {
		c := v.terms[id]
		if c == term {
			continue
		}
		if d := distance(r, c, limit); d <= limit {
			out = append(out, Match{Term: c, Distance: d, DF: int(v.df[id])})
		}
	}
	slices.SortFunc(out, func(a, b Match) int {
		return cmp.Or(cmp.Compare(a.Distance, b.Distance), cmp.Compare(b.DF, a.DF), cmp.Compare(a.Term, b.Term))
	})
	return out[:min(max, len(out))]
}

// fuzzable reports whether t may be matched by edit distance: at least minRunes runes, at
// most maxFuzzyRunes, and no digit.
func fuzzable(t string, minRunes int) bool {
	if len(t) < minRunes || len(t) > 4*maxFuzzyRunes {
		return false
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; c >= '0' && c <= '9' {
			return false
		}
	}
	n := utf8.RuneCountInString(t)
	return n >= minRunes && n <= maxFuzzyRunes
}

func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

// hashRunes is FNV-1a over r without the runes at skip1 and skip2 (-1: none), so that a
// deletion is hashed without building the shorter string.
func hashRunes(r []rune, skip1, skip2 int) uint32 {
	h := uint32(2166136261)
	for i, c := range r {
		if i == skip1 || i == skip2 {
			continue
		}
		for c != 0 { // every byte of the rune, low first
			h ^= uint32(c & 0xff)
			h *= 16777619
			c >>= 8
		}
	}
	return h
}

// radixSort sorts keys in four passes of 16 bits: at 200,000 terms (two million keys) it
// takes a fifth of the time of a comparison sort, which was most of NewVocabulary's.
func radixSort(keys []uint64) {
	tmp := make([]uint64, len(keys))
	src, dst := keys, tmp
	for shift := 0; shift < 64; shift += 16 {
		var count [1 << 16]int
		for _, k := range src {
			count[k>>shift&0xffff]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, k := range src {
			d := k >> shift & 0xffff
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	// four passes: the sorted keys are back in keys
}
