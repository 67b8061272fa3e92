package retrieval

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/docent-bot/docent/corpus"
)

// forward is the analysis of every passage, made once when the index opens, so that
// re-ranking, answer sentences and highlights never tokenise a passage again (analysis
// was two thirds of an answer's time at K=100). Terms are numbered in one dictionary and
// tokens kept in flat arrays without pointers: compact, and nothing for the garbage
// collector to scan.
type forward struct {
	ids   map[string]uint32 // term → id
	terms []string          // id → term

	toks  []ftoken // the text tokens of every passage, passage after passage
	tokAt []uint32 // passage i's tokens are toks[tokAt[i]:tokAt[i+1]]

	// The distinct terms (sorted ids) of each passage's heading and of each document's
	// title and authors: what extraTerms returns, kept apart so a document's terms are
	// kept once however many passages it has.
	heading   []uint32
	headingAt []uint32
	doc       []uint32
	docAt     []uint32
}

// ftoken is a token of a passage's text: its term's id, its position and byte span.
type ftoken struct {
	id         uint32
	pos        uint32 // token.Pos, with joinedBit set for a joined hyphenated form
	start, end uint32
}

const joinedBit = 1 << 31

// newForward analyses the passages and documents of a corpus.
// It returns nil when ctx ends first.
func newForward(ctx context.Context, docs []corpus.Document, passages []corpus.Passage) *forward {
	f := &forward{ids: make(map[string]uint32), tokAt: make([]uint32, 1, len(passages)+1)}
	f.headingAt = make([]uint32, 1, len(passages)+1)
	f.docAt = make([]uint32, 1, len(docs)+1)
	var set []uint32
	for i := range passages {
		if i%1024 == 0 && ctx.Err() != nil {
			return nil
		}
		p := &passages[i]
		for _, t := range analyze(p.Text) {
			f.toks = append(f.toks, f.token(t))
		}
		f.tokAt = append(f.tokAt, uint32(len(f.toks)))
		set = f.termSet(set[:0], p.Heading)
		f.heading = append(f.heading, set...)
		f.headingAt = append(f.headingAt, uint32(len(f.heading)))
	}
	for i := range docs {
		d := &docs[i]
		set = f.termSet(set[:0], d.Title+"\n"+strings.Join(d.Authors, "\n"))
		f.doc = append(f.doc, set...)
		f.docAt = append(f.docAt, uint32(len(f.doc)))
	}
	f.toks = slices.Clip(f.toks)
	return f
}

// id returns the id of term, adding it to the dictionary when it is new.
func (f *forward) id(term string) uint32 {
	if id, ok := f.ids[term]; ok {
		return id
	}
	id := uint32(len(f.terms))
	f.ids[term] = id
	f.terms = append(f.terms, term)
	return id
}

func (f *forward) token(t token) ftoken {
	pos := uint32(min(t.Pos, math.MaxInt32))
	if t.Joined {
		pos |= joinedBit
	}
	return ftoken{id: f.id(t.Term), pos: pos, start: uint32(t.Start), end: uint32(t.End)}
}

// termSet appends the sorted distinct term ids of text to set.
func (f *forward) termSet(set []uint32, text string) []uint32 {
	for _, t := range analyze(text) {
		set = append(set, f.id(t.Term))
	}
	slices.Sort(set)
	return slices.Compact(set)
}

// tokens returns passage i's analysed text, as analyze(text) returns it.
func (f *forward) tokens(i int) []token {
	fts := f.toks[f.tokAt[i]:f.tokAt[i+1]]
	out := make([]token, len(fts))
	for k, ft := range fts {
		out[k] = f.expand(ft)
	}
	return out
}

func (f *forward) expand(ft ftoken) token {
	return token{Term: f.terms[ft.id], Pos: int(ft.pos &^ joinedBit), Start: int(ft.start), End: int(ft.end),
		Joined: ft.pos&joinedBit != 0}
}

// extraTerms returns the terms of passage i's heading and of its document d's title and
// authors, as Index.extraTerms does.
func (f *forward) extraTerms(i, d int) map[string]bool {
	h, t := f.headingIDs(i), f.docIDs(d)
	m := make(map[string]bool, len(h)+len(t))
	for _, id := range h {
		m[f.terms[id]] = true
	}
	for _, id := range t {
		m[f.terms[id]] = true
	}
	return m
}

func (f *forward) headingIDs(i int) []uint32 { return f.heading[f.headingAt[i]:f.headingAt[i+1]] }
func (f *forward) docIDs(d int) []uint32     { return f.doc[f.docAt[d]:f.docAt[d+1]] }

// questionIDs are the dictionary ids of a question's terms, for finding them in passages
// by comparing numbers. mask has bit id%64 set for every id: most tokens are ruled out
// by one test.
type questionIDs struct {
	ids  []uint32 // ids[j] is the id of terms[j]; absent for a term no passage holds
	has  []bool
	mask uint64
}

// lookup maps terms to dictionary ids.
func (f *forward) lookup(terms []qterm) questionIDs {
	q := questionIDs{ids: make([]uint32, len(terms)), has: make([]bool, len(terms))}
	for j, t := range terms {
		id, ok := f.ids[t.Term]
		q.ids[j], q.has[j] = id, ok
		if ok {
			q.mask |= 1 << (id & 63)
		}
	}
	return q
}

// index returns j such that q.ids[j] is id, or -1.
func (q *questionIDs) index(id uint32) int {
	if q.mask&(1<<(id&63)) == 0 {
		return -1
	}
	for j, x := range q.ids {
		if x == id && q.has[j] {
			return j
		}
	}
	return -1
}

// found returns what measure reads of passage i (of document d) for the question: the
// tokens of its text that are question terms, and the question terms its heading, title
// or authors hold (nil when none). measure ignores every other token, so it gives the
// same evidence as from the whole analysis, for a fraction of the work;
// TestFoundMeasuresAsAnalysis checks it.
func (f *forward) found(q *questionIDs, i, d int) ([]token, map[string]bool) {
	var toks []token
	for _, ft := range f.toks[f.tokAt[i]:f.tokAt[i+1]] {
		if q.index(ft.id) >= 0 {
			toks = append(toks, f.expand(ft))
		}
	}
	var extra map[string]bool
	for _, ids := range [2][]uint32{f.headingIDs(i), f.docIDs(d)} {
		for _, id := range ids {
			if q.index(id) < 0 {
				continue
			}
			if extra == nil {
				extra = make(map[string]bool)
			}
			extra[f.terms[id]] = true
		}
	}
	return toks, extra
}
