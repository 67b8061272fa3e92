package retrieval

import (
	"strings"

	"github.com/docent-bot/docent/corpus"
)

// Re-ranking and answer-sentence weights, tuned on the development questions.
const (
	chainWeight     = 2.0  // re-rank: multiple of the BM25 score the whole question found as a phrase adds
	proxWindow      = 3    // positions within which two question terms count as near
	synonymCredit   = 0.5  // coverage credit of a term found only through an expansion
	sentRankPenalty = 0.06 // answer sentence: cost of each passage rank below the first
)

// DefaultNoAnswerThreshold is the evidence below which a question is declared
// unanswered: see confidence.
const DefaultNoAnswerThreshold = 0.47

// evidence measures how well a text covers a question.
type evidence struct {
	coverage float64 // idf-weighted share of the question's terms found, in [0,1]
	prox     float64 // idf-weighted share of adjacent question-term pairs found near each other
	chain    float64 // idf-weighted share of the longest run of question terms found in order, each near the last
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
	if sum > 0 {
		ev.chain = longestChain(terms[:n], at) / sum
	}
	return ev
}

// longestChain returns the largest idf sum of consecutive question terms i..j that occur
// in the text in that order, each at most proxWindow positions after the previous one: a
// phrase of the question, allowing a word or two between its words.
func longestChain(terms []qterm, at [][]int) float64 {
	best := 0.0
	var prev map[int]float64 // position of term i-1 → chain value ending there
	for i := range terms {
		cur := make(map[int]float64, len(at[i]))
		for _, p := range at[i] {
			v := terms[i].IDF
			for q, pv := range prev {
				if d := p - q; d > 0 && d <= proxWindow && pv+terms[i].IDF > v {
					v = pv + terms[i].IDF
				}
			}
			cur[p] = v
			best = max(best, v)
		}
		prev = cur
	}
	return best
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

// rerank measures the best candidates and orders them by BM25 raised by how much of
// the question they hold as a phrase.
func (ix *Index) rerank(terms []qterm, cands []candidate) {
	for j := range cands {
		if j >= rerankDepth {
			break
		}
		c := &cands[j]
		c.toks = analyze(ix.passages[c.i].Text)
		c.ev = measure(terms, c.toks, ix.extraTerms(c.i))
		c.score = c.bm25 * (1 + chainWeight*c.ev.chain)
	}
	d := min(rerankDepth, len(cands))
	sortCandidates(cands[:d])
}

// extraTerms are the analysed terms of a passage's heading and its document's title and authors.
func (ix *Index) extraTerms(i int) map[string]bool {
	p := &ix.passages[i]
	m := map[string]bool{}
	for _, t := range analyze(p.Heading) {
		m[t.Term] = true
	}
	d := &ix.docs[ix.docOf[i]]
	for _, t := range analyze(d.Title + "\n" + strings.Join(d.Authors, "\n")) {
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
		for _, sp := range corpus.SentenceSpans(text) {
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

// confidence is the evidence the no-answer decision rests on: the mean of two
// idf-weighted shares of the question's terms, the share the best passage holds (with its
// heading, title and authors) and the share the best passage's document holds among the
// passages re-ranked. A question whose distinctive words the corpus lacks scores low
// however common its other words are; one whose words are spread over neighbouring
// passages of one document still counts as answered.
func (ix *Index) confidence(terms []qterm, cands []candidate) float64 {
	top := cands[0]
	doc := ix.docOf[top.i]
	var toks []token
	for j := range cands {
		if j >= rerankDepth {
			break
		}
		if ix.docOf[cands[j].i] == doc {
			toks = append(toks, cands[j].toks...)
		}
	}
	docEv := measure(terms, toks, ix.extraTerms(top.i))
	return (top.ev.coverage + docEv.coverage) / 2
}
