package eval

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
)

func p(doc, text string) retrieval.Passage {
	return retrieval.Passage{Text: text, Citation: corpus.Citation{DocID: doc}}
}

// fakeAnswers answers from a table; a missing question is a test bug.
func fakeAnswers(t *testing.T, table map[string]retrieval.Result, errs map[string]error) AnswerFunc {
	return func(ctx context.Context, q string) (retrieval.Result, error) {
		if err, ok := errs[q]; ok {
			return retrieval.Result{}, err
		}
		r, ok := table[q]
		if !ok {
			t.Fatalf("unexpected question %q", q)
		}
		return r, nil
	}
}

func TestEvaluate(t *testing.T) {
	qs, err := ParseQuestions(strings.NewReader(`
{"id":"a1","question":"q a1","gold":[{"doc":"d1.txt","contains":"Mine Action"}]}
{"id":"a2","question":"q a2","gold":[{"doc":"d2.txt","contains":"post-Soviet  states"}]}
{"id":"a3","question":"q a3","gold":[{"doc":"d3.txt","contains":"x"},{"doc":"d4.txt","contains":"Azerbaijan's"}]}
{"id":"a4","question":"q a4","gold":[{"doc":"d1.txt","contains":"absent"}]}
{"id":"a5","question":"q a5","gold":[{"doc":"d1.txt","contains":"first"}],"forbid":["secret"]}
{"id":"u1","question":"q u1","no_answer":true}
{"id":"u2","question":"q u2","no_answer":true,"forbid":["Secret"]}
{"id":"u3","question":"q u3","no_answer":true}
`))
	if err != nil {
		t.Fatal(err)
	}
	table := map[string]retrieval.Result{
		// gold at rank 1
		"q a1": {Passages: []retrieval.Passage{p("d1.txt", "the mine action agency"), p("d2.txt", "x")}},
		// gold at rank 2 after normalisation (U+2011 dash, folded space); rank 1 is the
		// right text in the wrong document
		"q a2": {Passages: []retrieval.Passage{p("d9.txt", "post-Soviet states"), p("d2.txt", "the POST\u2011Soviet\nstates")}},
		// second gold at rank 4, doc given with a folder
		"q a3": {Passages: []retrieval.Passage{p("d9.txt", "x"), p("d9.txt", "x"), p("d9.txt", "x"), p("sub/d4.txt", "Azerbaijan\u2019s army")}},
		// gold only at rank 6: a miss
		"q a4": {Passages: []retrieval.Passage{p("d9.txt", ""), p("d9.txt", ""), p("d9.txt", ""), p("d9.txt", ""), p("d9.txt", ""), p("d1.txt", "absent")}},
		// refused although the gold passage is first: a hit and a false no-answer; one leak
		"q a5": {NoAnswer: true, Passages: []retrieval.Passage{p("d1.txt", "the first secret")}},
		"q u1": {NoAnswer: true, Passages: []retrieval.Passage{p("d1.txt", "x")}},
		"q u2": {Passages: []retrieval.Passage{p("d1.txt", "a SECRET"), p("d2.txt", "secret again")}},
	}
	errs := map[string]error{"q u3": &retrieval.QueryError{Reason: "only stop words"}}
	rep, err := Evaluate(context.Background(), qs, fakeAnswers(t, table, errs))
	if err != nil {
		t.Fatal(err)
	}
	// Hand-computed: ranks 1, 2, 4, miss, 1 over 5 answerable questions.
	want := "n=8 hit@1=0.400 hit@3=0.600 hit@5=0.800 mrr@5=0.550 noans=2/3 caught=2/3 false_noans=1/5 hedged=0/5 leaks=3"
	if got := rep.Summary(); got != want {
		t.Errorf("Summary() = %q; want %q", got, want)
	}
	if got, want := rep.MissesLine(), "misses: a4"; got != want {
		t.Errorf("MissesLine() = %q; want %q", got, want)
	}
	if got := rep.NoAnswerAccuracy(); !near(got, 2.0/3) {
		t.Errorf("NoAnswerAccuracy() = %v; want %v", got, 2.0/3)
	}
	ranks := map[string]int{"a1": 1, "a2": 2, "a3": 4, "a4": 0, "a5": 1}
	for _, o := range rep.Outcomes {
		if r, ok := ranks[o.ID]; ok && o.Rank != r {
			t.Errorf("outcome %s rank = %d; want %d", o.ID, o.Rank, r)
		}
	}
	if o := rep.Outcomes[7]; !o.NoAnswer || !o.Correct || o.Err == "" {
		t.Errorf("outcome u3 = %+v; want a refusal with the query error", o)
	}
}

