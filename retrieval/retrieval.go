// Package retrieval answers questions from a corpus's passages: it opens the index,
// searches, ranks, picks the answer sentence and decides when nothing answers, behind
// plain structs (Query, Result, Passage).
package retrieval

import (
	"time"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/rank"
)

// Params holds every number that tunes ranking, the answer sentence and the decision
// (rank.Params documents each); DefaultParams returns the fitted defaults.
type (
	Params         = rank.Params
	SentenceParams = rank.SentenceParams
	DecisionParams = rank.DecisionParams
)

// DefaultParams returns the fitted defaults.
func DefaultParams() Params { return rank.DefaultParams() }

// SentenceWeights weigh the answer-sentence features, in SentenceFeatureNames order;
// SentenceCandidate is one candidate sentence with its features.
type (
	SentenceWeights   = rank.SentenceWeights
	SentenceCandidate = rank.SentenceCandidate
	PassageFeatures   = rank.PassageFeatures
)

// PassageFeatureNames names the features of a re-ranked passage (PassageCandidate).
var PassageFeatureNames = rank.PassageFeatureNames

// SentenceFeatureNames names the answer-sentence features in SentenceWeights order.
var SentenceFeatureNames = rank.SentenceFeatureNames

// Features are the evidence features a decision is made on, in FeatureNames order.
type Features = rank.Features

// FeatureNames names the decision features in DecisionParams.Weights order.
var FeatureNames = rank.FeatureNames

// Query is one question and its optional filters.
type Query struct {
	Text   string
	K      int // passages wanted, 1..MaxK; 0 means DefaultK
	Offset int // ranked passages to skip, for paging
	DocID  string
	// Scope limits the answer to some documents: each entry is a document id, a prefix
	// ending in "/" (a sub-folder) or "tag:NAME" (a front-matter tag); empty: all.
	Scope  []string
	Author string    // matches any of a document's authors, case-insensitively
	From   time.Time // published on or after; zero = no bound
	To     time.Time // published on or before; zero = no bound
	// NoMatches leaves Passage.Matches empty, for callers that print no highlights:
	// marking them means analysing every returned passage, the largest cost of a
	// deep ranking (K=100). The answer sentence keeps its matches.
	NoMatches bool
	// OnePerDocument lists each document once, at its best passage, so K passages come
	// from K documents: a document ranking, as benchmarks that judge documents read it.
	OnePerDocument bool
}

const (
	DefaultK      = 3
	MaxK          = 100
	MaxQueryRunes = 300
)

// Span marks matched text: byte offsets into the text it belongs to.
type Span = rank.Span

// Passage is one ranked passage with its citation.
type Passage struct {
	Rank     int // from 1, counting from the start of the ranking (Offset included)
	ID       string
	Heading  string
	Text     string
	Matches  []Span // the query's terms as they appear in Text
	Score    float64
	Citation corpus.Citation
}

// Result answers a Query.
type Result struct {
	Question string
	// Answer is the single sentence that best answers the question, with its citation;
	// empty when NoAnswer.
	Answer         string
	AnswerMatches  []Span
	AnswerCitation corpus.Citation
	// NoAnswer is the decision that nothing in the corpus is on topic (a refusal).
	// Passages are still listed: the ranking is reported, the edge decides what to show.
	NoAnswer bool
	// Hedged is an answer given with low confidence: the passages look closest, but the
	// evidence that they answer is weak. Say so, and show them.
	Hedged bool
	// Confidence is the answer model's probability that the first passage answers the
	// question (Params.Decision), in [0,1]: hedged below Params.Decision.Hedge.
	Confidence float64
	// OnTopic is the topic model's probability that the corpus is on the question's topic
	// at all, in [0,1]: refused below the no-answer threshold (Params.Decision.Refuse, or
	// Options.NoAnswerThreshold).
	OnTopic float64
	// Features are the evidence the decision was made on, for diagnostics and fitting.
	Features Features
	Passages []Passage
	Total    int // passages that matched at all, for paging
}

// QueryError is a problem with the question itself; Error() is fit to show a user.
type QueryError struct{ Reason string }

func (e *QueryError) Error() string { return e.Reason }

// Source is one document as the index knows it.
type Source struct {
	corpus.Citation          // document-level: ParaFirst/ParaLast are zero
	Passages        int      // passages cut from the document
	Tags            []string // from the document's front matter or metadata
}
