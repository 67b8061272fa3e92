package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/docent-bot/docent/retrieval"
)

// answerFunc adapts a function to answerer, for the stream contract's edge cases.
type answerFunc func(ctx context.Context, q retrieval.Query) (retrieval.Result, error)

func (f answerFunc) Answer(ctx context.Context, q retrieval.Query) (retrieval.Result, error) {
	return f(ctx, q)
}

func TestAskStream(t *testing.T) {
	ix := answerFunc(func(ctx context.Context, q retrieval.Query) (retrieval.Result, error) {
		switch {
		case strings.TrimSpace(q.Text) == "":
			return retrieval.Result{}, &retrieval.QueryError{Reason: "Ask a question."}
		case q.Text == "boom":
			return retrieval.Result{}, errors.New("index on fire")
		}
		res := sampleResult()
		res.Passages = res.Passages[:min(q.K, len(res.Passages))]
		return res, nil
	})
	in := "What did ANAMA do?\n\nboom\r\nWho?\n"
	var out bytes.Buffer
	m := &Main{Stdin: strings.NewReader(in), Stdout: &out}
	err := ask(context.Background(), m, ix, askOptions{json: true, question: "-", query: retrieval.Query{K: 2}})
	if err == nil || !strings.Contains(err.Error(), "could not answer 1 of 4 questions") {
		t.Errorf("ask(stream with an internal error) = %v; want the count of failures", err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("ask printed %d lines for 4 questions:\n%s", len(lines), out.String())
	}
	wantErr := []string{"", "Ask a question.", "could not answer: index on fire", ""}
	wantQ := []string{"What did ANAMA do?", "", "boom", "Who?"}
	for i, l := range lines {
		var a jsonAnswer
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, l)
		}
		if a.Error != wantErr[i] || a.Question != wantQ[i] {
			t.Errorf("line %d: question %q error %q; want %q, %q", i+1, a.Question, a.Error, wantQ[i], wantErr[i])
		}
		if a.Error == "" && len(a.Passages) != 2 {
			t.Errorf("line %d: %d passages; want 2 (k)", i+1, len(a.Passages))
		}
		if a.Error != "" && (!a.NoAnswer || a.Passages == nil || len(a.Passages) != 0) {
			t.Errorf("line %d: error line %s; want no_answer and an empty passage list", i+1, l)
		}
	}
}

func TestAskOneQueryError(t *testing.T) {
	ix := answerFunc(func(ctx context.Context, q retrieval.Query) (retrieval.Result, error) {
		return retrieval.Result{}, &retrieval.QueryError{Reason: "Your question is too long."}
	})
	var out bytes.Buffer
	m := &Main{Stdout: &out}
	err := ask(context.Background(), m, ix, askOptions{question: "long"})
	var qe *retrieval.QueryError
	if !errors.As(err, &qe) || out.Len() != 0 {
		t.Errorf("ask(bad question) = %v, printed %q; want the QueryError and nothing printed", err, out.String())
	}
	var stderr bytes.Buffer
	if code := exitCode(&stderr, err); code != 1 || stderr.String() != "docent: Your question is too long.\n" {
		t.Errorf("exitCode = %d, %q; want 1 and the reason", code, stderr.String())
	}
}

func TestAskStreamInterrupted(t *testing.T) {
	pr, pw := io.Pipe() // a terminal nobody types into
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var out discordtest.LogBuffer
	m := &Main{Stdin: pr, Stdout: &out}
	done := make(chan error)
	go func() {
		done <- ask(ctx, m, answerFunc(func(ctx context.Context, q retrieval.Query) (retrieval.Result, error) {
			return sampleResult(), nil
		}), askOptions{json: true, question: "-"})
	}()
	pw.Write([]byte("first question\n"))
	for !strings.Contains(out.String(), "first question") {
		runtime.Gosched()
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("ask after cancel = %v; want context.Canceled", err)
	}
}

func TestAskStreamLineTooLong(t *testing.T) {
	var out bytes.Buffer
	m := &Main{Stdin: strings.NewReader("ok\n" + strings.Repeat("x", 2<<20) + "\n"), Stdout: &out}
	err := ask(context.Background(), m, answerFunc(func(ctx context.Context, q retrieval.Query) (retrieval.Result, error) {
		return sampleResult(), nil
	}), askOptions{json: true, question: "-"})
	if err == nil || !strings.Contains(err.Error(), "read questions from stdin") || strings.Count(out.String(), "\n") != 1 {
		t.Errorf("ask with a 2 MB line = %v after %q; want one answer, then a read error", err, out.String())
	}
}
