package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
)

// BenchmarkAskJSON measures one question of `docent ask --json -` on the bundled corpus,
// index open: answering plus encoding the line.
func BenchmarkAskJSON(b *testing.B) {
	benchmarkAsk(b, true)
}

// BenchmarkAskText is the same with the text rendering (wrapping, citations).
func BenchmarkAskText(b *testing.B) {
	benchmarkAsk(b, false)
}

func benchmarkAsk(b *testing.B, asJSON bool) {
	ctx := context.Background()
	m := &Main{Env: map[string]string{}, Stdout: io.Discard, Logger: slog.New(slog.DiscardHandler)}
	b.Cleanup(func() { m.Close() })
	cfg, _ := loadConfig(m.Env)
	ix, err := m.openIndexOf(ctx, "", mustBundled(b, m, cfg), cfg, m.Logger)
	if err != nil {
		b.Fatal(err)
	}
	questions := []string{
		"What did ANAMA do in Afghanistan?",
		"When did Israel open its embassy in Baku?",
		"Why is Azerbaijan moving closer to Israel?",
		"What is the capital of Peru?",
	}
	for i := 0; b.Loop(); i++ {
		m.Stdin = strings.NewReader(questions[i%len(questions)] + "\n")
		if err := ask(ctx, m, ix, askOptions{json: asJSON, question: "-", query: retrieval.Query{K: 3}}); err != nil {
			b.Fatal(err)
		}
	}
}

func mustBundled(tb testing.TB, m *Main, cfg Config) *corpus.Corpus {
	tb.Helper()
	c, err := m.openCorpus(context.Background(), cfg, m.Logger)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}
