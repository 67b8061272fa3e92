package rank

import (
	"context"
	"math"
	"runtime"
	"slices"

	"github.com/docent-bot/docent/corpus"
)

// Reanalyse is Analyse for a corpus that differs a little from the one old was made of:
// the text of passage i is taken from old's passage reused[i] when that is not -1 (it is
// the same passage, with the same text), and analysed otherwise; the title and authors
// of document d are taken from old's document oldDoc[d] when that is not -1 (the same
// title and authors; nil: none known) and every term of them is numbered already, and
// so is a reused passage's heading. The dictionary is numbered as Analyse numbers it, so
// the result is the very Forward Analyse would make.
func Reanalyse(ctx context.Context, old *Forward, reused, oldDoc []int, docs []corpus.Document, passages []corpus.Passage, docOf []int) *Forward {
	return analyse(ctx, old.inHeap(), reused, oldDoc, docs, passages, docOf)
}

// LoadFrom reads the analysis saved in the index folder dir for a corpus of passages and
// docs, to be updated with Reanalyse. Its tokens are read in place, through the mapping,
// whatever their size: an update reads each once, in order, and copying them into the
// heap first cost 200 MB and a read of them all at 20,000 articles. Every section's
// checksum is checked: an update must not carry damage on.
func LoadFrom(dir string, passages, docs int) (*Forward, error) {
	return loadForwardAs(dir, passages, docs, math.MaxInt64, true)
}

// copyTokens appends old's tokens of its passage j as the tokens of passage i, numbering
// their terms in f's dictionary in the order they come, as analysing the text would. It
// copies nothing and returns false when a term id is past old's dictionary (a damaged
// file): the passage is then analysed again.
func (b *builder) copyTokens(old *Forward, j, i int, renumber []uint32) bool {
	f := b.f
	toks := old.passageToks(j, nil)
	start, width := old.passageSpans(j)
	if toks == nil || start == nil {
		return false // not read: analyse the passage again
	}
	n := uint32(old.numTerms())
	for _, t := range toks {
		if t.id >= n {
			return false
		}
	}
	for _, t := range toks {
		id := renumber[t.id]
		if id == 0 {
			id = b.id(old.term(t.id)) + 1
			renumber[t.id] = id
		}
		f.toks = append(f.toks, ftoken{id: id - 1, pos: t.pos})
	}
	f.start = append(f.start, start...)
	f.width = append(f.width, width...)
	if old.isWide(j) {
		f.wide = append(f.wide, uint32(i))
	}
	runtime.KeepAlive(old)
	return true
}

// copyField appends old's set and bm25 list j (a document's title or authors, a
// passage's heading) renumbered, when every term of them is in the dictionary already:
// analysing the text would then number nothing and give the same ids. Otherwise it
// appends nothing and returns false: the text is analysed.
func (b *builder) copyField(set, bm25, oldSet, oldBM25 *sets, old *Forward, j int, renumber []uint32) bool {
	if j < 0 || j >= len(oldSet.at)-1 || j >= len(oldBM25.at)-1 {
		return false
	}
	b.set, b.list = b.set[:0], b.list[:0]
	for _, id := range oldSet.get(j) {
		n, ok := b.known(old, id, renumber)
		if !ok {
			return false
		}
		b.set = append(b.set, n)
	}
	for _, id := range oldBM25.get(j) {
		n, ok := b.known(old, id, renumber)
		if !ok {
			return false
		}
		b.list = append(b.list, n)
	}
	slices.Sort(b.set)
	set.add(b.set)
	bm25.add(b.list)
	return true
}

// known returns the new id of old's term id when the dictionary has the term already.
func (b *builder) known(old *Forward, id uint32, renumber []uint32) (uint32, bool) {
	if int(id) >= len(renumber) {
		return 0, false
	}
	if n := renumber[id]; n != 0 {
		return n - 1, true
	}
	n, ok := b.ids[old.term(id)]
	if ok {
		renumber[id] = n + 1
	}
	return n, ok
}

// ChunkTerms is a statistic of the passages' indexed fields: for each chunk of n
// consecutive passages in corpus order, the number of distinct terms of its indexed
// text (title, heading and text), of its documents' authors, and of its document ids,
// summed over the chunks. It depends on the passages alone, not on how an index
// stores them.
type ChunkTerms struct{ Text, Authors, Docs int }

// ChunkTerms measures f's passages by chunks of n; docOf maps a passage to its document.
func (f *Forward) ChunkTerms(n int, docOf []int) ChunkTerms {
	var s ChunkTerms
	terms := uint32(f.numTerms())
	seen := make([]uint32, terms) // 1 + the chunk that counted the term last
	seenAuthor := make([]uint32, terms)
	seenDoc := map[int]uint32{}
	passages := len(f.tokAt) - 1
	for start := 0; start < passages; start += n {
		chunk := uint32(start/n + 1)
		mark := func(seen []uint32, id uint32) int {
			if id >= terms || seen[id] == chunk {
				return 0
			}
			seen[id] = chunk
			return 1
		}
		for i := start; i < min(start+n, passages); i++ {
			for _, t := range f.passageToks(i, nil) {
				s.Text += mark(seen, t.id)
			}
			for _, id := range f.heading.get(i) {
				s.Text += mark(seen, id)
			}
			d := docOf[i]
			for _, id := range f.title.get(d) {
				s.Text += mark(seen, id)
			}
			if seenDoc[d] != chunk {
				seenDoc[d] = chunk
				s.Docs++
				for _, id := range f.authors.get(d) {
					s.Authors += mark(seenAuthor, id)
				}
			}
		}
	}
	runtime.KeepAlive(f)
	return s
}
