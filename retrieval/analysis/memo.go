package analysis

import (
	"strings"
	"sync"
	"sync/atomic"
)

// memoMax bounds how many distinct words an Analyzer remembers the term of (about 100
// bytes each). Text repeats its words, and the frequent ones come first: the first 16,384
// words met in SciFact's abstracts make up about 90% of their 1.2 million words.
const memoMax = 1 << 14

// memo remembers the term of each word analysed, so that a word is folded, checked
// against the stop words and stemmed once: stemming was the largest cost of analysis.
// It is safe for concurrent use, and reading it takes no lock: bleve analyses batches in
// parallel while docent analyses the passages (retrieval/internal/rank/forward.go).
type memo struct {
	m sync.Map // word → memoTerm
	n atomic.Int32
}

// memos holds one memo per Options: the index's analyzer (bleve makes its own from the
// mapping) and Default share theirs, so a word stemmed while indexing is not stemmed again
// when docent analyses the passages for re-ranking.
var memos sync.Map // Options → *memo

func memoFor(o Options) *memo {
	o.Stemmer = o.stemmer() // "" and the default stemmer's name analyse alike
	m, _ := memos.LoadOrStore(o, &memo{})
	return m.(*memo)
}

type memoTerm struct {
	term string
	ok   bool
}

func (m *memo) get(word string) (memoTerm, bool) {
	t, ok := m.m.Load(word)
	if !ok {
		return memoTerm{}, false
	}
	return t.(memoTerm), true
}

// put remembers the term of word while the memo has room (concurrent puts may pass
// memoMax by a few words).
func (m *memo) put(word string, t memoTerm) {
	if m.n.Load() >= memoMax {
		return
	}
	// a copy: word is a slice of the analysed text, which the memo must not keep
	if _, loaded := m.m.LoadOrStore(strings.Clone(word), t); !loaded {
		m.n.Add(1)
	}
}

// term turns one word (no hyphens) into its index term: folded, an irregular form mapped
// to its lemma, stemmed, a British spelling's stem mapped to the American one's; ok is false for stop words and words too long to index.
func (a *Analyzer) term(w string) (string, bool) {
	if t, ok := a.memo.get(w); ok {
		return t.term, t.ok
	}
	term, ok := a.termFolded(foldWord(w))
	a.memo.put(w, memoTerm{term, ok})
	return term, ok
}
