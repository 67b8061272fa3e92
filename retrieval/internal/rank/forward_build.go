package rank

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
)

// builder makes a Forward in the heap: it numbers terms in a map while the passages are
// analysed, then seals the dictionary into the form the file keeps.
type builder struct {
	f     *Forward
	ids   map[string]uint32 // term → id
	terms []string          // id → term
	set   []uint32          // scratch
	list  []uint32          // scratch
}

func analyse(ctx context.Context, old *Forward, reused, oldDoc []int, docs []corpus.Document, passages []corpus.Passage, docOf []int) *Forward {
	f := &Forward{tokAt: make([]uint32, 1, len(passages)+1), textLen: make([]uint32, 0, len(passages))}
	b := &builder{f: f, ids: make(map[string]uint32)}
	n := estimateTokens(passages)
	if old != nil {
		n = reusedTokens(old, reused, passages)
	}
	f.toks, f.start, f.width = make([]ftoken, 0, n), make([]uint32, 0, n), make([]uint16, 0, n)
	var renumber []uint32 // old id → 1 + new id; 0 until the term is met
	if old != nil {
		renumber = make([]uint32, old.numTerms())
	}
	for i := range docs {
		d := &docs[i]
		j := -1
		if old != nil && len(oldDoc) == len(docs) {
			j = oldDoc[i]
		}
		if j < 0 || !b.copyField(&f.title, &f.bm25Title, &old.title, &old.bm25Title, old, j, renumber) {
			b.fieldTerms(&f.title, &f.bm25Title, d.Title)
		}
		if j < 0 || !b.copyField(&f.authors, &f.bm25Authors, &old.authors, &old.bm25Authors, old, j, renumber) {
			b.fieldTerms(&f.authors, &f.bm25Authors, strings.Join(d.Authors, "\n"))
		}
	}
	for i := range passages {
		if i%1024 == 0 && ctx.Err() != nil {
			return nil
		}
		p := &passages[i]
		if old == nil || reused[i] < 0 || !b.copyTokens(old, reused[i], i, renumber) {
			analysis.Default().Each(p.Text, func(t token) { b.add(i, t) })
		}
		f.tokAt = append(f.tokAt, uint32(len(f.toks)))
		f.textLen = append(f.textLen, uint32(min(len(p.Text), math.MaxUint32)))
		if old == nil || reused[i] < 0 || !b.copyField(&f.heading, &f.bm25Heading, &old.heading, &old.bm25Heading, old, reused[i], renumber) {
			b.fieldTerms(&f.heading, &f.bm25Heading, p.Heading)
		}
	}
	if cap(f.toks)-len(f.toks) > len(f.toks)/8 { // the estimate was too high: give the rest back
		f.toks, f.start, f.width = slices.Clone(f.toks), slices.Clone(f.start), slices.Clone(f.width)
	}
	f.countDF(len(b.terms), docOf)
	f.countLengths(docOf)
	b.seal()
	return f
}

// reusedTokens counts the tokens an update makes: those of the passages it copies
// from old, exactly, and the estimate for the others, so that the arrays are made
// once, at about their size, and never copied again to give back what an estimate of
// the whole corpus would leave spare (an update of 14 million tokens did).
func reusedTokens(old *Forward, reused []int, passages []corpus.Passage) int {
	n := 1
	for i := range passages {
		if j := reused[i]; j >= 0 && j < len(old.tokAt)-1 {
			n += int(old.tokAt[j+1] - old.tokAt[j])
		} else {
			n += len(passages[i].Text)/6 + 1
		}
	}
	return n
}

// id returns the id of term, adding it to the dictionary when it is new.
func (b *builder) id(term string) uint32 {
	if id, ok := b.ids[term]; ok {
		return id
	}
	id := uint32(len(b.terms))
	b.ids[term] = id
	b.terms = append(b.terms, term)
	return id
}

// add appends token t of passage i.
func (b *builder) add(i int, t token) {
	f := b.f
	pos := uint32(min(t.Pos, math.MaxInt32))
	if t.Joined {
		pos |= joinedBit
	}
	f.toks = append(f.toks, ftoken{id: b.id(t.Term), pos: pos})
	w := t.End - t.Start
	if w > math.MaxUint16 || t.Start > math.MaxUint32 {
		if len(f.wide) == 0 || f.wide[len(f.wide)-1] != uint32(i) {
			f.wide = append(f.wide, uint32(i))
		}
		w = 0
	}
	f.start = append(f.start, uint32(t.Start))
	f.width = append(f.width, uint16(w))
}

// fieldTerms analyses text, a title, authors or heading, and appends its sorted distinct
// term ids to set and the ids of its terms other than joined forms, in text order with
// repeats, to bm25.
func (b *builder) fieldTerms(set, bm25 *sets, text string) {
	b.set, b.list = b.set[:0], b.list[:0]
	analysis.Default().Each(text, func(t token) {
		id := b.id(t.Term)
		b.set = append(b.set, id)
		if !t.Joined {
			b.list = append(b.list, id)
		}
	})
	slices.Sort(b.set)
	set.add(slices.Compact(b.set))
	bm25.add(b.list)
}

// seal puts the dictionary into one string with the ids in the order of their terms.
func (b *builder) seal() {
	f, n := b.f, 0
	for _, t := range b.terms {
		n += len(t)
	}
	var dict strings.Builder
	dict.Grow(n)
	f.termAt = make([]uint32, len(b.terms)+1)
	for k, t := range b.terms {
		dict.WriteString(t)
		f.termAt[k+1] = uint32(dict.Len())
	}
	f.dict = dict.String()
	f.sorted = make([]uint32, len(b.terms))
	for k := range f.sorted {
		f.sorted[k] = uint32(k)
	}
	slices.SortFunc(f.sorted, func(x, y uint32) int { return strings.Compare(b.terms[x], b.terms[y]) })
	for _, s := range []*sets{&f.heading, &f.title, &f.authors, &f.bm25Heading, &f.bm25Title, &f.bm25Authors} {
		if s.at == nil { // no passages or documents
			s.at = []uint32{0}
		}
	}
	if f.wide == nil {
		f.wide = []uint32{}
	}
}
