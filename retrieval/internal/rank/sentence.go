package rank

import (
	"cmp"
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
	want := TermSet(q.Terms)
	for r := 0; r < len(cands) && r < p.Sentence.Passages; r++ {
		s := e.bestSentence(p, q, &cands[r], want)
		s.score -= p.Sentence.RankPenalty * float64(r)
		if best.Text == "" || (s.Text != "" && s.score > best.score) {
			best = s
		}
	}
	return best
}

// bestSentence is the sentence of candidate c that best answers the question whose terms
// are want (TermSet(q.Terms)), scored as if c came first. Re-ranking and the answer both
// ask for it: it is measured once per candidate.
func (e *Engine) bestSentence(p *Params, q *analysis.Question, c *Candidate, want map[string]bool) Sentence {
	if c.sentence == nil {
		s := e.measureSentences(p, q, c, want)
		c.sentence = &s
	}
	return *c.sentence
}

// scoredSentence is one sentence of a passage scored on everything but its answer features.
type scoredSentence struct {
	span corpus.Span
	from int // its tokens are those of toks[from:] that start and end inside span
	ev   evidence
	base float64
}

func (e *Engine) measureSentences(p *Params, q *analysis.Question, c *Candidate, want map[string]bool) Sentence {
	sp := &p.Sentence
	text := e.texts.Text(c.Passage)
	if c.toks == nil {
		c.toks = e.analysis(c.Passage).toks
	}
	toks := c.toks
	var prev []float64 // the previous sentence's credit per question word
	var in []token
	var none *evidence // a sentence without any of the question's terms, measured once
	both := make([]float64, q.Words)
	spans := corpus.SentenceSpans(text)
	scored := make([]scoredSentence, len(spans))
	next := 0 // tokens come in text order: each sentence reads on from the last
	for i, span := range spans {
		for next < len(toks) && toks[next].Start < span.Start {
			next++
		}
		in = sentenceTokens(in[:0], toks[next:], span)
		found := false
		for _, t := range in {
			found = found || want[t.Term]
		}
		var ev evidence
		switch {
		case found:
			ev = measure(q, in, nil, p.ProxWindow)
		case none == nil:
			empty := measure(q, nil, nil, p.ProxWindow)
			none, ev = &empty, empty
		default:
			ev = *none
		}
		base := sp.Coverage*ev.coverage + sp.Prox*ev.prox + sp.Passage*c.ev.coverage
		if sp.Context != 0 && prev != nil {
			// words of the question the sentence before holds: "He was born in 1850" answers
			// "when was Tesla born" after a sentence that names him
			for k := range both {
				both[k] = max(ev.credit[k], prev[k])
			}
			base += sp.Context * (coverage(q.Terms[:q.Words], both) - ev.coverage)
		}
		prev = ev.credit
		if len(in) < sp.FragmentWords {
			base -= sp.FragmentPenalty // a heading or fragment answers less than a sentence
		}
		scored[i] = scoredSentence{span: span, from: next, ev: ev, base: base}
	}
	// The answer features cost the most: measure them best first, only for sentences they
	// could still make the best. Ties go to the earlier sentence.
	order := make([]int, len(scored))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(scored[b].base, scored[a].base) })
	typed := q.Type.Checkable()
	bound := max(sp.TypeMatch, 0) + max(sp.TypePresent, 0)
	bestAt, bestScore := -1, 0.0
	var bestAF analysis.Features
	for _, i := range order {
		s := &scored[i]
		if bestAt >= 0 && (!typed || s.base+bound < bestScore) {
			break
		}
		score := s.base
		var af analysis.Features
		if typed {
			in = sentenceTokens(in[:0], toks[s.from:], s.span)
			af = analysis.AnswerFeaturesTokens(q.Type, want, text[s.span.Start:s.span.End], in, s.span.Start)
			score += sp.TypeMatch*af.TypeMatch + sp.TypePresent*af.TypePresent
		}
		if bestAt < 0 || score > bestScore || (score == bestScore && i < bestAt) {
			bestAt, bestScore, bestAF = i, score, af
		}
	}
	if bestAt < 0 {
		return Sentence{}
	}
	s := &scored[bestAt]
	in = sentenceTokens(in[:0], toks[s.from:], s.span)
	ms := matchSpans(text, in, want)
	for k := range ms {
		ms[k].Start -= s.span.Start
		ms[k].End -= s.span.Start
	}
	return Sentence{Passage: c.Passage, Text: text[s.span.Start:s.span.End], Matches: ms, ev: s.ev, answer: bestAF, score: bestScore}
}

// sentenceTokens appends to in the tokens of toks, which start inside span, that end
// inside it, up to the first that starts after it.
func sentenceTokens(in, toks []token, span corpus.Span) []token {
	for _, t := range toks {
		if t.Start >= span.End {
			break
		}
		if t.End <= span.End {
			in = append(in, t)
		}
	}
	return in
}

// Matches marks the terms of want (TermSet) in candidate c's passage text.
func (e *Engine) Matches(c *Candidate, want map[string]bool) []Span {
	if c.toks == nil {
		c.toks = e.analysis(c.Passage).toks
	}
	return matchSpans(e.texts.Text(c.Passage), c.toks, want)
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
