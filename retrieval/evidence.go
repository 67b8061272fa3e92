package retrieval

import (
	"math"
	"slices"
	"strings"

	"github.com/docent-bot/docent/corpus"
)

// Re-ranking and answer-sentence weights, tuned on the development questions.
const (
	chainWeight     = 4.0  // re-rank: multiple of the BM25 score the whole question found as a phrase adds
	chainPower      = 6    // re-rank: how steeply that bonus falls for a shorter phrase (chain^chainPower)
	proxWindow      = 3    // positions within which two question terms count as near
	synonymCredit   = 0.5  // coverage credit of a term found only through an expansion
	sentRankPenalty = 0.06 // answer sentence: cost of each passage rank below the first
)

// DefaultNoAnswerThreshold is the evidence below which a question is declared
// unanswered: see confidence. On the dev questions the unanswerable ones score 0 to 0.41
// and the answerable ones 0.62 and up; 0.5 sits between them.
const DefaultNoAnswerThreshold = 0.5

// evidence measures how well a text covers a question.
type evidence struct {
	coverage float64   // idf-weighted share of the question's terms found, in [0,1]
	prox     float64   // idf-weighted share of adjacent question-term pairs found near each other
	chain    float64   // idf-weighted share of the longest run of question terms found in order, each near the last
	credit   []float64 // per question term: 1 found, synonymCredit found through an expansion, 0 not found
}

// measure computes the evidence of toks (plus extra terms found elsewhere, such as the
// title) for the question terms.
func measure(terms []qterm, toks []token, extra map[string]bool) evidence {
	n := 0
	for _, t := range terms {
		if !t.Synonym {
			n++
		}
	}
	// the positions of each question term, and its credit (full, or partial through an expansion)
	at := make([][]int, n)
	credit := make([]float64, n)
	for _, tk := range toks {
		for j := range terms {
			if terms[j].Term == tk.Term {
				if !terms[j].Synonym { // a phrase is made of the words asked
					at[j] = append(at[j], tk.Pos)
				}
				credit[terms[j].Of] = max(credit[terms[j].Of], termCredit(terms[j]))
			}
		}
	}
	for j := range terms {
		if extra[terms[j].Term] {
			credit[terms[j].Of] = max(credit[terms[j].Of], termCredit(terms[j]))
		}
	}
	ev := evidence{credit: credit, coverage: coverage(terms[:n], credit)}
	var pairSum float64
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
	var sum float64
	for i := range n {
		sum += terms[i].IDF
	}
	if sum > 0 {
		ev.chain = longestChain(terms[:n], at) / sum
	}
	return ev
}

func termCredit(t qterm) float64 {
	if t.Synonym {
		return synonymCredit
	}
	return 1
}

// coverage is the idf-weighted mean of the credits of the question's own terms.
func coverage(terms []qterm, credit []float64) float64 {
	var sum, got float64
	for i, c := range credit {
		sum += terms[i].IDF
		got += terms[i].IDF * c
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

// rerank measures the best candidates and orders them by their score raised by how much
// of the question they hold as a phrase. The bonus grows with the sixth power of the
// phrase's share of the question: a passage that states most of the question word for
// word rises, one that shares a few adjacent words barely moves. (Proportional bonuses
// and additive proximity scores cost SciFact, whose claims paraphrase their abstracts:
// docs/retrieval.md.)
func (ix *Index) rerank(terms []qterm, cands []candidate) {
	ids := ix.fwd.lookup(terms)
	for j := range cands {
		if j >= rerankDepth {
			break
		}
		c := &cands[j]
		toks, extra := ix.fwd.found(&ids, c.i, ix.docOf[c.i])
		c.ev = measure(terms, toks, extra)
		c.score *= 1 + chainWeight*math.Pow(c.ev.chain, chainPower)
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
			c.toks = ix.analysis(c.i).toks
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
	credit := slices.Clone(top.ev.credit)
	for j := range cands {
		if j >= rerankDepth {
			break
		}
		if ix.docOf[cands[j].i] == doc {
			for k, c := range cands[j].ev.credit {
				credit[k] = max(credit[k], c)
			}
		}
	}
	return (top.ev.coverage + coverage(terms, credit)) / 2
}

// longestChain returns the largest idf sum of consecutive question terms i..j that occur
// in the text in that order, each at most proxWindow positions after the previous one: a
// phrase of the question, allowing a word or two between its words.
func longestChain(terms []qterm, at [][]int) float64 {
	best := 0.0
	var prevPos []int
	var prevVal []float64
	for i := range terms {
		curVal := make([]float64, len(at[i]))
		for k, p := range at[i] {
			v := terms[i].IDF
			for m, q := range prevPos {
				if d := p - q; d > 0 && d <= proxWindow && prevVal[m]+terms[i].IDF > v {
					v = prevVal[m] + terms[i].IDF
				}
			}
			curVal[k] = v
			best = max(best, v)
		}
		prevPos, prevVal = at[i], curVal
	}
	return best
}
