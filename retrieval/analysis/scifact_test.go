package analysis_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/docent-bot/docent/retrieval/analysis"
	"github.com/docent-bot/docent/retrieval/eval"
)

// recommended is the configuration handed to the retrieval core.
var recommended = config{name: "recommended", queryTerms: true, k1: analysis.BM25K1, b: analysis.BM25B,
	rescore: analysis.RescoreDepth, rescoreK1: analysis.Rescore.K1, rescoreB: analysis.Rescore.B}

// experiments are the configurations docs/retrieval.md reports; "default" is the one
// recommended to the retrieval core.
var experiments = []config{
	recommended,
	{name: "baseline", builtinEn: true},
	{name: "docent analysis, porter"},
	{name: "snowball", opts: analysis.Options{Stemmer: analysis.Snowball}},
	{name: "no joined hyphen forms", opts: analysis.Options{NoJoined: true}},
	{name: "title field x2", titleBoost: 2},
	{name: "title field x1", titleBoost: 1},
	{name: "proximity 0.5", proximity: 0.5},
	{name: "expand 0.3", expand: 0.3},
	{name: "rm3 10/10/0.5", rm3: rm3{10, 10, 0.5}},
}

func loadBEIRDocs(tb testing.TB, dir string) []doc {
	type jdoc struct {
		ID    string `json:"_id"`
		Title string `json:"title"`
		Text  string `json:"text"`
	}
	var docs []doc
	for _, d := range readJSONL[jdoc](tb, filepath.Join(dir, "corpus.jsonl")) {
		docs = append(docs, doc{d.ID, d.Title, d.Text})
	}
	return docs
}

// TestSciFact scores every experiment on a BEIR split: DOCENT_SCIFACT names the folder,
// DOCENT_SPLIT the qrels (default "train"), DOCENT_EXPERIMENT a regexp of experiment names.
func TestSciFact(t *testing.T) {
	dir := os.Getenv("DOCENT_SCIFACT")
	if dir == "" {
		t.Skip("set DOCENT_SCIFACT to a BEIR folder to run the SciFact experiments")
	}
	split := os.Getenv("DOCENT_SPLIT")
	if split == "" {
		split = "train"
	}
	set, err := eval.LoadBEIR(eval.BEIRFiles{Dir: dir, Split: split})
	if err != nil {
		t.Fatal(err)
	}
	docs := loadBEIRDocs(t, dir)
	useIrregularTable(t)
	only := os.Getenv("DOCENT_EXPERIMENT")
	es := &engines{tb: t, docs: docs}
	for _, cfg := range append(experiments, extraExperiments()...) {
		if only != "" && !regexp.MustCompile(only).MatchString(cfg.name) {
			continue
		}
		restore := cfg.setBM25()
		e, took := es.get(cfg)
		rep, err := eval.EvaluateBEIR(context.Background(), set, dump(t, cfg, e.answer(100)), eval.BEIROptions{})
		restore()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-60s index=%6.2fs %s", cfg, took.Seconds(), rep.Summary())
	}
}
