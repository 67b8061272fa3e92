package rank

import (
	"runtime"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// Rescoring: bleve finds the candidates, textbook BM25 orders the first
// Params.RescoreDepth of them (docs/retrieval.md). bleve's BM25 squares idf, multiplies by
// the share of the question's terms matched, and normalises length by each passage's
// number of distinct terms; textbook BM25 with field weights ranks better on SciFact and
// on the dev questions. A word of the document title or passage heading counts
// Params.TitleWeight times, the document's author names Params.AuthorWeight (so a question
// that names an author, "according to …", favours that author's documents; author names
// are not in the bleve field and only reorder candidates found by other words).

// fieldStats is what BM25 reads of each passage besides its text: the terms of its
// document's title and authors and of its heading (ids of the forward dictionary, with
// repeats), and the length of its indexed text, all kept in the Forward (and its file)
// when the passages are analysed, so that opening an index measures nothing.
type fieldStats struct {
	title, authors sets     // per document
	heading        sets     // per passage
	length         []uint32 // per passage: tokens of title, heading and text, as indexed
	avgLength      float64
}

// newFieldStats reads the fields' measures of the passages f holds.
func newFieldStats(f *Forward) *fieldStats {
	s := &fieldStats{title: f.bm25Title, authors: f.bm25Authors, heading: f.bm25Heading, length: f.length}
	if len(f.length) > 0 {
		s.avgLength = float64(f.lengthSum) / float64(len(f.length))
	}
	return s
}

// rescorer scores passages for one question's ranked terms.
type rescorer struct {
	e      *Engine
	p      *Params
	bm25   analysis.BM25
	ids    questionIDs
	weight []float64 // per term: its weight times its idf
	tf     []float64 // scratch: per term, its weighted count in the passage
	buf    []ftoken  // scratch: a passage's tokens, when read from the file
}

func (e *Engine) newRescorer(p *Params, q *analysis.Question) *rescorer {
	terms := make([]analysis.QueryTerm, 0, len(q.Terms))
	for _, t := range q.Terms {
		if t.Weight > 0 {
			terms = append(terms, t)
		}
	}
	r := &rescorer{e: e, p: p, bm25: analysis.BM25{K1: p.RescoreK1, B: p.RescoreB},
		weight: make([]float64, len(terms)), tf: make([]float64, len(terms))}
	for j, t := range terms {
		r.weight[j] = t.Weight * t.IDF
	}
	r.ids = e.fwd.lookup(terms)
	return r
}

// score is textbook BM25 of passage i.
func (r *rescorer) score(i int) float64 {
	e, fs, p := r.e, r.e.fields, r.p
	clear(r.tf)
	count := func(ids []uint32, w float64) {
		for _, id := range ids {
			if j := r.ids.index(id); j >= 0 {
				r.tf[j] += w
			}
		}
	}
	f := e.fwd
	r.buf = f.passageToks(i, r.buf)
	for _, t := range r.buf {
		if j := r.ids.index(t.id); j >= 0 {
			r.tf[j]++
		}
	}
	d := e.docOf[i]
	count(fs.title.get(d), p.TitleWeight)
	count(fs.heading.get(i), p.TitleWeight)
	count(fs.authors.get(d), p.AuthorWeight)
	var s float64
	for j, tf := range r.tf {
		if tf > 0 {
			s += r.bm25.Score(r.weight[j], tf, float64(fs.length[i]), fs.avgLength)
		}
	}
	runtime.KeepAlive(f) // fs points into f's memory, which may be a mapping
	return s
}

// Rescore orders the first RescoreDepth candidates by textbook BM25. Those past the
// depth keep the search's order, scaled to score below every rescored one.
func (e *Engine) Rescore(p *Params, q *analysis.Question, cands []Candidate) {
	d := min(p.RescoreDepth, len(cands))
	if d == 0 {
		return
	}
	r := e.newRescorer(p, q)
	for j := range cands[:d] {
		cands[j].Score = r.score(cands[j].Passage)
		cands[j].rescored = cands[j].Score
	}
	scaleTail(cands, d)
	sortCandidates(cands[:d])
}

// scaleTail scales the bleve scores of the candidates past the first d, in bleve's
// order, so the first of them scores no more than the lowest rescored one and the
// scores never rise down the ranking.
func scaleTail(cands []Candidate, d int) {
	edge := cands[d-1].BM25
	if d >= len(cands) || edge <= 0 {
		return
	}
	low := cands[0].Score
	for _, c := range cands[:d] {
		low = min(low, c.Score)
	}
	for j := d; j < len(cands); j++ {
		cands[j].Score = cands[j].BM25 * low / edge
	}
}
