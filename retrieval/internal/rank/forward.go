package rank

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
)

// Forward is the analysis of every passage, made once, so that re-ranking, rescoring,
// answer sentences and highlights never tokenise a passage again (analysis was two thirds
// of an answer's time at K=100). Terms are numbered in one dictionary and everything else
// is kept in flat arrays of fixed-width numbers: 14 bytes a token, nothing for the
// garbage collector to scan, and the same layout in the heap (made by Analyse) as in the
// file, which loadForward maps into memory instead of reading (forward_file.go), so a
// process that only answers holds only the pages its answers touch. Both kinds behave
// the same; no string or slice a caller receives points into a mapping.
type Forward struct {
	// The dictionary: term id's text is dict[termAt[id]:termAt[id+1]], a substring of
	// one heap string; sorted lists the ids in the order of their terms, for finding a
	// term's id by binary search without a map built at open.
	dict   string
	termAt []uint32
	sorted []uint32
	df     []uint32 // id → passages whose indexed text holds the term

	toks  []ftoken // the text tokens of every passage, passage after passage
	tokAt []uint32 // passage i's tokens are toks[tokAt[i]:tokAt[i+1]]
	// The byte span of toks[k] is start[k] to start[k]+width[k], kept apart from toks so
	// the loops over term ids read half the memory. A passage holding a word wider than
	// a uint16 is in wide (sorted) and is analysed again when its spans are needed;
	// textLen[i] is the length of passage i's text, which its spans must end within.
	start   []uint32
	width   []uint16
	wide    []uint32
	textLen []uint32
	// tokFile, when set, holds toks, start and width instead (they are nil): a loaded
	// analysis whose tokens are big reads each passage's from the file (forward_read.go).
	tokFile *tokenFile
	keep    *Forward // the loaded Forward whose mapped tables this one shares (inHeap)

	// The distinct terms (sorted ids) of each passage's heading and of each document's
	// title and authors (extraTerms), kept apart so a document's terms are kept once
	// however many passages it has.
	heading, title, authors sets
	// What BM25 rescoring reads besides the text (rescore.go): the ids of the same
	// fields' terms in text order with repeats, joined forms left out (they are counted
	// through their parts), and each passage's indexed length (tokens of title, heading
	// and text, joined forms left out) with their sum.
	bm25Heading, bm25Title, bm25Authors sets
	length                              []uint32
	lengthSum                           uint64

	vocabOnce sync.Once
	vocab     *analysis.Vocabulary
}

// sets are sets of term ids, one per passage or document, in one array: set i is
// ids[at[i]:at[i+1]].
type sets struct {
	ids []uint32
	at  []uint32
}

func (s *sets) add(set []uint32) {
	if s.at == nil {
		s.at = []uint32{0}
	}
	s.ids = append(s.ids, set...)
	s.at = append(s.at, uint32(len(s.ids)))
}

func (s *sets) get(i int) []uint32 { return s.ids[s.at[i]:s.at[i+1]] }

// ftoken is a token of a passage's text: its term's id and its position. The file holds
// the same two little-endian numbers, so the mapped file is read as []ftoken.
type ftoken struct {
	id  uint32
	pos uint32 // token.Pos, with joinedBit set for a joined hyphenated form
}

const joinedBit = 1 << 31

// numTerms is the size of the dictionary.
func (f *Forward) numTerms() int { return max(len(f.termAt)-1, 0) }

// term returns the term of id, "" for an id past the dictionary (a damaged file).
func (f *Forward) term(id uint32) string {
	if int(id) >= f.numTerms() {
		return ""
	}
	return f.dict[f.termAt[id]:f.termAt[id+1]]
}

// termID returns the id of term.
func (f *Forward) termID(term string) (uint32, bool) {
	k, ok := slices.BinarySearchFunc(f.sorted, term, func(id uint32, t string) int {
		return strings.Compare(f.term(id), t)
	})
	if !ok {
		return 0, false
	}
	return f.sorted[k], true
}

// isWide reports whether passage i is too wide to have kept its spans.
func (f *Forward) isWide(i int) bool {
	_, ok := slices.BinarySearch(f.wide, uint32(i))
	return ok
}

// Analyse analyses the passages and documents of a corpus; docOf maps each passage to
// its document's index. Each text is analysed on
// its own: analysis never joins words across the line breaks that separate a passage's
// title, heading and text in the index (indexedText), so the terms are the index's.
// It returns nil when ctx ends first.
func Analyse(ctx context.Context, docs []corpus.Document, passages []corpus.Passage, docOf []int) *Forward {
	return analyse(ctx, nil, nil, nil, docs, passages, docOf)
}

// countDF counts the passages whose indexed text (title, heading and text) holds each of
// the n terms.
func (f *Forward) countDF(n int, docOf []int) {
	f.df = make([]uint32, n)
	last := make([]uint32, n) // 1 + the last passage counted for each term
	count := func(id uint32, i int) {
		if last[id] != uint32(i+1) {
			last[id] = uint32(i + 1)
			f.df[id]++
		}
	}
	for i := range len(f.tokAt) - 1 {
		for _, ft := range f.toks[f.tokAt[i]:f.tokAt[i+1]] {
			count(ft.id, i)
		}
		for _, id := range f.heading.get(i) {
			count(id, i)
		}
		for _, id := range f.title.get(docOf[i]) {
			count(id, i)
		}
	}
}

