package main

import (
	"syscall"
	"testing"
	"time"
)

// BenchmarkScaleBuild measures a fresh `docent index` of the generated corpus
// DOCENT_BENCH_CORPUS names into an empty index folder: wall and CPU seconds a build,
// reading and cleaning the files included. Plain bleve's build of the same folder is
// BenchmarkScaleBuildPlain (retrieval/internal/bleveindex).
func BenchmarkScaleBuild(b *testing.B) {
	corp := scaleCorpus(b)
	start, cpu0 := time.Now(), processCPU(b)
	for b.Loop() {
		runBench(b, map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": b.TempDir()}, "index")
	}
	b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "s/build")
	b.ReportMetric((processCPU(b)-cpu0).Seconds()/float64(b.N), "cpu-s/build")
}

// processCPU is the CPU time this process has used, user and system.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
