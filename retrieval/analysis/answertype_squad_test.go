package analysis_test

// The answer-type experiment on SQuAD: within each question's gold paragraph, does
// TypeMatch and Novelty move the gold sentence to the top, over idf-weighted coverage of
// the question's terms alone? Weights are fitted by grid with 5-fold cross-validation by
// article. Run (a few seconds):
//
//	DOCENT_SQUAD=../../../shared/bench/squad go test -run TestAnswerTypesSQuAD -v ./retrieval/analysis

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/docent-bot/docent/retrieval/analysis"
)

type squadQuestion struct {
	ID        string `json:"id"`
	Question  string `json:"question"`
	Kind      string `json:"kind"`
	Doc       string `json:"doc"`
	Paragraph int    `json:"paragraph"`
	SentIdx   []int  `json:"sentence_idx"`
}

type squadSentence struct {
	Doc       string `json:"doc"`
	Paragraph int    `json:"paragraph"`
	Sent      int    `json:"sent"`
	Text      string `json:"text"`
}

// sentenceCandidate is one sentence of a question's gold paragraph, measuredQuestion once.
type sentenceCandidate struct {
	coverage float64
	f        analysis.Features
	gold     bool
}

type measuredQuestion struct {
	doc   string
	t     analysis.AnswerType
	cands []sentenceCandidate
}

func TestAnswerTypesSQuAD(t *testing.T) {
	dir := os.Getenv("DOCENT_SQUAD")
	if dir == "" {
		t.Skip("set DOCENT_SQUAD to ../../../shared/bench/squad to run the answer-type experiment")
	}
	if _, err := os.Stat(filepath.Join(dir, "questions.jsonl")); err != nil {
		t.Skipf("no SQuAD folder at %s", dir)
	}
	questions := readJSONL[squadQuestion](t, filepath.Join(dir, "questions.jsonl"))
	sentences := readJSONL[squadSentence](t, filepath.Join(dir, "sentences.jsonl"))
	qs := measureSQuAD(questions, sentences)
	t.Logf("%d answerable questions, %d sentences", len(qs), len(sentences))
	t.Logf("question types on SQuAD: %s", typeCounts(qs))

	var zero = func(analysis.Features) float64 { return 0 }
	for _, v := range []struct {
		name       string
		typeF, nov func(analysis.Features) float64
	}{
		{"TypeMatch (near) + Novelty", func(f analysis.Features) float64 { return f.TypeMatch }, func(f analysis.Features) float64 { return f.Novelty }},
		{"TypePresent (anywhere) + Novelty", func(f analysis.Features) float64 { return f.TypePresent }, func(f analysis.Features) float64 { return f.Novelty }},
		{"TypeMatch only", func(f analysis.Features) float64 { return f.TypeMatch }, zero},
		{"Novelty only", zero, func(f analysis.Features) float64 { return f.Novelty }},
	} {
		score := func(c sentenceCandidate, w featureWeights) float64 {
			return c.coverage + w.typ*v.typeF(c.f) + w.nov*v.nov(c.f)
		}
		base := precisionAt1(qs, featureWeights{}, score, nil)
		all := fitWeights(qs, score, nil)
		fitted := precisionAt1(qs, all, score, nil)
		heldOut, trainMean := crossValidate(qs, score)
		t.Logf("%s: baseline P@1 %.4f; fitted on all %.4f (typ %.2f, nov %.2f); 5-fold by article: train %.4f, held-out %.4f",
			v.name, base, fitted, all.typ, all.nov, trainMean, heldOut)
		if v.name == "TypeMatch (near) + Novelty" {
			logPerType(t, qs, all, score)
		}
	}
}

type featureWeights struct{ typ, nov float64 }

// measureSQuAD measures every sentence of each answerable question's gold paragraph, with
// idf over all sentences of the corpus.
func measureSQuAD(questions []squadQuestion, sentences []squadSentence) []measuredQuestion {
	df := map[string]int{}
	paragraphs := map[string][]squadSentence{}
	for _, s := range sentences {
		seen := map[string]bool{}
		for _, tok := range analysis.Tokens(s.Text) {
			if !seen[tok.Term] {
				seen[tok.Term] = true
				df[tok.Term]++
			}
		}
		key := fmt.Sprintf("%s#%d", s.Doc, s.Paragraph)
		paragraphs[key] = append(paragraphs[key], s)
	}
	var out []measuredQuestion
	for _, q := range questions {
		if q.Kind != "answerable" {
			continue
		}
		terms := map[string]bool{}
		var total float64
		idf := map[string]float64{}
		for _, tok := range analysis.Tokens(q.Question) {
			if !terms[tok.Term] {
				terms[tok.Term] = true
				idf[tok.Term] = analysis.IDF(len(sentences), df[tok.Term])
				total += idf[tok.Term]
			}
		}
		gold := map[int]bool{}
		for _, i := range q.SentIdx {
			gold[i] = true
		}
		m := measuredQuestion{doc: q.Doc, t: analysis.QuestionType(q.Question)}
		for _, s := range paragraphs[fmt.Sprintf("%s#%d", q.Doc, q.Paragraph)] {
			var covered float64
			seen := map[string]bool{}
			for _, tok := range analysis.Tokens(s.Text) {
				if terms[tok.Term] && !seen[tok.Term] {
					seen[tok.Term] = true
					covered += idf[tok.Term]
				}
			}
			c := sentenceCandidate{gold: gold[s.Sent], f: analysis.AnswerFeatures(m.t, terms, s.Text)}
			if total > 0 {
				c.coverage = covered / total
			}
			m.cands = append(m.cands, c)
		}
		out = append(out, m)
	}
	return out
}

