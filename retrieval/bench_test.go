package retrieval

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/analysis"
)

// Benchmarks. Reproduce with
//
//	go test -run '^$' -bench . -benchtime 1x ./retrieval      (indexing, cold start)
//	go test -run '^$' -bench 'Answer|Memory' ./retrieval       (latency, memory)
//
// The generated corpus is deterministic: the same seed gives the same passages.

const benchPassages = 30_000

// commonWords are frequent English words; the generator mixes them with a long tail of
// made-up rare words (names, terms) so the vocabulary has a realistic Zipf shape.
var commonWords = strings.Fields(`the of and to in a is that for it as was with be by on not he
this are or his from at which but have an they you were her she there been one all we their
has would when if so no will more can out other about into than its them time only some
could new these two may first then do any like my now over such our man me even most made
after also did many before must through back years where much your way well down should
because each just those people how too little state good very make world still own see men
work long get here between both life being under never day same another know while last
might us great old year off come since against go came right used take three government
country policy foreign minister president relations region security trade energy pipeline
border war peace agreement economic military support cooperation development international
diplomatic embassy official report against leader nation history political power influence
conflict army treaty oil gas sea capital city market growth investment project council
university research analysis strategy regional national public private center institute`)

var syllables = strings.Fields("ka ri to ma na ze lo vi sha bek ul an dor mir es tan gul ra fi or qa du ye han")

// benchCorpus generates n passages in documents of 30 passages, from a fixed seed.
func benchCorpus(n int) *corpus.Corpus {
	rng := rand.New(rand.NewPCG(1, 2))
	rare := make([]string, 20_000)
	for i := range rare {
		var b strings.Builder
		for range 2 + rng.IntN(3) {
			b.WriteString(syllables[rng.IntN(len(syllables))])
		}
		rare[i] = b.String()
	}
	zipf := rand.NewZipf(rng, 1.1, 2, uint64(len(rare)-1))
	word := func() string {
		if rng.IntN(10) < 6 {
			return commonWords[rng.IntN(len(commonWords))]
		}
		return rare[zipf.Uint64()]
	}
	sentence := func() string {
		n := 8 + rng.IntN(18)
		ws := make([]string, n)
		for i := range ws {
			ws[i] = word()
		}
		ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
		if rng.IntN(4) == 0 {
			ws[rng.IntN(n)] = strconv.Itoa(1900 + rng.IntN(125))
		}
		return strings.Join(ws, " ") + "."
	}
	c := &corpus.Corpus{Fingerprint: fmt.Sprintf("bench-%d", n)}
	for d := 0; len(c.Passages) < n; d++ {
		doc := corpus.Document{
			ID: fmt.Sprintf("gen/%05d.txt", d), Title: sentence(), Authors: []string{rare[rng.IntN(500)] + " " + rare[rng.IntN(500)]},
			Published: time.Date(2000+rng.IntN(25), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC),
		}
		for p := 1; p <= 30 && len(c.Passages) < n; p++ {
			var b strings.Builder
			for s := range 3 + rng.IntN(4) {
				if s > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(sentence())
			}
			doc.Paragraphs = append(doc.Paragraphs, corpus.Paragraph{N: p, Text: b.String()})
			c.Passages = append(c.Passages, corpus.Passage{
				ID: fmt.Sprintf("%s#%d", doc.ID, p), DocID: doc.ID, ParaFirst: p, ParaLast: p, Text: b.String(),
			})
		}
		c.Documents = append(c.Documents, doc)
	}
	return c
}

// benchQuestions picks questions from passages: a few of their words, some stop words.
func benchQuestions(c *corpus.Corpus, n int) []string {
	rng := rand.New(rand.NewPCG(3, 4))
	qs := make([]string, n)
	for i := 0; i < n; {
		ws := strings.Fields(c.Passages[rng.IntN(len(c.Passages))].Text)
		k := 3 + rng.IntN(5)
		start := rng.IntN(max(1, len(ws)-k))
		qs[i] = "What about " + strings.Trim(strings.Join(ws[start:min(len(ws), start+k)], " "), ".") + "?"
		if q := analysis.NewQuestion(qs[i], DefaultParams().Query, 1, nil); q.Words > 0 {
			i++
		}
	}
	return qs
}

func quiet() Options { return Options{Logger: slog.New(slog.DiscardHandler)} }

// BenchmarkIndex30k builds a persistent index of 30,000 generated passages.
func BenchmarkIndex30k(b *testing.B) {
	c := benchCorpus(benchPassages)
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
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
	b.ReportMetric(n/(cpuTime()-cpu0).Seconds(), "passages/cpu-s")
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
	benchQueries(b, qs, func(text string) error {
		q := like
		q.Text = text
		_, err := ix.Answer(ctx, q)
		return err
	})
}

// benchQueries runs ask on qs round robin, timing each call, and reports the latency.
func benchQueries(b *testing.B, qs []string, ask func(q string) error) {
	var lat []time.Duration
	i := 0
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		t := time.Now()
		if err := ask(qs[i%len(qs)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
		i++
	}
	reportLatency(b, lat, cpuTime()-cpu0)
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

func bundledCorpus(b *testing.B) *corpus.Corpus {
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

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
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
