package analysis

import (
	"math"
	"testing"
)

func TestBM25(t *testing.T) {
	// Hand-computed: idf(n=10, df=1) = ln(1 + 9.5/1.5) = ln(7.3333) = 1.99243.
	if got, want := IDF(10, 1), math.Log(1+9.5/1.5); math.Abs(got-want) > 1e-12 {
		t.Errorf("IDF(10, 1) = %v; want %v", got, want)
	}
	p := BM25{K1: 1.2, B: 0.75}
	tests := []struct {
		name                    string
		idf, tf, docLen, avgLen float64
		want                    float64
	}{
		{"average length", 2, 1, 10, 10, 2 * 1 * 2.2 / (1 + 1.2)},       // = 2
		{"twice as long", 2, 1, 20, 10, 2 * 2.2 / (1 + 1.2*(0.25+1.5))}, // 1.4103
		{"tf saturates", 1, 3, 10, 10, 3 * 2.2 / (3 + 1.2)},             // 1.5714
		{"absent term", 5, 0, 10, 10, 0},
		{"no average known", 1, 1, 10, 0, 2.2 / 2.2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Score(tt.idf, tt.tf, tt.docLen, tt.avgLen); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("Score(%v, %v, %v, %v) = %v; want %v", tt.idf, tt.tf, tt.docLen, tt.avgLen, got, tt.want)
			}
		})
	}
}
