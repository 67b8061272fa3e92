// Package rank ranks the passages a search finds for a question and decides whether they
// answer it: rescoring, re-ranking, the answer sentence and the evidence for the decision,
// read from an analysis of every passage made once (Forward) with its own file format.
package rank

import (
	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
)

// Engine ranks the passages of one corpus. It holds no Params: every call is given them,
// so one Engine serves several.
type Engine struct {
	docs   []corpus.Document
	texts  Texts
	docOf  []int       // passage index → document index
	fwd    *Forward    // every passage analysed, for re-ranking and highlights
	fields *fieldStats // what BM25 rescoring reads besides the text
	abbr   *Abbrevs    // the abbreviations the corpus defines
}

// Texts gives passages' text and headings by index: from the corpus in memory, or from
// the index folder, read when asked for.
type Texts interface {
	Len() int
	Text(i int) string
	Heading(i int) string
}

// Passages are the Texts of passages held in memory.
type Passages []corpus.Passage

func (ps Passages) Len() int             { return len(ps) }
func (ps Passages) Text(i int) string    { return ps[i].Text }
func (ps Passages) Heading(i int) string { return ps[i].Heading }

// NewEngine returns the Engine of a corpus from its analysis and abbreviations; docOf
// maps each passage to its document's index. docs need no paragraphs.
func NewEngine(docs []corpus.Document, texts Texts, docOf []int, fwd *Forward, abbr *Abbrevs) *Engine {
	return &Engine{
		docs: docs, texts: texts, docOf: docOf, fwd: fwd, abbr: abbr,
		fields: newFieldStats(fwd),
	}
}

// Vocabulary returns the terms the passages' indexed text holds with the number of
// passages holding each, for matching misspelt question words; it is made on first use.
func (e *Engine) Vocabulary() *analysis.Vocabulary { return e.fwd.vocabulary() }
