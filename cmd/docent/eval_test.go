package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEvalQuestions(t *testing.T) {
	r := runDocent(t, nil, "", "eval", "testdata/questions.jsonl")
	if r.code != 0 {
		t.Fatalf("eval exited %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"questions                   3 (2 answerable, 1 without an answer)",
		"hit@1", "hit@3", "hit@5", "MRR@5", "no-answer accuracy", "false no-answers",
		"\nsummary: n=3 hit@1=",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("eval stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "hit@5=1.000") || !strings.Contains(r.stdout, "noans=1/1") {
		t.Errorf("eval of easy questions on the bundled corpus: %s", r.stdout)
	}
	r = runDocent(t, nil, "", "eval", "-q", "testdata/questions.jsonl")
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "summary: ") {
		t.Errorf("eval -q printed %q; want the summary line alone", r.stdout)
	}
}

func TestEvalBEIR(t *testing.T) {
	run := filepath.Join(t.TempDir(), "run.trec")
	r := runDocent(t, nil, "", "eval", "--beir", "testdata/beir", "--run", run)
	if r.code != 0 {
		t.Fatalf("eval --beir exited %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"5 documents", "3 judged (1 without judgments skipped", "index time", "nDCG@10", "recall@100",
		"MRR@10", "latency     p50 ", "summary: queries=3 ndcg@10="} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("eval --beir stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	data, err := os.ReadFile(run)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if f := strings.Fields(lines[0]); len(f) != 6 || f[0] != "q1" || f[1] != "Q0" || f[2] != "d1" || f[3] != "1" || f[5] != "docent" {
		t.Errorf("run file line 1 = %q; want q1 Q0 d1 1 <score> docent", lines[0])
	}
	// The same collection given file by file, the corpus as a file of its own.
	r = runDocent(t, nil, "", "eval", "-q", "--queries", "testdata/beir/queries.jsonl", "--qrels", "testdata/beir/qrels/test.tsv",
		"--corpus", "testdata/beir/corpus.jsonl")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "summary: queries=3 ") {
		t.Errorf("eval --queries --qrels --corpus = %d, %q, %q", r.code, r.stdout, r.stderr)
	}
}

func TestEvalUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"eval"}, 2, "give one question file"},
		{[]string{"eval", "a.jsonl", "b.jsonl"}, 2, "give one question file"},
		{[]string{"eval", "--k", "101", "a.jsonl"}, 2, "--k must be between 1 and 100"},
		{[]string{"eval", "--beir", "testdata/beir", "a.jsonl"}, 2, "not both"},
		{[]string{"eval", "--queries", "q.jsonl"}, 2, "give all of --queries, --qrels and --corpus"},
		{[]string{"eval", "--run", "x", "a.jsonl"}, 2, "--run and --split need --beir"},
		{[]string{"eval", "testdata/missing.jsonl"}, 1, "missing.jsonl"},
		{[]string{"eval", "testdata/extract/seals.jsonl"}, 1, "line 1"},
		{[]string{"eval", "--beir", "testdata/extract"}, 1, "no corpus.jsonl"},
	}
	for _, tt := range tests {
		r := runDocent(t, nil, "", tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.msg) {
			t.Errorf("docent %q = %d, %q; want %d and %q", tt.args, r.code, r.stderr, tt.code, tt.msg)
		}
	}
}
