package eval

import "strings"

// SameSentence reports whether answer is one of the gold sentences, white space and case
// aside, or one holds the other and is at least half its length (a splitter that cuts
// differently): the SQuAD benchmark's answer-sentence judgement.
func SameSentence(answer string, gold []string) bool {
	a := squash(answer)
	if a == "" {
		return false
	}
	for _, g := range gold {
		g := squash(g)
		if a == g {
			return true
		}
		short, long := a, g
		if len(short) > len(long) {
			short, long = long, short
		}
		if strings.Contains(long, short) && 2*len(short) >= len(long) {
			return true
		}
	}
	return false
}

// squash lower-cases s and folds its white space to single spaces.
func squash(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
