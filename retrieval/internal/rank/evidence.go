package rank

import (
	"github.com/docent-bot/docent/retrieval/analysis"
)

// evidence measures how well a text covers a question.
type evidence struct {
	coverage float64   // idf-weighted share of the question's terms found, in [0,1]
	prox     float64   // idf-weighted share of adjacent question-term pairs found near each other
	adjacent float64   // the same, found next to each other: the question's bigrams
	chain    float64   // idf-weighted share of the longest run of question terms found in order, each near the last
	window   float64   // idf-weighted credit of the question's words within the best window of positions
	credit   []float64 // per question word: 1 found, a derived term's Credit found through it, 0 not found
}

// measure computes the evidence of toks (plus extra terms found elsewhere, such as the
// title) for the question's terms; window is how near two words count as near.
func measure(q *analysis.Question, toks []token, extra map[string]bool, window int) evidence {
	return measureWindow(q, toks, extra, window, 0)
}

// measureWindow is measure that also finds the best window of size positions (0: none).
func measureWindow(q *analysis.Question, toks []token, extra map[string]bool, window, size int) evidence {
	terms, n := q.Terms, q.Words
	// the positions of each question word, and its credit (full, or partial through a derived term)
	at := make([][]int, n)
	credit := make([]float64, n)
	var hits []windowHit // for the window, when one is wanted
	for _, tk := range toks {
		for j := range terms {
			if terms[j].Term == tk.Term {
				if j < n { // a phrase is made of the words asked
					at[j] = append(at[j], tk.Pos)
				}
				credit[terms[j].Of] = max(credit[terms[j].Of], terms[j].Credit)
				if size > 0 {
					hits = append(hits, windowHit{tk.Pos, terms[j].Of, j < n})
				}
				break // the question's terms are distinct
			}
		}
	}
	for j := range terms {
		if extra[terms[j].Term] {
			credit[terms[j].Of] = max(credit[terms[j].Of], terms[j].Credit)
		}
	}
	words := terms[:n]
	ev := evidence{credit: credit, coverage: coverage(words, credit)}
	var pairSum float64
	for i := 0; i+1 < n; i++ {
		w := min(words[i].IDF, words[i+1].IDF)
		pairSum += w
		if near(at[i], at[i+1], window) {
			ev.prox += w
			if near(at[i], at[i+1], 1) {
				ev.adjacent += w
			}
		}
	}
	if pairSum > 0 {
		ev.prox /= pairSum
		ev.adjacent /= pairSum
	}
	var sum float64
	for i := range n {
		sum += words[i].IDF
	}
	if sum > 0 {
		ev.chain = longestChain(words, at, window) / sum
		if size > 0 {
			ev.window = windowCredit(q, hits, extra, size) / sum
		}
	}
	return ev
}

// bestWindow is the largest idf-weighted credit of the question's words found within size
// consecutive positions of toks (in text order); terms of extra count in every window.
// A word found in the window only through a derived term gets that term's credit.
func bestWindow(q *analysis.Question, toks []token, extra map[string]bool, size int) float64 {
	hits := make([]windowHit, 0, len(toks))
	for _, tk := range toks {
		for _, t := range q.Terms {
			if t.Term == tk.Term {
				hits = append(hits, windowHit{tk.Pos, t.Of, !t.Derived()})
				break
			}
		}
	}
	return windowCredit(q, hits, extra, size)
}

// windowHit is a question term found in a text: its position, the question word it
// stands for, and whether it is that word itself.
type windowHit struct {
	pos, word int
	full      bool
}

// windowCredit is bestWindow over the question terms already found in the text, in text
// order.
func windowCredit(q *analysis.Question, hits []windowHit, extra map[string]bool, size int) float64 {
	n := q.Words
	credits := make([]float64, 2*n)
	base, derived := credits[:n], credits[n:] // credit from extra terms, in every window; that of a word's derived terms
	for _, t := range q.Terms {
		if extra[t.Term] {
			base[t.Of] = max(base[t.Of], t.Credit)
		}
		if t.Derived() {
			derived[t.Of] = max(derived[t.Of], t.Credit)
		}
	}
	counts := make([]int, 2*n)
	full, partial := counts[:n], counts[n:] // occurrences in the window of the word itself, of its derived terms
	count := func(h windowHit, d int) {
		if h.full {
			full[h.word] += d
		} else {
			partial[h.word] += d
		}
	}
	score := func() float64 {
		var s float64
		for w := range n {
			c := base[w]
			switch {
			case full[w] > 0:
				c = 1
			case partial[w] > 0:
				c = max(c, derived[w])
			}
			s += q.Terms[w].IDF * c
		}
		return s
	}
	best, lo := score(), 0
	for _, h := range hits {
		count(h, 1)
		for hits[lo].pos <= h.pos-size {
			count(hits[lo], -1)
			lo++
		}
		best = max(best, score())
	}
	return best
}

// coverage is the idf-weighted mean of the credits of the question's words.
func coverage(words []analysis.QueryTerm, credit []float64) float64 {
	var sum, got float64
	for i, c := range credit {
		sum += words[i].IDF
		got += words[i].IDF * c
	}
	if sum == 0 {
		return 0
	}
	return got / sum
}

// near reports whether some position of a and some of b are at most w apart.
func near(a, b []int, w int) bool {
	for _, x := range a {
		for _, y := range b {
			if d := x - y; d <= w && d >= -w {
				return true
			}
		}
	}
	return false
}

// longestChain returns the largest idf sum of consecutive question words i..j that occur
// in the text in that order, each at most window positions after the previous one: a
// phrase of the question, allowing a word or two between its words.
func longestChain(words []analysis.QueryTerm, at [][]int, window int) float64 {
	best := 0.0
	var prevPos []int
	var prevVal []float64
	for i := range words {
		curVal := make([]float64, len(at[i]))
		for k, p := range at[i] {
			v := words[i].IDF
			for m, q := range prevPos {
				if d := p - q; d > 0 && d <= window && prevVal[m]+words[i].IDF > v {
					v = prevVal[m] + words[i].IDF
				}
			}
			curVal[k] = v
			best = max(best, v)
		}
		prevPos, prevVal = at[i], curVal
	}
	return best
}
