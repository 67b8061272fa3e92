package analysis

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// testVocabulary is a small corpus vocabulary in analysed form, with made-up DFs.
var testVocabulary = map[string]int{
	"azerbaijan": 120, "ctenophor": 3, "contact": 6, "school": 2, "attack": 8, "govern": 14,
	"cover": 3, "iran": 50, "decemb": 3, "plan": 3, "talk": 4, "relat": 30, "diplomat": 12,
	"broadcast": 62, "premier": 16, "primer": 1, "parliament": 3, "huguenot": 44,
	"tension": 6, "gradient": 4, "2014": 9, "2012": 5, "central": 20, "asia": 18,
	"databas": 2, "data": 10, "base": 7, "three": 4, "3": 11, "stratigraph": 4, "stratigraphi": 9,
}

func TestNear(t *testing.T) {
	v := NewVocabulary(testVocabulary)
	tests := []struct {
		name, term string
		want       []Match
	}{
		{"dropped letter", "azerbajan", []Match{{"azerbaijan", 1, 120}}},
		{"doubled letter", "ctenophhor", []Match{{"ctenophor", 1, 3}}},
		{"wrong letter", "contakt", []Match{{"contact", 1, 6}}},
		{"swapped letters", "braodcast", []Match{{"broadcast", 1, 62}}},
		{"wrong vowel", "parliment", []Match{{"parliament", 1, 3}}},
		{"dropped letter, short", "scool", []Match{{"school", 1, 2}}},
		{"extra letter and swap, long", "parlaimentt", []Match{{"parliament", 2, 3}}},
		{"higher DF first at equal distance", "gover", []Match{{"govern", 1, 14}, {"cover", 1, 3}}},
		{"nearer before more frequent", "straitigraph", []Match{{"stratigraph", 1, 4}, {"stratigraphi", 2, 9}}},
		{"short term: none", "iram", nil},
		{"two edits in a short term: none", "skool", nil},
		{"digits: none", "2013", nil},
		{"the term itself is not a match", "contact", nil},
		{"five-letter typo of a four-letter term", "iraan", []Match{{"iran", 1, 50}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := v.Near(tt.term, 3); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Near(%q) = %v; want %v", tt.term, got, tt.want)
			}
		})
	}
	if got := v.Near("gover", 1); len(got) != 1 || got[0].Term != "govern" {
		t.Errorf("Near(%q, 1) = %v; want govern only", "gover", got)
	}
}

func TestNearWord(t *testing.T) {
	v := NewVocabulary(testVocabulary)
	tests := []struct {
		word string
		want string // top match, "" for none
	}{
		{"azerbajan", "azerbaijan"},
		{"ctenophhores", "ctenophor"},
		{"decmber", "decemb"}, // stems to "decmber": two edits from "decemb"
		{"plannin", "plan"},   // stems to "plannin"
		{"talkng", "talk"},    // stems to "talkng"
		{"goverment", "govern"},
		{"Parliment", "parliament"},
		{"the", ""},
		{"zzzzzzz", ""},
	}
	for _, tt := range tests {
		got := v.NearWord(tt.word, 3)
		top := ""
		if len(got) > 0 {
			top = got[0].Term
		}
		if top != tt.want {
			t.Errorf("NearWord(%q) = %v; want %q first", tt.word, got, tt.want)
		}
	}
}

func TestLikelyTypo(t *testing.T) {
	tests := []struct {
		word string
		want bool
	}{
		{"azerbajan", true}, {"goverment", true}, {"decmber", true}, {"scool", true},
		{"messing", false},    // a word, just not the corpus'
		{"warm", false},       // a word, and short
		{"unmodified", false}, // a word with a prefix WordNet lacks
		{"PTPRS", false},      // a symbol
		{"hDLE", false},
		{"2013", false},
		{"whats", false}, // a casual stop word
		{"alot", false},  // four letters
	}
	for _, tt := range tests {
		if got := LikelyTypo(tt.word); got != tt.want {
			t.Errorf("LikelyTypo(%q) = %v; want %v", tt.word, got, tt.want)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"abc", "abc", 2, 0},
		{"abc", "acb", 2, 1},  // swap
		{"abc", "ab", 2, 1},   // deletion
		{"abc", "abxc", 2, 1}, // insertion
		{"abc", "axc", 2, 1},  // substitution
		{"ca", "abc", 3, 3},   // optimal string alignment: no edit inside a swap
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 1, 2}, // stops at limit+1
		{"abcdef", "ab", 2, 3},
	}
	for _, tt := range tests {
		if got := distance([]rune(tt.a), tt.b, tt.limit); got != tt.want {
			t.Errorf("distance(%q, %q, %d) = %d; want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}

// TestNearFindsEveryNeighbour compares Near with a scan of the whole vocabulary: every
// term one edit away is found, and at two edits at least the ones that need no more than
// one deletion from the corpus term (see Vocabulary).
func TestNearFindsEveryNeighbour(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	terms := randomTerms(rng, 3000, "abcde") // a small alphabet makes many neighbours
	v := NewVocabulary(terms)
	var found, all [3]int
	for range 1000 {
		q := randomWord(rng, "abcde")
		near := v.Near(q, 1<<20)
		r := []rune(q)
		limit := MaxDistance(len(r))
		for _, c := range v.terms {
			d := distance(r, c, limit)
			if c == q || d > limit || !fuzzable(c, minIndexedRunes) {
				continue
			}
			all[d]++
			if slices.ContainsFunc(near, func(m Match) bool { return m.Term == c && m.Distance == d }) {
				found[d]++
			}
		}
	}
	if found[1] != all[1] {
		t.Errorf("Near found %d of %d terms one edit away; want all", found[1], all[1])
	}
	t.Logf("two edits away: %d of %d found", found[2], all[2])
}

func randomTerms(rng *rand.Rand, n int, letters string) map[string]int {
	m := map[string]int{}
	for len(m) < n {
		m[randomWord(rng, letters)] = 1 + rng.IntN(100)
	}
	return m
}

func randomWord(rng *rand.Rand, letters string) string {
	b := make([]byte, 4+rng.IntN(10))
	for i := range b {
		b[i] = letters[rng.IntN(len(letters))]
	}
	return string(b)
}

func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	keys := make([]uint64, 10000)
	for i := range keys {
		keys[i] = rng.Uint64() >> rng.IntN(64)
	}
	want := slices.Clone(keys)
	slices.Sort(want)
	radixSort(keys)
	if !slices.Equal(keys, want) {
		t.Error("radixSort did not sort like slices.Sort")
	}
}
