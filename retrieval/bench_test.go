package retrieval

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

// Benchmarks. Reproduce with
//
//	go test -run '^$' -bench . -benchtime 1x ./retrieval      (indexing, cold start)
//	go test -run '^$' -bench 'Answer|Memory' ./retrieval       (latency, memory)
//
// The generated corpus is deterministic: the same seed gives the same passages.

const benchPassages = 30_000

func quiet() Options { return Options{Logger: slog.New(slog.DiscardHandler)} }

// BenchmarkIndex30k builds a persistent index of 30,000 generated passages.
func BenchmarkIndex30k(b *testing.B) {
	c := benchCorpus(benchPassages)
	b.ResetTimer()
	start, cpu0 := time.Now(), testkit.CPUTime()
	for b.Loop() {
		ix, err := Open(context.Background(), b.TempDir(), c, quiet())
		if err != nil {
			b.Fatal(err)
		}
		_ = ix.Close()
	}
	n := float64(b.N * len(c.Passages))
	b.ReportMetric(n/time.Since(start).Seconds(), "passages/s")
	// CPU time is what indexing costs however busy the machine is
	b.ReportMetric(n/(testkit.CPUTime()-cpu0).Seconds(), "passages/cpu-s")
}

// BenchmarkUpdate30k measures taking one changed passage into the persistent index of
// 30,000 generated passages: the bleve update, the analysis updated, both saved.
func BenchmarkUpdate30k(b *testing.B) {
	base := benchCorpus(benchPassages)
	dir := b.TempDir()
	ix, err := Open(context.Background(), dir, base, quiet())
	if err != nil {
		b.Fatal(err)
	}
	_ = ix.Close()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		c := *base
		c.Passages = slices.Clone(base.Passages)
		c.Passages[i%len(c.Passages)].Text += " An added sentence about the harbour."
		c.Fingerprint = fmt.Sprintf("bench-update-%d", i)
		b.StartTimer()
		ix, err := Open(context.Background(), dir, &c, quiet())
		if err != nil {
			b.Fatal(err)
		}
		if s := ix.Stats(); s.Reason != "updated" {
			b.Fatalf("Stats = %+v; want updated", s)
		}
		_ = ix.Close()
	}
}

// BenchmarkAnswer30k measures answer latency on 30,000 generated passages.
func BenchmarkAnswer30k(b *testing.B) {
	c := benchCorpus(benchPassages)
	ix, err := Open(context.Background(), b.TempDir(), c, quiet())
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	benchAnswer(b, ix, benchQuestions(c, 500))
}

// benchAnswer answers qs round robin and reports the median and 99th percentile.
func benchAnswer(b *testing.B, ix *Index, qs []string) { benchAnswerAs(b, ix, qs, Query{}) }

// benchAnswerAs is benchAnswer with the options of like (K, NoMatches, ...).
func benchAnswerAs(b *testing.B, ix *Index, qs []string, like Query) {
	ctx := context.Background()
	testkit.RunQueries(b, qs, func(text string) error {
		q := like
		q.Text = text
		_, err := ix.Answer(ctx, q)
		return err
	})
}

func bundledCorpus(b testing.TB) *corpus.Corpus {
	c, err := corpus.Load(context.Background(), corpus.Bundled(), corpus.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

var bundledQuestions = []string{
	"What did the mine action agency do in Afghanistan?", "Who is the author of the essay?",
	"How long did the war last?", "Which drone did the president pose with?",
	"When did the embassy open?", "What is the capital of Peru?",
}

// BenchmarkColdStartBundled measures a cold start in a new process: loading the bundled
// corpus, opening its index and answering one question. "fresh" builds the index,
// "reuse" finds it built. The time includes starting the test binary.
func BenchmarkColdStartBundled(b *testing.B) {
	for _, mode := range []string{"fresh", "reuse"} {
		b.Run(mode, func(b *testing.B) {
			dir := b.TempDir()
			if mode == "reuse" {
				coldStart(b, dir)
			}
			var total, cpu time.Duration
			for b.Loop() {
				d := dir
				if mode == "fresh" {
					d = b.TempDir()
				}
				wall, c := coldStart(b, d)
				total += wall
				cpu += c
			}
			b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/start")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/start")
		})
	}
}

// coldStart runs TestColdStartHelper in a new process with the index in dir and returns
// the wall-clock and CPU time it took.
func coldStart(b *testing.B, dir string) (wall, cpu time.Duration) {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestColdStartHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), "DOCENT_COLD_START_DIR="+dir)
	t := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(t)
	if err != nil || !strings.Contains(string(out), "PASS") {
		b.Fatalf("cold start: %v\n%s", err, out)
	}
	return d, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// TestColdStartHelper is BenchmarkColdStartBundled's child process; it does nothing
// unless DOCENT_COLD_START_DIR is set.
func TestColdStartHelper(t *testing.T) {
	dir := os.Getenv("DOCENT_COLD_START_DIR")
	if dir == "" {
		t.Skip("runs only as BenchmarkColdStartBundled's child")
	}
	ctx := context.Background()
	c, err := corpus.Load(ctx, corpus.Bundled(), corpus.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, dir, c, quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Answer(ctx, Query{Text: bundledQuestions[0]}); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkAnswerBundled measures answer latency on the bundled corpus.
func BenchmarkAnswerBundled(b *testing.B) {
	ix, err := Open(context.Background(), b.TempDir(), bundledCorpus(b), quiet())
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	benchAnswer(b, ix, bundledQuestions)
}

// BenchmarkMemoryBundled reports the live heap and the process's resident memory while
// serving the bundled corpus (after answering each question once), and how much of the
// heap loading the corpus and opening the index added to what package initialisation
// had already allocated.
func BenchmarkMemoryBundled(b *testing.B) {
	heap := func() float64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return float64(ms.HeapAlloc) / (1 << 20)
	}
	for b.Loop() {
		before := heap()
		ix, err := Open(context.Background(), b.TempDir(), bundledCorpus(b), quiet())
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range bundledQuestions {
			if _, err := ix.Answer(context.Background(), Query{Text: q}); err != nil {
				b.Fatal(err)
			}
		}
		after := heap()
		b.ReportMetric(after, "heap-MB")
		b.ReportMetric(after-before, "added-heap-MB")
		b.ReportMetric(rssMB(), "rss-MB")
		_ = ix.Close()
	}
}

// rssMB reads the resident set size of this process from /proc/self/status (0 elsewhere).
func rssMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