// countLengths measures each passage's indexed length for BM25.
func (f *Forward) countLengths(docOf []int) {
	passages := len(f.tokAt) - 1
	f.length, f.lengthSum = make([]uint32, passages), 0
	for i := range passages {
		n := len(f.bm25Title.get(docOf[i])) + len(f.bm25Heading.get(i))
		for _, t := range f.toks[f.tokAt[i]:f.tokAt[i+1]] {
			if t.pos&joinedBit == 0 {
				n++
			}
		}
		f.length[i] = uint32(n)
		f.lengthSum += uint64(n)
	}
}

// vocabulary is the dictionary with each term's passage frequency, for fuzzy matching,
// made on first use.
func (f *Forward) vocabulary() *analysis.Vocabulary {
	f.vocabOnce.Do(func() {
		m := make(map[string]int, f.numTerms())
		for id := range f.numTerms() {
			if f.df[id] > 0 {
				m[f.term(uint32(id))] = int(f.df[id])
			}
		}
		f.vocab = analysis.NewVocabulary(m)
		runtime.KeepAlive(f)
	})
	return f.vocab
}

// docFreq returns the number of passages whose indexed text holds term.
func (f *Forward) docFreq(term string) int {
	if id, ok := f.termID(term); ok {
		return int(f.df[id])
	}
	return 0
}

// estimateTokens guesses how many tokens the passages' text will make, a little high,
// so the token array is allocated about once: English prose makes about one token
// every eight bytes.
func estimateTokens(passages []corpus.Passage) int {
	n := 0
	for i := range passages {
		n += len(passages[i].Text)
	}
	return n/6 + 1
}

// passageTokens returns passage i's tokens as analyze(text) returns them; ok is false
// when the passage is too wide to have kept them all (see wide), or a span ends past its
// text (a damaged file): the caller then analyses the text again.
func (f *Forward) passageTokens(i int) (toks []token, ok bool) {
	if f.isWide(i) {
		return nil, false
	}
	fts := f.passageToks(i, nil)
	start, width := f.passageSpans(i)
	if fts == nil || start == nil {
		return nil, false // the file could not be read: analyse the text
	}
	toks = make([]token, len(fts))
	for k := range toks {
		t := f.expand(fts[k])
		t.Start = int(start[k])
		t.End = t.Start + int(width[k])
		if t.End > int(f.textLen[i]) {
			return nil, false
		}
		toks[k] = t
	}
	runtime.KeepAlive(f)
	return toks, true
}

func (f *Forward) expand(ft ftoken) token {
	return token{Term: f.term(ft.id), Pos: int(ft.pos &^ joinedBit), Joined: ft.pos&joinedBit != 0}
}

// extraTerms returns the terms of passage i's heading and of its document d's title and
// authors, as Engine.extraTerms does.
func (f *Forward) extraTerms(i, d int) map[string]bool {
	m := make(map[string]bool)
	for _, ids := range [3][]uint32{f.heading.get(i), f.title.get(d), f.authors.get(d)} {
		for _, id := range ids {
			m[f.term(id)] = true
		}
	}
	runtime.KeepAlive(f)
	return m
}

// questionIDs are the dictionary ids of a question's terms, for finding them in passages
// by comparing numbers. mask has bit id%1024 set for every id: with a question's 10 to 30
// terms, 97% or more of the other tokens are ruled out by that one test.
type questionIDs struct {
	ids  []uint32 // ids[j] is the id of terms[j]; absent for a term no passage holds
	has  []bool
	mask [maskWords]uint64
}

const maskWords = 16 // 1024 bits

// lookup maps terms to dictionary ids.
func (f *Forward) lookup(terms []analysis.QueryTerm) questionIDs {
	q := questionIDs{ids: make([]uint32, len(terms)), has: make([]bool, len(terms))}
	for j, t := range terms {
		id, ok := f.termID(t.Term)
		q.ids[j], q.has[j] = id, ok
		if ok {
			q.mask[id/64%maskWords] |= 1 << (id % 64)
		}
	}
	return q
}

// index returns j such that q.ids[j] is id, or -1.
func (q *questionIDs) index(id uint32) int {
	if q.mask[id/64%maskWords]&(1<<(id%64)) == 0 {
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
// tokens of its text that are question terms (without byte spans), and the question terms
// its heading, title or authors hold (nil when none). measure ignores every other token,
// so it gives the same evidence as from the whole analysis, for a fraction of the work;
// TestFoundMeasuresAsAnalysis checks it.
func (f *Forward) found(q *questionIDs, i, d int) ([]token, map[string]bool) {
	var toks []token
	for _, ft := range f.passageToks(i, nil) {
		if q.index(ft.id) >= 0 {
			toks = append(toks, f.expand(ft))
		}
	}
	var extra map[string]bool
	for _, ids := range [3][]uint32{f.heading.get(i), f.title.get(d), f.authors.get(d)} {
		for _, id := range ids {
			if q.index(id) < 0 {
				continue
			}
			if extra == nil {
				extra = make(map[string]bool)
			}
			extra[f.term(id)] = true
		}
	}
	runtime.KeepAlive(f)
	return toks, extra
}
