package rank

import "github.com/docent-bot/docent/retrieval/analysis"

// Params holds every number that tunes ranking, the answer sentence and the decision
// between a confident answer, a hedged one and a refusal. DefaultParams are fitted on the
// shared question sets with cross-validation by `go run ./retrieval/internal/fit`, which
// writes params_default.go; docs/retrieval.md records each fit with its held-out figures.
// Depths and windows are integers; the rest are weights.
type Params struct {
	Query analysis.QueryParams

	// Rescoring: textbook BM25 over the first RescoreDepth of bleve's candidates.
	RescoreK1, RescoreB float64
	RescoreDepth        int
	// TitleWeight is how many times a word of the document title or the passage heading
	// counts against once in the text; AuthorWeight counts the document's author names.
	TitleWeight, AuthorWeight float64
	// AbbrevWeight weights the short form a question's long form stands for; the terms
	// of a long form a short form stands for share LongFormWeight between them.
	AbbrevWeight, LongFormWeight float64

	// Re-ranking of the first RerankDepth rescored passages by how much of the question
	// they hold as a phrase: the score is multiplied by 1 + ChainWeight·chain^ChainPower,
	// chain being the idf share of the longest run of question words found in order, each
	// within ProxWindow positions of the last.
	RerankDepth int
	ChainWeight float64
	ChainPower  float64
	ProxWindow  int
	// The score is also multiplied by 1 + WindowWeight·window^WindowPower, window being the
	// idf share of the question's words found within WindowSize positions of each other
	// (title and heading words count everywhere): the question answered in one place.
	WindowWeight float64
	WindowPower  float64
	WindowSize   int
	// Then the first SentenceRankDepth are multiplied by 1 + SentenceRankWeight·(the idf
	// share of the question in their best answer sentence) and by 1 + SentenceRankType·(how
	// well that sentence holds the kind of thing asked, near the question's words).
	SentenceRankDepth                    int
	SentenceRankWeight, SentenceRankType float64

	Sentence SentenceParams
	Decision DecisionParams
}

// SentenceParams score the candidate answer sentences of the first Passages passages:
// Weights·(the sentence's features), a linear model over SentenceFeatureNames
// (sentencemodel.go) fitted on SQuAD's gold sentences; a sentence with fewer than
// FragmentWords terms is a fragment (a heading).
type SentenceParams struct {
	Passages      int
	FragmentWords int
	Weights       SentenceWeights
}

// DecisionParams turn the evidence features of a result (features.go) into its outcome
// with two logistic models, each a bias and one weight per feature. The answer model
// (Bias, Weights) gives the probability that the first passage answers the question; below
// Hedge the answer is offered with low confidence. The topic model (TopicBias,
// TopicWeights) gives the probability that the corpus is on the question's topic at all;
// below Refuse the question is refused.
type DecisionParams struct {
	Bias         float64
	Weights      [numFeatures]float64
	Hedge        float64
	TopicBias    float64
	TopicWeights [numFeatures]float64
	Refuse       float64
}

// DefaultParams returns the fitted defaults (params_default.go).
func DefaultParams() Params { return defaultParams }
