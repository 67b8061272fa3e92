package analysis_test

// The answer-type experiment on SQuAD: within each question's gold paragraph, does
// TypeMatch and Novelty move the gold sentence to the top, over idf-weighted coverage of
// the question's terms alone? Weights are fitted by grid with 5-fold cross-validation by
// article. Run (a few seconds):
//
//	DOCENT_SQUAD=../../../shared/bench/squad go test -run TestAnswerTypesSQuAD -v ./retrieval/analysis

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
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
	typ, nov float64 // the type feature and novelty under test
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

	for _, v := range []struct {
		name string
		typ  func(analysis.Features) float64
		nov  bool
	}{
		{"TypeMatch (near question words)", func(f analysis.Features) float64 { return f.TypeMatch }, true},
		{"TypePresent (anywhere)", func(f analysis.Features) float64 { return f.TypePresent }, true},
		{"Novelty only", func(analysis.Features) float64 { return 0 }, true},
	} {
		for _, q := range qs {
			for k := range q.cands {
				c := &q.cands[k]
				c.typ, c.nov = v.typ(c.f), c.f.Novelty
			}
		}
		base := precisionAt1(qs, featureWeights{}, nil)
		all := fitWeights(qs, nil, false)
		heldOut, trainMean := crossValidate(qs, false)
		t.Logf("%s + Novelty: baseline P@1 %.4f; fitted on all %.4f (type %.2f, novelty %.2f); 5-fold by article: train %.4f, held-out %.4f",
			v.name, base, precisionAt1(qs, all, nil), all.typ[0], all.nov, trainMean, heldOut)
		all = fitWeights(qs, nil, true)
		heldOut, trainMean = crossValidate(qs, true)
		t.Logf("  with a type weight per answer type: fitted on all %.4f (%v); train %.4f, held-out %.4f",
			precisionAt1(qs, all, nil), all, trainMean, heldOut)
		logPerType(t, qs, all)
	}
}

// featureWeights weigh TypeMatch (one weight per answer type) and Novelty.
type featureWeights struct {
	typ [analysis.List + 1]float64
	nov float64
}

func (w featureWeights) String() string {
	s := ""
	for at, x := range w.typ {
		if x != 0 {
			s += fmt.Sprintf("%s %.2f ", analysis.AnswerType(at), x)
		}
	}
	return s + fmt.Sprintf("novelty %.2f", w.nov)
}

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
// best-scoring sentence (coverage + weighted features) is gold; a tie goes to the earlier
// sentence.
func precisionAt1(qs []measuredQuestion, w featureWeights, keep func(measuredQuestion) bool) float64 {
	hits, n := 0, 0
	for _, q := range qs {
		if keep != nil && !keep(q) || len(q.cands) == 0 {
			continue
		}
		n++
		wt := w.typ[q.t]
		best, bestScore := 0, -1.0
		for i, c := range q.cands {
			if s := c.coverage + wt*c.typ + w.nov*c.nov; s > bestScore {
				best, bestScore = i, s
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

// grid is the values a weight is searched over; negative novelty would mean that echoing
// the question helps beyond coverage.
var grid = struct{ typ, nov []float64 }{steps(0, 0.6, 0.05), steps(-0.2, 0.4, 0.05)}

func steps(from, to, by float64) []float64 {
	var xs []float64
	for k := 0; from+float64(k)*by <= to+1e-9; k++ {
		xs = append(xs, math.Round((from+float64(k)*by)*100)/100)
	}
	return xs
}

// fitWeights searches the grid for the weights with the best P@1 on the kept questions;
// among equals the first (smallest) wins, so nothing is added that does not help. With
// perType each answer type's weight is fitted on its own questions (they are separable),
// novelty held at 0.
func fitWeights(qs []measuredQuestion, keep func(measuredQuestion) bool, perType bool) featureWeights {
	var best featureWeights
	if perType {
		for at := range best.typ {
			ofType := func(q measuredQuestion) bool { return q.t == analysis.AnswerType(at) && (keep == nil || keep(q)) }
			bestP := -1.0
			for _, x := range grid.typ {
				var w featureWeights
				w.typ[at] = x
				if p := precisionAt1(qs, w, ofType); p > bestP+1e-9 {
					best.typ[at], bestP = x, p
				}
			}
		}
		return best
	}
	bestP := -1.0
	for _, x := range grid.typ {
		for _, nov := range grid.nov {
			w := featureWeights{nov: nov}
			for at := range w.typ {
				w.typ[at] = x
			}
			if p := precisionAt1(qs, w, keep); p > bestP+1e-9 || p > bestP-1e-9 && abs(nov) < abs(best.nov) {
				best, bestP = w, p
			}
		}
	}
	return best
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// crossValidate fits on four folds of articles and measures on the fifth (fold = the
// article's index in the sorted article list mod 5); it returns the held-out P@1 pooled
// over all questions and the mean P@1 on the training folds.
func crossValidate(qs []measuredQuestion, perType bool) (heldOut, trainMean float64) {
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
		w := fitWeights(qs, train, perType)
		trainMean += precisionAt1(qs, w, train) / 5
		n := 0
		for _, q := range qs {
			if test(q) {
				n++
			}
		}
		hits += precisionAt1(qs, w, test) * float64(n)
	}
	return hits / float64(len(qs)), trainMean
}

func logPerType(t *testing.T, qs []measuredQuestion, w featureWeights) {
	for at := analysis.Other; at <= analysis.List; at++ {
		keep := func(q measuredQuestion) bool { return q.t == at }
		n := 0
		for _, q := range qs {
			if keep(q) {
				n++
			}
		}
		if n > 0 {
			t.Logf("    %-12s %4d questions: baseline %.3f, with features %.3f", at, n,
				precisionAt1(qs, featureWeights{}, keep), precisionAt1(qs, w, keep))
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

// readJSONL reads one JSON value per line of path.
func readJSONL[T any](tb testing.TB, path string) []T {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var out []T
	for n, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			tb.Fatalf("%s:%d: %v", path, n+1, err)
		}
		out = append(out, v)
	}
	return out
}