func TestEvaluateStopsOnError(t *testing.T) {
	qs := []Question{{ID: "a", Question: "boom", NoAnswer: true}}
	boom := errors.New("index closed")
	_, err := Evaluate(context.Background(), qs, fakeAnswers(t, nil, map[string]error{"boom": boom}))
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "question a") {
		t.Errorf("Evaluate error = %v; want it to wrap %v and name the question", err, boom)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Evaluate(ctx, qs, fakeAnswers(t, nil, nil)); !errors.Is(err, context.Canceled) {
		t.Errorf("Evaluate(cancelled) error = %v; want context.Canceled", err)
	}
}

func TestParseQuestionsErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"bad json", "{\"id\":\"a\",\"question\":\"q\",\"no_answer\":true}\n{oops\n", "line 2: not valid JSON"},
		{"missing id", `{"question":"q","no_answer":true}`, `line 1: missing "id"`},
		{"missing question", `{"id":"a","no_answer":true}`, `line 1: question a: missing "question"`},
		{"no gold", `{"id":"a","question":"q"}`, `needs "gold" answers or "no_answer": true`},
		{"both", `{"id":"a","question":"q","no_answer":true,"gold":[{"doc":"d","contains":"c"}]}`, `both "gold" and "no_answer"`},
		{"empty gold", `{"id":"a","question":"q","gold":[{"doc":"d"}]}`, `gold 1 needs "doc" and "contains"`},
		{"wrong type", `{"id":1,"question":"q","no_answer":true}`, "line 1: not a question object"},
		{"duplicate id", "{\"id\":\"a\",\"question\":\"q\",\"no_answer\":true}\n\n{\"id\":\"a\",\"question\":\"r\",\"no_answer\":true}", `line 3: id "a" already used on line 1`},
		{"empty", "\n  \n", "no questions in file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseQuestions(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseQuestions(%q) error = %v; want it to contain %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestReadQuestionsDevFormat(t *testing.T) {
	qs, err := ReadQuestions("testdata/questions.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 3 || !qs[0].Answerable() || qs[2].Answerable() || !qs[2].NoAnswer {
		t.Errorf("ReadQuestions = %+v; want two answerable questions and one without answer", qs)
	}
	if _, err := ReadQuestions("testdata/missing.jsonl"); err == nil {
		t.Error("ReadQuestions(missing file) succeeded; want an error")
	}
}

// TestEvaluateHedged checks that a hedged answer still counts for hit@k, is counted as
// hedged, and catches an unanswerable question without being a refusal.
func TestEvaluateHedged(t *testing.T) {
	qs, err := ParseQuestions(strings.NewReader(`
{"id":"a1","question":"q a1","gold":[{"doc":"d1.txt","contains":"Mine Action"}]}
{"id":"u1","question":"q u1","no_answer":true}
`))
	if err != nil {
		t.Fatal(err)
	}
	p := retrieval.Passage{Text: "the Mine Action agency", Citation: corpus.Citation{DocID: "d1.txt"}}
	table := map[string]retrieval.Result{
		"q a1": {Hedged: true, Passages: []retrieval.Passage{p}},
		"q u1": {Hedged: true, Passages: []retrieval.Passage{p}},
	}
	rep, err := Evaluate(context.Background(), qs, fakeAnswers(t, table, nil))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Hit1 != 1 || rep.Hedged != 1 || rep.Caught != 1 || rep.NoAnswerOK != 0 || rep.FalseNoAnswers != 0 {
		t.Errorf("Evaluate = %s; want hit@1 1, one hedged answer, one caught without a refusal", rep.Summary())
	}
}
