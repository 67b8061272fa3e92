package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/docent-bot/docent/corpus"
)

// beirDir is a BEIR folder (corpus.jsonl, queries*.jsonl) for the benchmarks below,
// named by DOCENT_BENCH_BEIR; they skip without it, so no test needs the data.
func beirDir(b *testing.B) string {
	dir := os.Getenv("DOCENT_BENCH_BEIR")
	if dir == "" {
		b.Skip("set DOCENT_BENCH_BEIR to a BEIR folder such as ../shared/bench/scifact")
	}
	return dir
}

func beirCorpus(b *testing.B, dir string) *corpus.Corpus {
	c, err := corpus.LoadDir(context.Background(), dir, corpus.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// beirQueries reads the text of every query in dir's queries*.jsonl files.
func beirQueries(b *testing.B, dir string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "queries*.jsonl"))
	var qs []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var q struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &q) == nil && q.Text != "" {
				qs = append(qs, q.Text)
			}
		}
		f.Close()
	}
	if len(qs) == 0 {
		b.Fatalf("no queries in %s", dir)
	}
	return qs
}

// BenchmarkIndexBEIR builds a persistent index of a BEIR corpus.
func BenchmarkIndexBEIR(b *testing.B) {
	c := beirCorpus(b, beirDir(b))
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for b.Loop() {
		ix, err := Open(context.Background(), b.TempDir(), c, quiet())
		if err != nil {
			b.Fatal(err)
		}
		_ = ix.Close()
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(b.N), "ms/build")
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/build")
}

// BenchmarkAnswerBEIR answers a BEIR collection's queries with K=100 and no highlights,
// documents ranked (OnePerDocument), as docent eval --beir asks them.
func BenchmarkAnswerBEIR(b *testing.B) {
	dir := beirDir(b)
	ix, err := Open(context.Background(), b.TempDir(), beirCorpus(b, dir), quiet())
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	benchAnswerAs(b, ix, beirQueries(b, dir), Query{K: MaxK, NoMatches: true, OnePerDocument: true})
}
