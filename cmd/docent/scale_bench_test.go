package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"
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
	var victim string
	_ = filepath.WalkDir(corp, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && victim == "" {
			victim = p
		}
		return nil
	})
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

// scaleIndex builds the index of corp in a temporary folder.
func scaleIndex(b *testing.B, corp string) string {
	dir := b.TempDir()
	runBench(b, map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": dir}, "index")
	return dir
}
