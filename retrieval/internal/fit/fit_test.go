package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/docent-bot/docent/retrieval"
)

// writeFixture makes a small shared folder: a SQuAD-like corpus of five articles with
// answerable, adversarial and off-corpus questions, and a dev set on the bundled corpus.
func writeFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	corpusDir := filepath.Join(dir, "bench", "squad", "corpus")
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	topics := []struct{ name, thing, place string }{
		{"Rivers", "salmon", "Norway"}, {"Bridges", "cables", "Japan"}, {"Bakeries", "sourdough", "France"},
		{"Volcanoes", "basalt", "Iceland"}, {"Orchards", "apricots", "Armenia"},
	}
	var qs []map[string]any
	for i, tp := range topics {
		var paras []string
		for j := 1; j <= 4; j++ {
			paras = append(paras, fmt.Sprintf("In %d the %s of %s numbered %d, said surveyor %s%d, who counted them near the %s coast for the %s guild.",
				1900+10*j+i, tp.thing, tp.place, 100*j+i, tp.name, j, tp.place, strings.ToLower(tp.name)))
		}
		text := tp.name + "\n\n" + strings.Join(paras, "\n\n") + "\n"
		file := tp.name + ".txt"
		if err := os.WriteFile(filepath.Join(corpusDir, file), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		for j := 1; j <= 4; j++ {
			qs = append(qs, map[string]any{"id": fmt.Sprintf("%d-%d", i, j), "kind": "answerable", "doc": file, "paragraph": j,
				"question":  fmt.Sprintf("How many %s did surveyor %s%d count in %s?", tp.thing, tp.name, j, tp.place),
				"sentences": []string{paras[j-1]}})
		}
		qs = append(qs, map[string]any{"id": fmt.Sprintf("%d-adv", i), "kind": "adversarial", "doc": file, "paragraph": 1, "no_answer": true,
			"question": fmt.Sprintf("How many %s did the %s guild sell?", tp.thing, strings.ToLower(tp.name))})
	}
	for i, q := range []string{"Who composed the opera Turandot?", "When did the Hanseatic league dissolve?"} {
		qs = append(qs, map[string]any{"id": fmt.Sprintf("off-%d", i), "kind": "off-corpus", "doc": nil, "paragraph": nil,
			"source_doc": fmt.Sprintf("Other%d.txt", i), "no_answer": true, "question": q})
	}
	var b bytes.Buffer
	for _, q := range qs {
		line, _ := json.Marshal(q)
		b.Write(append(line, '\n'))
	}
	if err := os.WriteFile(filepath.Join(dir, "bench", "squad", "questions.jsonl"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	dev := `{"id": "d1", "question": "What did ANAMA do in Afghanistan?", "gold": [{"doc": "000_bcba7ea90fc38e5c.txt", "contains": "ANAMA"}]}
{"id": "d2", "question": "What is the boiling point of mercury?", "no_answer": true}
`
	if err := os.MkdirAll(filepath.Join(dir, "eval"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "eval", "dev.jsonl"), []byte(dev), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestFitFixture runs the whole fit, cross-validation and all, on the fixture and checks
// the report and the written defaults.
func TestFitFixture(t *testing.T) {
	if testing.Short() {
		t.Skip("fits on a fixture")
	}
	dir := writeFixture(t)
	out := filepath.Join(t.TempDir(), "params_default.go")
	var log bytes.Buffer
	err := run(context.Background(), config{shared: dir, k: 2, passes: 1, write: out, workers: 2}, &log)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	for _, want := range []string{"fold 1 of 2", "fold 2 of 2", "all folds", "answer-sentence model", "| squad |", "| squad | off-corpus |", "fitted-on / held-out"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, log.String())
		}
	}
	src, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseFile(token.NewFileSet(), out, src, 0)
	if err != nil {
		t.Fatalf("written defaults do not parse: %v\n%s", err, src)
	}
	if f.Name.Name != "rank" || !bytes.Contains(src, []byte("var defaultParams = Params{")) {
		t.Errorf("written defaults = %s; want package rank's defaultParams", src)
	}
}

// TestFitDecision checks the decision fit on separable evidence: answered questions with
// high coverage, unanswerable ones with low, and thresholds at the fixed shares.
func TestFitDecision(t *testing.T) {
	var samples []sample
	for i := range 200 {
		var x retrieval.Features
		x[0] = 0.5 + float64(i%50)/100
		samples = append(samples, sample{x: x, y: true, shown: true, set: "s", kind: kindAnswerable, weight: 1})
		var u retrieval.Features
		u[0] = float64(i%40) / 100
		samples = append(samples, sample{x: u, set: "s", kind: kindOffCorpus, weight: 1})
	}
	d := fitDecision(samples)
	if d.Weights[0] <= 0 {
		t.Errorf("weight of the separating feature = %g; want > 0", d.Weights[0])
	}
	r := rates(samples, d)
	ans, off := r[[2]string{"s", kindAnswerable}], r[[2]string{"s", kindOffCorpus}]
	if got := float64(ans.refused) / float64(ans.n); got > refuseShare+0.02 {
		t.Errorf("answerable refused %.3f; want about %.2f", got, refuseShare)
	}
	if got := float64(ans.refused+ans.hedged) / float64(ans.n); got > hedgeShare+0.03 {
		t.Errorf("answerable refused or hedged %.3f; want about %.2f", got, hedgeShare)
	}
	if off.refused+off.hedged < off.n*9/10 {
		t.Errorf("off-corpus caught %d of %d; want nearly all", off.refused+off.hedged, off.n)
	}
	if d.TopicWeights[0] <= 0 {
		t.Errorf("topic weight of the separating feature = %g; want > 0", d.TopicWeights[0])
	}
}

// TestPassageCVFixture runs the offline measure of learned re-rankings on the fixture.
func TestPassageCVFixture(t *testing.T) {
	if testing.Short() {
		t.Skip("measures on a fixture")
	}
	dir := writeFixture(t)
	cache := filepath.Join(t.TempDir(), "cands.gob")
	for range 2 { // collects, then reads the cache
		var log bytes.Buffer
		err := run(context.Background(), config{shared: dir, k: 2, workers: 2, passageCV: true, passageCache: cache}, &log)
		if err != nil {
			t.Fatalf("run: %v\n%s", err, log.String())
		}
		for _, want := range []string{"order: base", "model: all features", "blended with the ranked order", "squad ", "dev "} {
			if !strings.Contains(log.String(), want) {
				t.Errorf("report lacks %q:\n%s", want, log.String())
			}
		}
	}
}

// TestFitPassageModel fits the re-ranking model on candidates a feature separates and
// checks that it weighs that feature and ranks the gold candidates first.
func TestFitPassageModel(t *testing.T) {
	nf := len(retrieval.PassageFeatureNames)
	cov := slices.Index(retrieval.PassageFeatureNames[:], "coverage")
	var groups []passageGroup
	for i := range 60 {
		g := passageGroup{Set: "squad", Fold: i % 2}
		for c := range 5 {
			x := make([]float64, nf)
			x[cov] = 0.2 + 0.1*float64((c+i)%3)
			gold := c == i%5
			if gold {
				x[cov] = 0.9
			}
			x[0] = float64(5 - c) // a score that ranks by position
			g.X = append(g.X, x)
			g.Gold = append(g.Gold, gold)
		}
		groups = append(groups, g)
	}
	w := fitPassageModel(groups, []string{"squad"}, only(0), passageModel{lambda: 1e-3})
	if w[cov] <= 0 {
		t.Errorf("weight of the separating feature = %g; want > 0", w[cov])
	}
	for _, g := range groups {
		best, at := math.Inf(-1), -1
		for c, x := range g.X {
			var s float64
			for j := range x {
				s += w[j] * x[j]
			}
			if s > best {
				best, at = s, c
			}
		}
		if !g.Gold[at] {
			t.Errorf("fold %d: first candidate %d is not gold", g.Fold, at)
		}
	}
}
