package main

import (
	"testing"

	"github.com/docent-bot/docent/retrieval"
)

// TestFitSentenceModel checks the answer-sentence model on candidates where the gold one
// holds more of the question and a number, among decoys that hold more of the passage.
func TestFitSentenceModel(t *testing.T) {
	cov, num, pass := featureIndex("coverage"), featureIndex("numbers"), featureIndex("passage")
	var groups []sentenceGroup
	for i := range 300 {
		g := sentenceGroup{fold: i % 5}
		for k := range 4 {
			var x retrieval.SentenceWeights
			x[cov] = float64((i+k)%7) / 10
			x[pass] = float64((i*k)%5) / 5
			gold := k == i%4
			if gold {
				x[cov] += 0.3
				x[num] = 1
			}
			g.x = append(g.x, x)
			g.gold = append(g.gold, gold)
		}
		groups = append(groups, g)
	}
	w := fitSentenceModel(groups, except(0), nil)
	if w[cov] <= 0 || w[num] <= 0 {
		t.Errorf("weights coverage %g, numbers %g; want both > 0", w[cov], w[num])
	}
	if got := offlineP1(groups, only(0), w); got < 0.95 {
		t.Errorf("held-out P@1 %.3f; want ≥ 0.95", got)
	}
	var use featureMask
	use[cov] = true
	if w := fitSentenceModel(groups, all, &use); w[num] != 0 || w[cov] <= 0 {
		t.Errorf("masked weights numbers %g, coverage %g; want 0 and > 0", w[num], w[cov])
	}
}
