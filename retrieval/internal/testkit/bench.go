package testkit

import (
	"bufio"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/docent-bot/docent/corpus"
)

// BEIRDir is a BEIR folder (corpus.jsonl, queries*.jsonl) for the benchmarks below,
// named by DOCENT_BENCH_BEIR; they skip without it, so no test needs the data.
func BEIRDir(b testing.TB) string {
	dir := os.Getenv("DOCENT_BENCH_BEIR")
	if dir == "" {
		b.Skip("set DOCENT_BENCH_BEIR to a BEIR folder such as ../shared/bench/scifact")
	}
	return dir
}

// BEIRCorpus loads the BEIR corpus in dir.
func BEIRCorpus(b testing.TB, dir string) *corpus.Corpus {
	c, err := corpus.LoadDir(context.Background(), dir, corpus.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BEIRQueries reads the text of every query in dir's queries*.jsonl files.
func BEIRQueries(b testing.TB, dir string) []string {
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

// RunQueries runs ask on qs round robin, timing each call, and reports the latency.
func RunQueries(b *testing.B, qs []string, ask func(q string) error) {
	var lat []time.Duration
	i := 0
	b.ResetTimer()
	cpu0 := CPUTime()
	for b.Loop() {
		t := time.Now()
		if err := ask(qs[i%len(qs)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
		i++
	}
	reportLatency(b, lat, CPUTime()-cpu0)
}

// reportLatency reports the CPU time per operation and the median and 99th percentile of
// the latencies lat.
func reportLatency(b *testing.B, lat []time.Duration, cpu time.Duration) {
	slices.Sort(lat)
	// CPU time per answer (GC included) is what an answer costs on an idle machine
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms/op")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// CPUTime is the user and system CPU time this process has used.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
