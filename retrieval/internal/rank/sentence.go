package rank

import (
	"slices"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
)

// Span marks matched text: byte offsets into the text it belongs to.
type Span struct{ Start, End int }

// Sentence is a candidate answer sentence.
type Sentence struct {
	Passage int    // passage index
	Text    string // empty when no passage had a sentence
	Matches []Span // the question's terms in Text
	ev      evidence
	answer  analysis.Features // whether it holds the kind of thing asked
	score   float64
}

// AnswerSentence picks the sentence of the first passages that best answers the question.
func (e *Engine) AnswerSentence(p *Params, q *analysis.Question, cands []Candidate) Sentence {
	var best Sentence
	sp := &p.Sentence
	want := TermSet(q.Terms)
	for r := 0; r < len(cands) && r < sp.Passages; r++ {
		c := &cands[r]
		text := e.passages[c.Passage].Text
		if c.toks == nil {
			c.toks = e.analysis(c.Passage).toks
		}
		toks, next := c.toks, 0 // tokens come in text order: each sentence reads on from the last
		for _, span := range corpus.SentenceSpans(text) {
			var in []token
			for next < len(toks) && toks[next].Start < span.Start {
				next++
			}
			for _, t := range toks[next:] {
				if t.Start >= span.End {
					break
				}
				if t.End <= span.End {
					in = append(in, t)
				}
			}
			ev := measure(q, in, nil, p.ProxWindow)
			score := sp.Coverage*ev.coverage + sp.Prox*ev.prox + sp.Passage*c.ev.coverage - sp.RankPenalty*float64(r)
			if len(in) < sp.FragmentWords {
				score -= sp.FragmentPenalty // a heading or fragment answers less than a sentence
			}
			var af analysis.Features
			if q.Type.Checkable() {
				af = analysis.AnswerFeaturesTokens(q.Type, want, text[span.Start:span.End], in, span.Start)
				score += sp.TypeMatch*af.TypeMatch + sp.TypePresent*af.TypePresent
			}
			if best.Text == "" || score > best.score {
				s := text[span.Start:span.End]
				ms := matchSpans(text, in, want)
				for k := range ms {
					ms[k].Start -= span.Start
					ms[k].End -= span.Start
				}
				best = Sentence{Passage: c.Passage, Text: s, Matches: ms, ev: ev, answer: af, score: score}
			}
		}
	}
	return best
}

// Matches marks the terms of want (TermSet) in candidate c's passage text.
func (e *Engine) Matches(c *Candidate, want map[string]bool) []Span {
	if c.toks == nil {
		c.toks = e.analysis(c.Passage).toks
	}
	return matchSpans(e.passages[c.Passage].Text, c.toks, want)
}

// TermSet is the set of a question's terms, for Matches.
func TermSet(terms []analysis.QueryTerm) map[string]bool {
	m := make(map[string]bool, len(terms))
	for _, t := range terms {
		m[t.Term] = true
	}
	return m
}

// matchSpans marks the tokens of text whose term is wanted, in text order, joining spans
// that overlap (a hyphenated word and its parts) or are separated only by spaces, so a
// matched phrase is marked once.
func matchSpans(text string, toks []token, want map[string]bool) []Span {
	var spans []Span
	for _, t := range toks {
		if want[t.Term] {
			spans = append(spans, Span{t.Start, t.End})
		}
	}
	slices.SortFunc(spans, func(a, b Span) int { return a.Start - b.Start })
	var out []Span
	for _, s := range spans {
		if n := len(out); n > 0 && (s.Start <= out[n-1].End || onlySpaces(text[out[n-1].End:s.Start])) {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

func onlySpaces(s string) bool {
	for _, c := range []byte(s) {
		if c != ' ' {
			return false
		}
	}
	return true
}
