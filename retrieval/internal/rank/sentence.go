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
	titled  float64           // its coverage counting the passage's heading, title and authors
	score   float64
}

// AnswerSentence picks the sentence of the first passages that best answers the question:
// each passage's best sentence, scored with the passage's rank and score.
func (e *Engine) AnswerSentence(p *Params, q *analysis.Question, cands []Candidate) Sentence {
	var best Sentence
	want := TermSet(q.Terms)
	w := &p.Sentence.Weights
	for r := 0; r < len(cands) && r < p.Sentence.Passages; r++ {
		s := e.bestSentence(p, q, &cands[r], want)
		var x SentenceFeatures
		passageFeatures(&x, cands, r)
		s.score += w.score(&x)
		if best.Text == "" || (s.Text != "" && s.score > best.score) {
			best = s
		}
	}
	return best
}

// passageFeatures sets the features of candidate r that depend on the others: its rank
// and its score over the first's.
func passageFeatures(x *SentenceFeatures, cands []Candidate, r int) {
	x[sfRank] = float64(r)
	if top := cands[0].Score; top > 0 {
		x[sfScore] = cands[r].Score / top
	}
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

// scoredSentence is one sentence of a passage with its features, scored on all but its
// answer-type features, which are measured last.
type scoredSentence struct {
	span corpus.Span
	from int // its tokens are those of toks[from:] that start and end inside span
	ev   evidence
	x    SentenceFeatures
	base float64
}

// sentences cuts candidate c's passage into sentences and measures each one's features
// but the answer-type ones (sfTypeMatch, sfTypePresent) and those of the passage's rank.
func (e *Engine) sentences(p *Params, q *analysis.Question, c *Candidate, want map[string]bool) (string, []token, []scoredSentence) {
	text := e.texts.Text(c.Passage)
	if c.toks == nil {
		c.toks = e.analysis(c.Passage).toks
	}
	toks := c.toks
	var in []token
	var none *evidence // a sentence without any of the question's terms, measured once
	spans := corpus.SentenceSpans(text)
	scored := make([]scoredSentence, len(spans))
	both := make([]float64, q.Words)
	var titled []float64 // credit of the question's words from the heading, title or authors
	if c.extra != nil {
		titled = measure(q, nil, c.extra, p.ProxWindow).credit
	}
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
		s := &scored[i]
		s.span, s.from, s.ev = span, next, ev
		x := &s.x
		x[sfCoverage], x[sfProx], x[sfChain], x[sfBigram] = ev.coverage, ev.prox, ev.chain, ev.adjacent
		if len(in) < p.Sentence.FragmentWords {
			x[sfFragment] = 1
		}
		addedContent(x, text, in, want, span.Start, q.Type)
		wordMatches(x, q, ev.credit, in)
		x[sfTitled] = ev.coverage
		if titled != nil {
			for k := range both {
				both[k] = max(ev.credit[k], titled[k])
			}
			x[sfTitled] = coverage(q.Terms[:q.Words], both)
		}
		if c.ev.coverage > 0 {
			x[sfShare] = min(x[sfTitled]/c.ev.coverage, 1)
		}
		if i == 0 {
			x[sfFirst] = 1
		}
		if len(spans) > 1 {
			x[sfPosition] = float64(i) / float64(len(spans)-1)
		}
		x[sfPassage], x[sfWindow] = c.ev.coverage, c.ev.window
	}
	// words of the question the sentence before (after) holds: "He was born in 1850"
	// answers "when was Tesla born" after a sentence that names him
	gain := func(s, o *scoredSentence) float64 {
		for k := range both {
			both[k] = max(s.ev.credit[k], o.ev.credit[k])
		}
		return coverage(q.Terms[:q.Words], both) - s.ev.coverage
	}
	most := 0.0
	for i := range scored {
		most = max(most, scored[i].x[sfCoverage])
	}
	for i := range scored {
		if scored[i].x[sfCoverage] == most {
			scored[i].x[sfBestInPassage] = 1
		}
		if i > 0 {
			scored[i].x[sfContext] = gain(&scored[i], &scored[i-1])
		}
		if i+1 < len(scored) {
			scored[i].x[sfContextAfter] = gain(&scored[i], &scored[i+1])
		}
	}
	return text, toks, scored
}

// answerFeatures measures sentence s's answer-type features.
func answerFeatures(q *analysis.Question, want map[string]bool, text string, toks []token, s *scoredSentence, in []token) []token {
	in = sentenceTokens(in[:0], toks[s.from:], s.span)
	af := analysis.AnswerFeaturesTokens(q.Type, want, text[s.span.Start:s.span.End], in, s.span.Start)
	s.x[sfTypeMatch], s.x[sfTypePresent] = af.TypeMatch, af.TypePresent
	return in
}

func (e *Engine) measureSentences(p *Params, q *analysis.Question, c *Candidate, want map[string]bool) Sentence {
	w := &p.Sentence.Weights
	text, toks, scored := e.sentences(p, q, c, want)
	for i := range scored {
		scored[i].base = w.score(&scored[i].x)
	}
	// The answer features cost the most: measure them best first, only for sentences they
	// could still make the best. Ties go to the earlier sentence.
	order := make([]int, len(scored))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(scored[b].base, scored[a].base) })
	typed := q.Type.Checkable()
	bound := w.typeBound()
	bestAt, bestScore := -1, 0.0
	var in []token
	for _, i := range order {
		s := &scored[i]
		if bestAt >= 0 && (!typed || s.base+bound < bestScore) {
			break
		}
		score := s.base
		if typed {
			in = answerFeatures(q, want, text, toks, s, in)
			score += w[sfTypeMatch]*s.x[sfTypeMatch] + w[sfTypePresent]*s.x[sfTypePresent]
		}
		if bestAt < 0 || score > bestScore || (score == bestScore && i < bestAt) {
			bestAt, bestScore = i, score
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
	af := analysis.Features{TypeMatch: s.x[sfTypeMatch], TypePresent: s.x[sfTypePresent]}
	return Sentence{Passage: c.Passage, Text: text[s.span.Start:s.span.End], Matches: ms, ev: s.ev, answer: af, titled: s.x[sfTitled], score: bestScore}
}

// SentenceCandidate is one sentence of the first passages with its features, for fitting
// the answer-sentence model.
type SentenceCandidate struct {
	Passage  int // passage index
	Rank     int // the passage's rank, from 0
	Text     string
	Features SentenceFeatures
}

// SentenceCandidates lists every sentence of the first Params.Sentence.Passages
// candidates with all its features: what AnswerSentence chooses from.
func (e *Engine) SentenceCandidates(p *Params, q *analysis.Question, cands []Candidate) []SentenceCandidate {
	want := TermSet(q.Terms)
	var out []SentenceCandidate
	var in []token
	for r := 0; r < len(cands) && r < p.Sentence.Passages; r++ {
		text, toks, scored := e.sentences(p, q, &cands[r], want)
		for i := range scored {
			s := &scored[i]
			if q.Type.Checkable() {
				in = answerFeatures(q, want, text, toks, s, in)
			}
			passageFeatures(&s.x, cands, r)
			out = append(out, SentenceCandidate{Passage: cands[r].Passage, Rank: r, Text: text[s.span.Start:s.span.End], Features: s.x})
		}
	}
	return out
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
