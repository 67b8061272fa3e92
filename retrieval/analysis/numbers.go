package analysis

import (
	"strconv"
	"sync"
)

// NumberTerms returns the terms that write the same number as term, an analysed term:
// digits for a number word and number words for digits ("three" ↔ "3", "twenti" ↔ "20",
// "hundr" ↔ "100"), ordinals with ordinals ("first" ↔ "1st", "twentieth" ↔ "20th"). An
// ordinal does not match a cardinal: "the 3rd" and "three" seldom mean the same thing. It
// covers zero to twenty, the tens, hundred and thousand; million and billion are written
// as words beside digits ("1.5 million") and match as they are. Note that the stemmer
// makes "one" the term "on" (a stop word, so the term comes only from "one"), which
// NumberTerms maps to "1" like any other number word.
func NumberTerms(term string) []string { return numberTerms()[term] }

var cardinalWords = []string{
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
	"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
	"nineteen", "twenty",
}

var ordinalWords = []string{
	"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
	"tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
	"seventeenth", "eighteenth", "nineteenth", "twentieth",
}

// tens holds the multiples of ten past twenty with their ordinals, then hundred and
// thousand.
var tens = []struct {
	n                 int
	cardinal, ordinal string
}{
	{30, "thirty", "thirtieth"}, {40, "forty", "fortieth"}, {50, "fifty", "fiftieth"},
	{60, "sixty", "sixtieth"}, {70, "seventy", "seventieth"}, {80, "eighty", "eightieth"},
	{90, "ninety", "ninetieth"}, {100, "hundred", "hundredth"}, {1000, "thousand", "thousandth"},
}

// numberTerms maps each number word's term to its digits and back, built with the
// default Analyzer so that the terms are what Tokens makes of the words.
var numberTerms = sync.OnceValue(func() map[string][]string {
	a := Default()
	m := map[string][]string{}
	pair := func(word, digits string) {
		t := a.respell(a.Stem(a.lemma(word)))
		m[t] = append(m[t], digits)
		m[digits] = append(m[digits], t)
	}
	for n, w := range cardinalWords {
		pair(w, strconv.Itoa(n))
	}
	for n, w := range ordinalWords[1:] {
		pair(w, ordinal(n+1))
	}
	for _, t := range tens {
		pair(t.cardinal, strconv.Itoa(t.n))
		pair(t.ordinal, ordinal(t.n))
	}
	return m
})

// ordinal writes n as digits with its English suffix: 1st, 2nd, 3rd, 4th, 11th, 21st.
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}
