package eval

import (
	"math"
	"testing"
	"time"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestNDCG(t *testing.T) {
	// Hand-computed: 1/log2(3) = 0.6309297535714575.
	tests := []struct {
		name   string
		ranked []string
		rel    map[string]int
		k      int
		want   float64
	}{
		{"relevant at 2", []string{"a", "b", "c"}, map[string]int{"b": 1}, 10, 0.6309297535714575},
		{"relevant at 1", []string{"b", "a"}, map[string]int{"b": 1}, 10, 1},
		{"two of three found", []string{"a", "b"}, map[string]int{"a": 1, "b": 1, "c": 1}, 10,
			(1 + 0.6309297535714575) / (1 + 0.6309297535714575 + 0.5)},
		{"graded gain 2^rel-1", []string{"x", "y"}, map[string]int{"x": 1, "y": 2}, 10, 0.7967075809905066},
		{"beyond cut", []string{"a", "b", "c"}, map[string]int{"c": 1}, 2, 0},
		{"zero grade is not relevant", []string{"a"}, map[string]int{"a": 0, "b": 1}, 10, 0},
		{"no relevant", []string{"a"}, map[string]int{"a": 0}, 10, 0},
		{"empty ranking", nil, map[string]int{"a": 1}, 10, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NDCG(tt.ranked, tt.rel, tt.k); !near(got, tt.want) {
				t.Errorf("NDCG(%v, %v, %d) = %v; want %v", tt.ranked, tt.rel, tt.k, got, tt.want)
			}
		})
	}
}

func TestRecallAndRR(t *testing.T) {
	tests := []struct {
		name       string
		ranked     []string
		rel        map[string]int
		k          int
		recall, rr float64
	}{
		{"half found", []string{"a", "b", "c"}, map[string]int{"a": 1, "d": 1, "e": 0}, 100, 0.5, 1},
		{"third rank", []string{"a", "b", "c"}, map[string]int{"c": 1}, 10, 1, 1.0 / 3},
		{"cut before", []string{"a", "b", "c"}, map[string]int{"c": 1}, 2, 0, 0},
		{"graded counts once", []string{"x", "y"}, map[string]int{"y": 2, "z": 1}, 10, 0.5, 0.5},
		{"nothing relevant", []string{"x"}, map[string]int{}, 10, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Recall(tt.ranked, tt.rel, tt.k); !near(got, tt.recall) {
				t.Errorf("Recall(%v, %v, %d) = %v; want %v", tt.ranked, tt.rel, tt.k, got, tt.recall)
			}
			if got := ReciprocalRank(tt.ranked, tt.rel, tt.k); !near(got, tt.rr) {
				t.Errorf("ReciprocalRank(%v, %v, %d) = %v; want %v", tt.ranked, tt.rel, tt.k, got, tt.rr)
			}
		})
	}
}

func passages(docs ...string) []retrieval.Passage {
	ps := make([]retrieval.Passage, len(docs))
	for i, d := range docs {
		ps[i] = retrieval.Passage{Rank: i + 1, Score: float64(len(docs) - i), Citation: corpus.Citation{DocID: d}}
	}
	return ps
}

func TestDocRanking(t *testing.T) {
	docs, scores := DocRanking(passages("a", "b", "a", "c", "b"))
	if want := []string{"a", "b", "c"}; !equal(docs, want) {
		t.Errorf("DocRanking docs = %v; want %v", docs, want)
	}
	if want := []float64{5, 4, 2}; len(scores) != 3 || scores[0] != want[0] || scores[1] != want[1] || scores[2] != want[2] {
		t.Errorf("DocRanking scores = %v; want %v", scores, want)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		d := make([]time.Duration, len(v))
		for i, x := range v {
			d[i] = time.Duration(x) * time.Millisecond
		}
		return d
	}
	tests := []struct {
		name string
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{"median odd", ms(5, 1, 3), 50, 3 * time.Millisecond},
		{"median even takes lower", ms(4, 1, 3, 2), 50, 2 * time.Millisecond},
		{"p95 of 20", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20), 95, 19 * time.Millisecond},
		{"p100", ms(1, 9, 4), 100, 9 * time.Millisecond},
		{"empty", nil, 50, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percentile(tt.in, tt.p); got != tt.want {
				t.Errorf("Percentile(%v, %v) = %v; want %v", tt.in, tt.p, got, tt.want)
			}
		})
	}
}
