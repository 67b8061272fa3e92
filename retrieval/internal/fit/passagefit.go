package main

import (
	"slices"

	"github.com/docent-bot/docent/retrieval"
)

// passageModel is a learned re-ranking's settings.
type passageModel struct {
	name   string
	use    map[string]bool // features it may weigh; nil: all
	lambda float64
	even   bool     // each training set weighs alike, not each question
	train  []string // the sets it is fitted on; nil: SQuAD and SciFact
	depth  int      // re-ranks only the first depth candidates; 0: all measured
	gate   bool     // only questions that ask for a kind of thing (analysis.AnswerType.Checkable)
}

// applies reports whether m re-ranks g's candidates.
func (m passageModel) applies(g passageGroup) bool {
	return !m.gate || (len(g.X) > 0 && g.X[0][checkableFeature] > 0)
}

// checkableFeature is the index of the passage feature that marks a question asking for a
// kind of thing.
var checkableFeature = slices.Index(retrieval.PassageFeatureNames[:], "checkable")

// fitPassageModel fits a conditional logistic regression over each training question's
// measured candidates (softmax; the likelihood of the gold ones), L2 on standardised
// features, with Adam; it returns weights on the raw features.
func fitPassageModel(groups []passageGroup, train []string, in folds, m passageModel) []float64 {
	nf := len(retrieval.PassageFeatureNames)
	var rows []passageGroup
	count := map[string]int{}
	for _, g := range groups {
		if m.depth > 0 && m.depth < len(g.X) {
			g.X = g.X[:m.depth]
		}
		if !in(g.Fold) || !slices.Contains(train, g.Set) || len(g.X) < 2 || !m.applies(g) {
			continue
		}
		gold := 0
		for _, y := range g.Gold[:len(g.X)] {
			if y {
				gold++
			}
		}
		if gold > 0 && gold < len(g.X) {
			rows = append(rows, g)
			count[g.Set]++
		}
	}
	choices := make([]choiceRow, len(rows))
	for i, g := range rows {
		choices[i] = choiceRow{x: g.X, gold: g.Gold[:len(g.X)], weight: 1}
		if m.even {
			choices[i].weight = float64(len(rows)) / float64(len(count)*count[g.Set])
		}
	}
	w := fitChoice(choices, nf, func(j int) bool {
		return j != checkableFeature && (m.use == nil || m.use[retrieval.PassageFeatureNames[j]])
	}, m.lambda)
	if w == nil {
		return make([]float64, nf)
	}
	return w
}
