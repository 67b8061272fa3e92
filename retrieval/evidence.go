package retrieval

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Re-ranking and answer-sentence weights, tuned on the development questions.
const (
	proxWeight      = 0.5  // re-rank: share of the BM25 score a perfect proximity adds
	proxWindow      = 3    // positions within which two question terms count as near
	synonymCredit   = 0.5  // coverage credit of a term found only through an expansion
	sentRankPenalty = 0.06 // answer sentence: cost of each passage rank below the first
)

// DefaultNoAnswerThreshold is the evidence below which a question is declared
// unanswered: see confidence.
const DefaultNoAnswerThreshold = 0.5

// evidence measures how well a text covers a question.
type evidence struct {
	coverage float64 // idf-weighted share of the question's terms found, in [0,1]
	prox     float64 // idf-weighted share of adjacent question-term pairs found near each other
}

// measure computes the evidence of toks (plus extra terms found elsewhere, such as the
// title) for the question terms.
func measure(terms []qterm, toks []token, extra map[string]bool) evidence {
	pos := make(map[string][]int, len(terms))
	for _, t := range toks {
		pos[t.Term] = append(pos[t.Term], t.Pos)
	}
	// credit per original term, and the positions that stand for it
	n := 0
	for _, t := range terms {
		if !t.Synonym {
			n++
		}
	}
	credit := make([]float64, n)
	at := make([][]int, n)
	for _, t := range terms {
		p, inText := pos[t.Term]
		if !inText && !extra[t.Term] {
			continue
		}
		c := 1.0
		if t.Synonym {
			c = synonymCredit
		}
		credit[t.Of] = max(credit[t.Of], c)
		at[t.Of] = append(at[t.Of], p...)
	}
	var ev evidence
	var sum, pairSum float64
	for i := range n {
		sum += terms[i].IDF
		ev.coverage += terms[i].IDF * credit[i]
	}
	if sum > 0 {
		ev.coverage /= sum
	}
	for i := 0; i+1 < n; i++ {
		w := min(terms[i].IDF, terms[i+1].IDF)
		pairSum += w
		if near(at[i], at[i+1], proxWindow) {
			ev.prox += w
		}
	}
	if pairSum > 0 {
		ev.prox /= pairSum
	}
	return ev
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

// rerank measures the best candidates and orders them by BM25 plus proximity.
func (ix *Index) rerank(terms []qterm, cands []candidate) {
	for j := range cands {
		if j >= rerankDepth {
			break
		}
		c := &cands[j]
		c.toks = analyze(ix.passages[c.i].Text)
		c.ev = measure(terms, c.toks, ix.extraTerms(c.i))
		c.score = c.bm25 * (1 + proxWeight*c.ev.prox)
	}
	d := min(rerankDepth, len(cands))
	sortCandidates(cands[:d])
}

// extraTerms are the analysed terms of a passage's heading and document title.
func (ix *Index) extraTerms(i int) map[string]bool {
	p := &ix.passages[i]
	m := map[string]bool{}
	for _, t := range analyze(p.Heading) {
		m[t.Term] = true
	}
	for _, t := range analyze(ix.docs[ix.docOf[i]].Title) {
		m[t.Term] = true
	}
	return m
}

// sentence is a candidate answer sentence.
type sentence struct {
	passage int
	text    string
	matches []Span
	ev      evidence
	score   float64
}

// answerSentences is how many top passages the answer sentence is looked for in.
const answerSentences = 3

// answerSentence picks the sentence of the top passages that best covers the question.
func (ix *Index) answerSentence(terms []qterm, cands []candidate) sentence {
	var best sentence
	want := termSet(terms)
	for r := 0; r < len(cands) && r < answerSentences; r++ {
		c := &cands[r]
		text := ix.passages[c.i].Text
		if c.toks == nil {
			c.toks = analyze(text)
		}
		toks := c.toks
		for _, sp := range sentenceSpans(text) {
			var in []token
			for _, t := range toks {
				if t.Start >= sp.Start && t.End <= sp.End {
					in = append(in, t)
				}
			}
			ev := measure(terms, in, nil)
			score := ev.coverage + 0.2*ev.prox + 0.3*c.ev.coverage - sentRankPenalty*float64(r)
			if words := len(in); words < 4 {
				score -= 0.1 // a heading or fragment answers less than a sentence
			}
			if best.text == "" || score > best.score {
				s := text[sp.Start:sp.End]
				ms := matchSpans(text, in, want)
				for k := range ms {
					ms[k].Start -= sp.Start
					ms[k].End -= sp.Start
				}
				best = sentence{passage: c.i, text: s, matches: ms, ev: ev, score: score}
			}
		}
	}
	return best
}

// confidence is the evidence the no-answer decision rests on: the idf-weighted share
// of the question's terms that the best passage (with its heading and title) contains,
// so a question whose distinctive words the corpus lacks scores low however common
// its other words are.
func confidence(top evidence, best sentence) float64 {
	return top.coverage
}

// sentenceSpans splits text into sentences: after '.', '!' or '?' followed by white
// space and an upper-case letter, digit or quote, and at line breaks.
func sentenceSpans(text string) []Span {
	var out []Span
	start := 0
	emit := func(end int) {
		s, e := start, end
		for s < e && (text[s] == ' ' || text[s] == '\n' || text[s] == '\t') {
			s++
		}
		for e > s && (text[e-1] == ' ' || text[e-1] == '\n' || text[e-1] == '\t') {
			e--
		}
		if s < e {
			out = append(out, Span{s, e})
		}
		start = end
	}
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n':
			emit(i + 1)
		case '.', '!', '?':
			j := i + 1
			for j < len(text) && strings.IndexByte(`"')]`, text[j]) >= 0 {
				j++
			}
			if j+1 < len(text) && text[j] == ' ' {
				r, _ := utf8.DecodeRuneInString(text[j+1:])
				if unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' {
					if !abbreviation(text[start:i]) {
						emit(j)
					}
				}
			}
		}
	}
	emit(len(text))
	return out
}

// abbreviation reports whether the text before a full stop ends in a short abbreviation
// or an initial ("Dr", "U.S", "J").
func abbreviation(before string) bool {
	w := before[strings.LastIndexAny(before, " \n(")+1:]
	switch strings.ToLower(w) {
	case "mr", "mrs", "ms", "dr", "st", "prof", "gen", "col", "lt", "sgt", "jr", "sr", "vs", "no", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "inc", "co", "corp":
		return true
	}
	return len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' || strings.Count(w, ".") > 0 && len(w) <= 5
}
