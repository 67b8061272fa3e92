package rank

import (
	"math"
	"testing"

	"github.com/docent-bot/docent/retrieval/analysis"
)

// TestDecide checks the three outcomes against the decision's thresholds, and that a
// threshold given to Open overrides the fitted refusal threshold.
func TestDecide(t *testing.T) {
	d := DecisionParams{Bias: -4, Refuse: 0.2, Hedge: 0.6, TopicBias: -4}
	d.Weights[featTopCoverage] = 8      // p = σ(8·coverage − 4)
	d.TopicWeights[featTopCoverage] = 8 // the same for the topic, in this test
	feats := func(cov float64) Features {
		var f Features
		f[featTopCoverage] = cov
		return f
	}
	tests := []struct {
		name      string
		coverage  float64
		threshold float64 // Open's NoAnswerThreshold; 0 keeps the fitted one
		refused   bool
		hedged    bool
	}{
		{"clear answer", 0.9, 0, false, false},
		{"weak evidence is hedged", 0.5, 0, false, true}, // p = 0.5
		{"nothing on topic is refused", 0.1, 0, true, false},
		{"a negative threshold never refuses", 0.1, -1, false, true},
		{"a high threshold refuses more", 0.55, 0.7, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refuse := d.Refuse
			if tt.threshold != 0 {
				refuse = tt.threshold
			}
			conf, topic, refused, hedged := d.Decide(feats(tt.coverage), refuse)
			if topic != conf {
				t.Errorf("topic = %g; want %g, as the test's two models agree", topic, conf)
			}
			want := 1 / (1 + math.Exp(-(8*tt.coverage - 4)))
			if math.Abs(conf-want) > 1e-9 {
				t.Errorf("confidence = %g; want %g", conf, want)
			}
			if refused != tt.refused || hedged != tt.hedged {
				t.Errorf("refused %v, hedged %v; want %v, %v", refused, hedged, tt.refused, tt.hedged)
			}
		})
	}
}

// TestAbsentShare checks that a word the corpus lacks counts in full, one found only
// through a synonym counts for what that term does not credit, and one found only in a
// near spelling counts as absent and as near-spelt.
func TestAbsentShare(t *testing.T) {
	q := &analysis.Question{Words: 2, Terms: []analysis.QueryTerm{
		{Term: "known", IDF: 1, DF: 5, Credit: 1},
		{Term: "typo", IDF: 3, DF: 0, Credit: 1, Of: 1},
		{Term: "typed", IDF: 2, DF: 4, Credit: 0.5, Of: 1, Kind: analysis.Fuzzy},
	}}
	if got, near := absentShare(q); math.Abs(got-0.75) > 1e-9 || math.Abs(near-0.75) > 1e-9 {
		t.Errorf("absentShare = %g, %g; want 0.75 and 0.75: the word found only in a near spelling is absent", got, near)
	}
	q.Terms[2].Kind = analysis.Expansion
	if got, near := absentShare(q); math.Abs(got-3*0.5/4) > 1e-9 || near != 0 {
		t.Errorf("absentShare with a synonym = %g, %g; want %g, 0", got, near, 3*0.5/4)
	}
}

// TestBestWindow checks the window evidence: the words found close together, with title
// words counting in every window.
func TestBestWindow(t *testing.T) {
	q := &analysis.Question{Words: 3, Terms: []analysis.QueryTerm{
		{Term: "a", IDF: 1, Credit: 1, Of: 0}, {Term: "b", IDF: 1, Credit: 1, Of: 1}, {Term: "c", IDF: 2, Credit: 1, Of: 2},
		{Term: "bb", IDF: 1, Credit: 0.5, Of: 1, Kind: analysis.Expansion},
	}}
	toks := []token{{Term: "a", Pos: 1}, {Term: "b", Pos: 30}, {Term: "c", Pos: 32}, {Term: "a", Pos: 60}, {Term: "bb", Pos: 61}}
	tests := []struct {
		size  int
		extra map[string]bool
		want  float64
	}{
		{5, nil, 3},                        // b and c at 30, 32
		{100, nil, 4},                      // everything
		{5, map[string]bool{"a": true}, 4}, // a in the title joins b and c
		{2, nil, 2},                        // c alone (idf 2) beats a + bb (1.5)
	}
	for _, tt := range tests {
		if got := bestWindow(q, toks, tt.extra, tt.size); got != tt.want {
			t.Errorf("bestWindow(size %d, extra %v) = %g; want %g", tt.size, tt.extra, got, tt.want)
		}
	}
}
