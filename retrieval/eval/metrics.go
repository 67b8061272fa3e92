package eval

import (
	"math"
	"slices"
	"time"

	"github.com/docent-bot/docent/retrieval"
)

// Qrels holds relevance judgments: query id → document id → grade (0 = judged not relevant).
type Qrels map[string]map[string]int

// DocRanking turns ranked passages into a document ranking: each document at the rank of its
// first passage, with that passage's score.
func DocRanking(ps []retrieval.Passage) (docs []string, scores []float64) {
	seen := make(map[string]bool, len(ps))
	for _, p := range ps {
		d := p.Citation.DocID
		if seen[d] {
			continue
		}
		seen[d] = true
		docs = append(docs, d)
		scores = append(scores, p.Score)
	}
	return docs, scores
}

// gain is the graded gain of score.py and BEIR's pytrec_eval runs: 2^rel − 1 (equal to
// trec_eval's gain = rel for binary judgments).
func gain(rel int) float64 {
	if rel <= 0 {
		return 0
	}
	return math.Exp2(float64(rel)) - 1
}

// NDCG is nDCG@k of a document ranking against one query's judgments: DCG with gain
// 2^rel−1 and discount log2(rank+1), over the ideal ordering of all judged grades.
// A query without relevant documents scores 0.
func NDCG(ranked []string, rel map[string]int, k int) float64 {
	var dcg float64
	for i, d := range ranked[:min(k, len(ranked))] {
		dcg += gain(rel[d]) / math.Log2(float64(i+2))
	}
	grades := make([]int, 0, len(rel))
	for _, g := range rel {
		grades = append(grades, g)
	}
	slices.Sort(grades)
	slices.Reverse(grades)
	var idcg float64
	for i, g := range grades[:min(k, len(grades))] {
		idcg += gain(g) / math.Log2(float64(i+2))
	}
	if idcg == 0 {
		return 0
	}
	return dcg / idcg
}

// Recall is recall@k: the share of relevant documents (grade ≥ 1) in the top k.
func Recall(ranked []string, rel map[string]int, k int) float64 {
	n := relevant(rel)
	if n == 0 {
		return 0
	}
	found := 0
	for _, d := range ranked[:min(k, len(ranked))] {
		if rel[d] > 0 {
			found++
		}
	}
	return float64(found) / float64(n)
}

// ReciprocalRank is 1/rank of the first relevant document within the top k, or 0.
func ReciprocalRank(ranked []string, rel map[string]int, k int) float64 {
	for i, d := range ranked[:min(k, len(ranked))] {
		if rel[d] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}

func relevant(rel map[string]int) int {
	n := 0
	for _, g := range rel {
		if g > 0 {
			n++
		}
	}
	return n
}

// Percentile is the nearest-rank p-th percentile (0 < p ≤ 100) of ds; 0 for none.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}