// precisionAt1 is the share of questions (those keep allows; all when nil) whose
// best-scoring sentence is gold; a tie goes to the earlier sentence.
func precisionAt1(qs []measuredQuestion, w featureWeights, score func(sentenceCandidate, featureWeights) float64, keep func(measuredQuestion) bool) float64 {
	hits, n := 0, 0
	for _, q := range qs {
		if keep != nil && !keep(q) || len(q.cands) == 0 {
			continue
		}
		n++
		best, bestScore := 0, score(q.cands[0], w)
		for i, c := range q.cands[1:] {
			if s := score(c, w); s > bestScore {
				best, bestScore = i+1, s
			}
		}
		if q.cands[best].gold {
			hits++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(hits) / float64(n)
}

// fitWeights searches a grid for the featureWeights with the best P@1 on the kept questions;
// among equals the smallest featureWeights win, so nothing is added that does not help.
func fitWeights(qs []measuredQuestion, score func(sentenceCandidate, featureWeights) float64, keep func(measuredQuestion) bool) featureWeights {
	var best featureWeights
	bestP := -1.0
	for typ := 0.0; typ <= 1.0001; typ += 0.05 {
		for nov := 0.0; nov <= 1.0001; nov += 0.05 {
			w := featureWeights{typ, nov}
			if p := precisionAt1(qs, w, score, keep); p > bestP+1e-9 {
				best, bestP = w, p
			}
		}
	}
	return best
}

// crossValidate fits on four folds of articles and measures on the fifth (fold = the
// article's index in the sorted article list mod 5); it returns the held-out P@1 pooled
// over all questions and the mean P@1 on the training folds.
func crossValidate(qs []measuredQuestion, score func(sentenceCandidate, featureWeights) float64) (heldOut, trainMean float64) {
	var articles []string
	seen := map[string]bool{}
	for _, q := range qs {
		if !seen[q.doc] {
			seen[q.doc] = true
			articles = append(articles, q.doc)
		}
	}
	sort.Strings(articles)
	fold := map[string]int{}
	for i, a := range articles {
		fold[a] = i % 5
	}
	hits := 0.0
	for k := 0; k < 5; k++ {
		train := func(q measuredQuestion) bool { return fold[q.doc] != k }
		test := func(q measuredQuestion) bool { return fold[q.doc] == k }
		w := fitWeights(qs, score, train)
		trainMean += precisionAt1(qs, w, score, train) / 5
		n := 0
		for _, q := range qs {
			if test(q) {
				n++
			}
		}
		hits += precisionAt1(qs, w, score, test) * float64(n)
	}
	return hits / float64(len(qs)), trainMean
}

func logPerType(t *testing.T, qs []measuredQuestion, w featureWeights, score func(sentenceCandidate, featureWeights) float64) {
	for at := analysis.Other; at <= analysis.List; at++ {
		keep := func(q measuredQuestion) bool { return q.t == at }
		n := 0
		for _, q := range qs {
			if keep(q) {
				n++
			}
		}
		if n > 0 {
			t.Logf("  %-12s %4d questions: baseline %.3f, with features %.3f", at, n,
				precisionAt1(qs, featureWeights{}, score, keep), precisionAt1(qs, w, score, keep))
		}
	}
}

func typeCounts(qs []measuredQuestion) string {
	counts := map[analysis.AnswerType]int{}
	for _, q := range qs {
		counts[q.t]++
	}
	return formatCounts(counts, len(qs))
}

func formatCounts(counts map[analysis.AnswerType]int, n int) string {
	s := ""
	for at := analysis.Other; at <= analysis.List; at++ {
		if counts[at] > 0 {
			s += fmt.Sprintf("%s %d (%.0f%%), ", at, counts[at], 100*float64(counts[at])/float64(n))
		}
	}
	return s
}
