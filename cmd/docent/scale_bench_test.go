package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/corpus/corpustest"
	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/live"
)

// scaleCorpus is the folder of a generated corpus (../shared/bench/scale/gencorpus.py)
// named by DOCENT_BENCH_CORPUS; the benchmark is skipped without it.
func scaleCorpus(b *testing.B) string {
	dir := os.Getenv("DOCENT_BENCH_CORPUS")
	if dir == "" {
		b.Skip("set DOCENT_BENCH_CORPUS to a folder made by ../shared/bench/scale/gencorpus.py")
	}
	return dir
}

func runBench(b *testing.B, env map[string]string, args ...string) string {
	b.Helper()
	var out bytes.Buffer
	m := &Main{Args: args, Stdin: bytes.NewReader(nil), Stdout: &out, Stderr: io.Discard, Env: env,
		Logger: slog.New(slog.DiscardHandler)}
	err := m.Run(context.Background())
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		b.Fatalf("docent %v: %v", args, err)
	}
	return out.String()
}

// BenchmarkScaleStart measures what a new `docent ask` process does on an index that is
// up to date: list and stat the corpus folder, read the corpus snapshot, open the index,
// answer one question. With readonly=true no corpus folder is looked at.
func BenchmarkScaleStart(b *testing.B) {
	corp := scaleCorpus(b)
	index := scaleIndex(b, corp)
	for _, ro := range []bool{false, true} {
		name := "folder"
		if ro {
			name = "readonly"
		}
		b.Run(name, func(b *testing.B) {
			env := map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": index}
			if ro {
				env["DOCENT_INDEX_READONLY"] = "true"
			}
			for b.Loop() {
				runBench(b, env, "ask", "--json", "When was the harbour built?")
			}
		})
	}
}

// BenchmarkScaleOneChange measures `docent index` after one file of the corpus changed.
func BenchmarkScaleOneChange(b *testing.B) {
	corp := scaleCorpus(b)
	env := map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": scaleIndex(b, corp)}
	victim := firstFile(b, corp)
	orig, err := os.ReadFile(victim)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = os.WriteFile(victim, orig, 0o644) })
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		text := append(bytes.Clone(orig), []byte("\n\nAn added closing paragraph, number "+time.Now().String()+".\n")...)
		if err := os.WriteFile(victim, text, 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		runBench(b, env, "index")
	}
}

// scaleIndex builds the index of corp in a temporary folder, or brings the one
// DOCENT_BENCH_INDEX names up to date (a million passages take minutes to index).
func scaleIndex(b *testing.B, corp string) string {
	dir := os.Getenv("DOCENT_BENCH_INDEX")
	if dir == "" {
		dir = b.TempDir()
	}
	runBench(b, map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": dir}, "index")
	return dir
}

// scaleMain is a docent whose configuration names corp and an up-to-date index of it.
func scaleMain(b *testing.B, corp string) (*Main, Config) {
	env := map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": scaleIndex(b, corp)}
	cfg, probs := loadConfig(env)
	if err := probs.err(); err != nil {
		b.Fatal(err)
	}
	return &Main{Env: env, Stdout: io.Discard, Stderr: io.Discard, Logger: slog.New(slog.DiscardHandler)}, cfg
}

// BenchmarkScaleAnswer measures answers in one process on an up-to-date index of a
// generated corpus: CPU per answer, median and 99th percentile. The questions are
// eight-word runs from the third paragraph of every 37th file, fixed by the corpus.
func BenchmarkScaleAnswer(b *testing.B) {
	corp := scaleCorpus(b)
	m, cfg := scaleMain(b, corp)
	ctx := context.Background()
	ix, err := m.openIndex(ctx, cfg, m.Logger)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	qs, err := corpustest.ScaleQuestions(corp)
	if err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	var ru0 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	i := 0
	for b.Loop() {
		t := time.Now()
		if _, err := ix.Answer(ctx, retrieval.Query{Text: qs[i%len(qs)]}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
		i++
	}
	var ru1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
	slices.Sort(lat)
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms/op")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkScaleReload measures what a running `docent serve` does after one file of the
// corpus changed, from the moment its watcher's debounce ends: the live index's reload,
// wired as serve wires it, until the new generation answers.
func BenchmarkScaleReload(b *testing.B) {
	corp := scaleCorpus(b)
	m, cfg := scaleMain(b, corp)
	ctx := context.Background()
	dir, err := m.indexDir(cfg)
	if err != nil {
		b.Fatal(err)
	}
	l, err := live.Open(ctx, live.Options{Dir: dir, Logger: m.Logger,
		Load: func(ctx context.Context) (*corpus.Corpus, error) { return m.openCorpus(ctx, cfg, m.Logger) }})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	victim := firstFile(b, corp)
	orig, err := os.ReadFile(victim)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = os.WriteFile(victim, orig, 0o644) })
	for b.Loop() {
		b.StopTimer()
		text := append(bytes.Clone(orig), []byte("\n\nAn added closing paragraph, number "+time.Now().String()+".\n")...)
		if err := os.WriteFile(victim, text, 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := l.ReloadIfChanged(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := l.Answer(ctx, retrieval.Query{Text: "An added closing paragraph"}); err != nil {
			b.Fatal(err)
		}
	}
}

// firstFile is the first file of dir in walk order.
func firstFile(b *testing.B, dir string) string {
	var first string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && first == "" {
			first = p
		}
		return nil
	})
	if first == "" {
		b.Fatalf("no file in %s", dir)
	}
	return first
}
