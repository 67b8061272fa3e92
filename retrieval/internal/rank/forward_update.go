package rank

import (
	"context"
	"slices"
	"strings"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
)

// Reanalyse is Analyse for a corpus that differs a little from the one old was made of:
// the text of passage i is taken from old's passage reused[i] when that is not -1 (it is
// the same passage, with the same text), and analysed otherwise. Headings, titles and
// authors are short and analysed again. The dictionary is numbered as Analyse numbers
// it, so the result is the very Forward Analyse would make.
func Reanalyse(ctx context.Context, old *Forward, reused []int, docs []corpus.Document, passages []corpus.Passage, docOf []int) *Forward {
	return analyse(ctx, old, reused, docs, passages, docOf)
}

// LoadFrom reads the analysis saved in the index folder dir for a corpus of passages and
// docs, to be updated with Reanalyse.
func LoadFrom(dir string, passages, docs int) (*Forward, error) {
	return loadForward(dir, passages, docs)
}

func analyse(ctx context.Context, old *Forward, reused []int, docs []corpus.Document, passages []corpus.Passage, docOf []int) *Forward {
	f := &Forward{ids: make(map[string]uint32), tokAt: make([]uint32, 1, len(passages)+1)}
	n := estimateTokens(passages)
	f.toks, f.start, f.width = make([]ftoken, 0, n), make([]uint32, 0, n), make([]uint16, 0, n)
	var set []uint32
	for i := range docs {
		d := &docs[i]
		set = f.termSet(set[:0], d.Title)
		f.title.add(set)
		set = f.termSet(set[:0], strings.Join(d.Authors, "\n"))
		f.authors.add(set)
	}
	var renumber []uint32 // old id → 1 + new id; 0 until the term is met
	if old != nil {
		renumber = make([]uint32, len(old.terms))
	}
	for i := range passages {
		if i%1024 == 0 && ctx.Err() != nil {
			return nil
		}
		p := &passages[i]
		if old != nil && reused[i] >= 0 {
			f.copyTokens(old, reused[i], i, renumber)
		} else {
			analysis.Default().Each(p.Text, func(t token) { f.add(i, t) })
		}
		f.tokAt = append(f.tokAt, uint32(len(f.toks)))
		set = f.termSet(set[:0], p.Heading)
		f.heading.add(set)
	}
	if cap(f.toks)-len(f.toks) > len(f.toks)/8 { // the estimate was too high: give the rest back
		f.toks, f.start, f.width = slices.Clone(f.toks), slices.Clone(f.start), slices.Clone(f.width)
	}
	f.countDF(docOf)
	return f
}

// copyTokens appends old's tokens of its passage j as the tokens of passage i, numbering
// their terms in f's dictionary in the order they come, as analysing the text would.
func (f *Forward) copyTokens(old *Forward, j, i int, renumber []uint32) {
	a, b := old.tokAt[j], old.tokAt[j+1]
	for k := a; k < b; k++ {
		t := old.toks[k]
		id := renumber[t.id]
		if id == 0 {
			id = f.id(old.terms[t.id]) + 1
			renumber[t.id] = id
		}
		f.toks = append(f.toks, ftoken{id: id - 1, pos: t.pos})
	}
	f.start = append(f.start, old.start[a:b]...)
	f.width = append(f.width, old.width[a:b]...)
	if old.wide[j] {
		if f.wide == nil {
			f.wide = make(map[int]bool)
		}
		f.wide[i] = true
	}
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
	seen := make([]uint32, len(f.terms)) // 1 + the chunk that counted the term last
	seenAuthor := make([]uint32, len(f.terms))
	seenDoc := map[int]uint32{}
	passages := len(f.tokAt) - 1
	for start := 0; start < passages; start += n {
		chunk := uint32(start/n + 1)
		mark := func(seen []uint32, id uint32) int {
			if seen[id] == chunk {
				return 0
			}
			seen[id] = chunk
			return 1
		}
		for i := start; i < min(start+n, passages); i++ {
			for _, t := range f.toks[f.tokAt[i]:f.tokAt[i+1]] {
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
	return s
}
