package pdf

import (
	"context"
	"syscall"
	"testing"
	"time"
)

// BenchmarkRead reads a generated 20-page two-column document (about 5,000 characters a
// page) and reports pages per second of wall time and per second of CPU time, which a busy
// machine disturbs less.
func BenchmarkRead(b *testing.B) {
	const pages = 20
	data := manyPages(pages).Bytes()
	r := testReader(b)
	if _, err := r.Read(context.Background(), data); err != nil { // start PDFium outside the timing
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	cpu0, t0 := cpuTime(), time.Now()
	for b.Loop() {
		d, err := r.Read(context.Background(), data)
		if err != nil || len(d.Pages) != pages {
			b.Fatalf("Read = %v", err)
		}
	}
	n := float64(b.N * pages)
	b.ReportMetric(n/time.Since(t0).Seconds(), "pages/s")
	b.ReportMetric(n/(cpuTime()-cpu0).Seconds(), "pages/cpu-s")
}

// BenchmarkStart measures starting PDFium, from the compilation cache, and reading one page.
func BenchmarkStart(b *testing.B) {
	data := oneColumn().Bytes()
	for b.Loop() {
		r := NewReader(Options{})
		if _, err := r.Read(context.Background(), data); err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReadParallel reads the same document on every core at once, as a corpus of
// several PDFs is read.
func BenchmarkReadParallel(b *testing.B) {
	const pages = 20
	data := manyPages(pages).Bytes()
	r := testReader(b)
	if _, err := r.Read(context.Background(), data); err != nil {
		b.Fatal(err)
	}
	cpu0, t0 := cpuTime(), time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := r.Read(context.Background(), data); err != nil {
				b.Error(err)
				return
			}
		}
	})
	n := float64(b.N * pages)
	b.ReportMetric(n/time.Since(t0).Seconds(), "pages/s")
	b.ReportMetric(n/(cpuTime()-cpu0).Seconds(), "pages/cpu-s")
}
