package eval

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docent-bot/docent/retrieval"
)

func TestLoadBEIR(t *testing.T) {
	set, err := LoadBEIR(BEIRFiles{Dir: "testdata/beir"})
	if err != nil {
		t.Fatal(err)
	}
	if set.Corpus != filepath.Join("testdata/beir", "corpus.jsonl") {
		t.Errorf("Corpus = %q", set.Corpus)
	}
	if len(set.Queries) != 2 || set.Queries[0].ID != "q1" || set.Queries[1].Text != "find three" {
		t.Errorf("Queries = %+v; want q1 and q2 with new lines as spaces", set.Queries)
	}
	if set.Unjudged != 1 || set.Missing != 1 {
		t.Errorf("Unjudged, Missing = %d, %d; want 1, 1", set.Unjudged, set.Missing)
	}
	if got := set.Qrels["q2"]["d2"]; got != 1 {
		t.Errorf(`Qrels["q2"]["d2"] = %d; want 1`, got)
	}
}

func TestLoadBEIRSplits(t *testing.T) {
	tests := []struct {
		name    string
		files   BEIRFiles
		queries []string
		err     string
	}{
		{"several qrels without test", BEIRFiles{Dir: "testdata/beir2"}, nil, "choose a split"},
		{"train split, TREC qrels", BEIRFiles{Dir: "testdata/beir2", Split: "train"}, []string{"q1"}, ""},
		{"dev split", BEIRFiles{Dir: "testdata/beir2", Split: "dev"}, []string{"q2"}, ""},
		{"explicit files", BEIRFiles{Queries: "testdata/beir2/queries.dev.jsonl", Qrels: "testdata/beir2/qrels/dev.tsv"}, []string{"q2"}, ""},
		{"missing split", BEIRFiles{Dir: "testdata/beir2", Split: "test"}, nil, "test.tsv"},
		{"no folder, no queries", BEIRFiles{Qrels: "testdata/beir2/qrels/dev.tsv"}, nil, "need a folder or a queries file"},
		{"folder without corpus", BEIRFiles{Dir: "testdata"}, nil, "no corpus.jsonl"},
		{"no judged query", BEIRFiles{Queries: "testdata/beir2/queries.train.jsonl", Qrels: "testdata/beir2/qrels/dev.tsv"}, nil, "no query in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := LoadBEIR(tt.files)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("LoadBEIR(%+v) error = %v; want %q", tt.files, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, q := range set.Queries {
				ids = append(ids, q.ID)
			}
			if !equal(ids, tt.queries) {
				t.Errorf("LoadBEIR(%+v) queries = %v; want %v", tt.files, ids, tt.queries)
			}
		})
	}
}

func TestReadBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if _, err := ReadQrels(write("a.tsv", "q1\td1\t1\nq2\td2\tx\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("ReadQrels(bad score) error = %v; want line 2", err)
	}
	if _, err := ReadQrels(write("b.tsv", "q1 d1\n")); err == nil || !strings.Contains(err.Error(), "want 3 or 4 fields") {
		t.Errorf("ReadQrels(two fields) error = %v", err)
	}
	if _, err := ReadBEIRQueries(write("q.jsonl", "{\"_id\":\"1\",\"text\":\"a\"}\n\n{\"text\":\"b\"}\n")); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("ReadBEIRQueries(missing id) error = %v; want line 3", err)
	}
}

func TestEvaluateBEIR(t *testing.T) {
	set, err := LoadBEIR(BEIRFiles{Dir: "testdata/beir"})
	if err != nil {
		t.Fatal(err)
	}
	table := map[string]retrieval.Result{
		"find one":   {Passages: passages("d2", "d1", "d2")},       // relevant d1 at rank 2
		"find three": {Passages: passages("d3", "d3", "d1", "d2")}, // d3 at 1, d2 at 3 (doc ranking)
	}
	var run bytes.Buffer
	rep, err := EvaluateBEIR(context.Background(), set, fakeAnswers(t, table, nil), BEIROptions{Run: &run, Tag: "my run"})
	if err != nil {
		t.Fatal(err)
	}
	// q1: nDCG = 1/log2(3) = 0.63093, recall 1, RR 0.5.
	// q2: DCG = 1 + 1/log2(4) = 1.5, IDCG = 1 + 1/log2(3) = 1.63093 → 0.91972; recall 1; RR 1.
	wantNDCG := (0.6309297535714575 + 1.5/1.6309297535714575) / 2
	if !near(rep.NDCG10, wantNDCG) || !near(rep.Recall100, 1) || !near(rep.MRR10, 0.75) || rep.Queries != 2 {
		t.Errorf("EvaluateBEIR = %+v; want nDCG %v, recall 1, MRR 0.75 over 2 queries", rep, wantNDCG)
	}
	wantRun := `q1 Q0 d2 1 3.000000 my_run
q1 Q0 d1 2 2.000000 my_run
q2 Q0 d3 1 4.000000 my_run
q2 Q0 d1 2 2.000000 my_run
q2 Q0 d2 3 1.000000 my_run
`
	if run.String() != wantRun {
		t.Errorf("run file:\n%s\nwant:\n%s", run.String(), wantRun)
	}
	if !strings.HasPrefix(rep.Summary(), "queries=2 ndcg@10=0.7753 recall@100=1.0000 mrr@10=0.7500 p50=") {
		t.Errorf("Summary() = %q", rep.Summary())
	}
}

func TestEvaluateBEIRErrors(t *testing.T) {
	set := &BEIRSet{Queries: []BEIRQuery{{ID: "q1", Text: "the"}, {ID: "q2", Text: "boom"}}, Qrels: Qrels{"q1": {"d": 1}, "q2": {"d": 1}}}
	boom := errors.New("disk gone")
	errs := map[string]error{"the": &retrieval.QueryError{Reason: "only stop words"}, "boom": boom}
	if _, err := EvaluateBEIR(context.Background(), set, fakeAnswers(t, nil, errs), BEIROptions{}); !errors.Is(err, boom) {
		t.Errorf("EvaluateBEIR error = %v; want %v", err, boom)
	}
	set.Queries = set.Queries[:1]
	rep, err := EvaluateBEIR(context.Background(), set, fakeAnswers(t, nil, errs), BEIROptions{})
	if err != nil || rep.Rejected != 1 || rep.NDCG10 != 0 {
		t.Errorf("EvaluateBEIR(query error) = %+v, %v; want one rejected query scored 0", rep, err)
	}
	if _, err := EvaluateBEIR(context.Background(), &BEIRSet{}, nil, BEIROptions{}); err == nil {
		t.Error("EvaluateBEIR(no queries) succeeded; want an error")
	}
}
