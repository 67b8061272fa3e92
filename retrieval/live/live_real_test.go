package live

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
)

// copyBundled writes the bundled corpus into a fresh folder and returns it.
func copyBundled(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "corpus")
	if err := os.CopyFS(dir, corpus.Bundled()); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// realOptions opens the real retrieval index of the corpus in corpusDir. Before each
// rebuild (not the first open) it calls beforeBuild, when set.
func realOptions(tb testing.TB, corpusDir string, beforeBuild func()) Options {
	tb.Helper()
	var opens atomic.Int64
	return Options{
		Dir: filepath.Join(tb.TempDir(), "index"),
		Load: func(ctx context.Context) (*corpus.Corpus, error) {
			return corpus.LoadDir(ctx, corpusDir, corpus.Options{})
		},
		Open: func(ctx context.Context, dir string, c *corpus.Corpus) (Searcher, error) {
			if opens.Add(1) > 1 && beforeBuild != nil {
				beforeBuild()
			}
			return retrieval.Open(ctx, dir, c, retrieval.Options{})
		},
		Logger: slog.New(slog.DiscardHandler),
	}
}

// mustOpenReal opens a live index on the real retrieval index, skipping while the
// corpus loader or the index are still stubs.
func mustOpenReal(tb testing.TB, opts Options) *Index {
	tb.Helper()
	l, err := Open(context.Background(), opts)
	if err != nil && strings.Contains(err.Error(), "not implemented") {
		tb.Skipf("corpus or retrieval not implemented yet: %v", err)
	}
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { l.Close() })
	return l
}

// someQuestion asks about the first document of the index.
func someQuestion(tb testing.TB, l *Index) string {
	tb.Helper()
	src := l.Sources()
	if len(src) == 0 {
		tb.Fatal("index has no sources")
	}
	return "What is said about " + src[0].Title + "?"
}

func TestRealQuestionsAnsweredDuringRebuild(t *testing.T) {
	dir := copyBundled(t)
	gate := make(chan struct{})
	building := make(chan struct{})
	l := mustOpenReal(t, realOptions(t, dir, func() { close(building); <-gate }))
	q := someQuestion(t, l)
	before, err := l.Answer(context.Background(), retrieval.Query{Text: q})
	if err != nil || len(before.Passages) == 0 {
		t.Fatalf("Answer(%q) = %d passages, %v; want passages", q, len(before.Passages), err)
	}

	reloaded := make(chan error)
	go func() { reloaded <- l.Reload(context.Background()) }()
	<-building
	// The rebuild is in progress: questions are answered, concurrently, from the old index.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			r, err := l.Answer(context.Background(), retrieval.Query{Text: q})
			if err != nil || len(r.Passages) == 0 {
				t.Errorf("Answer(%q) during rebuild = %d passages, %v", q, len(r.Passages), err)
			}
		})
	}
	wg.Wait()
	close(gate)
	if err := <-reloaded; err != nil {
		t.Fatalf("Reload: %v", err)
	}
	after, err := l.Answer(context.Background(), retrieval.Query{Text: q})
	if err != nil || len(after.Passages) == 0 || after.Passages[0].ID != before.Passages[0].ID {
		t.Errorf("Answer(%q) after rebuild = %+v, %v; want the same top passage %s", q, after.Passages, err, before.Passages[0].ID)
	}
	if st := l.Status(); st.Generation != 1 || !st.LastOK || st.Documents != len(l.Sources()) {
		t.Errorf("Status = %+v; want generation 1 after a successful reload", st)
	}
}

func TestRealEmptiedCorpusKeepsOldIndex(t *testing.T) {
	dir := copyBundled(t)
	l := mustOpenReal(t, realOptions(t, dir, nil))
	q := someQuestion(t, l)
	docs := len(l.Sources())
	files, _ := fs.Glob(os.DirFS(dir), "*")
	for _, f := range files {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	err := l.Reload(context.Background())
	if !errors.Is(err, corpus.ErrNoDocuments) {
		t.Fatalf("Reload of an empty corpus = %v; want corpus.ErrNoDocuments", err)
	}
	r, err := l.Answer(context.Background(), retrieval.Query{Text: q})
	if err != nil || len(r.Passages) == 0 {
		t.Errorf("Answer(%q) after a failed reload = %d passages, %v; want the old index to answer", q, len(r.Passages), err)
	}
	if got := len(l.Sources()); got != docs {
		t.Errorf("Sources after a failed reload: %d documents; want %d", got, docs)
	}
	if st := l.Status(); st.LastOK || st.LastError == "" {
		t.Errorf("Status = %+v; want the failure recorded", st)
	}
}

func TestRealWatchedFileBecomesAnswerable(t *testing.T) {
	dir := copyBundled(t)
	l := mustOpenReal(t, realOptions(t, dir, nil))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Watch(ctx, WatchOptions{Dir: dir, Debounce: 200 * time.Millisecond, OnChange: l.ReloadIfChanged})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch = %v", err)
		}
	}()
	time.Sleep(100 * time.Millisecond)

	sub := filepath.Join(dir, "added")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	text := "The Quarbelite Harbour\n\nA Note on Harbours and Their Upkeep\n\nJane Example\n\n" +
		"The quarbelite harbour was dredged in the spring so that larger grain ships could dock there. " +
		"Harbour masters said the quarbelite dredging doubled the tonnage handled in a single season.\n\n" +
		"Fishermen complained that the quarbelite works scared away the herring for a whole year, " +
		"and the town council paid them a small sum in compensation once the works were finished.\n\n" +
		"Within a decade the harbour had silted up again, and a second dredging was planned for the autumn, " +
		"this time with a breakwater to keep the sand out of the channel.\n"
	write(t, filepath.Join(sub, "harbour.txt"), text)
	waitFor(t, func() bool { return l.Status().Generation >= 1 })
	r, err := l.Answer(context.Background(), retrieval.Query{Text: "Why was the quarbelite harbour dredged?"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Passages) == 0 || !strings.HasSuffix(r.Passages[0].Citation.DocID, "harbour.txt") {
		t.Errorf("after adding harbour.txt, Answer = %+v; want its passage first", r.Passages)
	}
}

// BenchmarkAnswer compares a question through the live holder with the index itself:
// the difference is what the atomic swap machinery costs per question.
func BenchmarkAnswer(b *testing.B) {
	ctx := context.Background()
	c, err := corpus.Load(ctx, corpus.Bundled(), corpus.Options{})
	if err != nil {
		b.Fatal(err)
	}
	l, err := Open(ctx, Options{Load: func(context.Context) (*corpus.Corpus, error) { return c, nil }})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	direct, err := retrieval.Open(ctx, "", c, retrieval.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer direct.Close()
	q := retrieval.Query{Text: "What did Azerbaijan do in Afghanistan?"}
	for _, bb := range []struct {
		name string
		s    Searcher
	}{{"live", l}, {"direct", direct}} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bb.s.Answer(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestRealReloadUpdatesIndex checks that a reload indexes only what changed, into a new
// generation made from the current one, and that the next start reuses it.
func TestRealReloadUpdatesIndex(t *testing.T) {
	dir := copyBundled(t)
	opts := realOptions(t, dir, nil)
	opts.Open = nil // the default: each generation updates the current one
	l := mustOpenReal(t, opts)
	if s := l.Stats(); s.Reason != "missing" {
		t.Fatalf("first open: Stats = %+v; want built, missing", s)
	}
	write(t, filepath.Join(dir, "harbour.txt"), "The Quarbelite Harbour\n\nJane Example\n\n"+
		"The quarbelite harbour was dredged in the spring so that larger grain ships could dock there.\n")
	if err := l.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s := l.Stats(); s.Reason != "updated" {
		t.Errorf("after a reload: Stats = %+v; want updated", s)
	}
	r, err := l.Answer(context.Background(), retrieval.Query{Text: "Why was the quarbelite harbour dredged?"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Passages) == 0 || r.Passages[0].Citation.DocID != "harbour.txt" {
		t.Errorf("after adding harbour.txt, Answer = %+v; want its passage first", r.Passages)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	again := mustOpenReal(t, opts)
	if s := again.Stats(); s.Rebuilt {
		t.Errorf("the next start: Stats = %+v; want the promoted generation reused", s)
	}
}

// TestRealOpenFirstFromFolder: a start whose index answers from its folder alone loads
// no corpus, answers as the index opened with the corpus, and its first reload of an
// unchanged corpus keeps it (the fingerprints agree); a change makes a new generation.
func TestRealOpenFirstFromFolder(t *testing.T) {
	corpusDir := copyBundled(t)
	opts := realOptions(t, corpusDir, nil)
	c, err := corpus.LoadDir(context.Background(), corpusDir, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	built, err := retrieval.Open(context.Background(), opts.Dir, c, retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer built.Close()
	want, err := built.Answer(context.Background(), retrieval.Query{Text: "What did ANAMA do in Afghanistan?"})
	if err != nil {
		t.Fatal(err)
	}

	var loads atomic.Int64
	load := opts.Load
	opts.Load = func(ctx context.Context) (*corpus.Corpus, error) { loads.Add(1); return load(ctx) }
	opts.OpenFirst = func(ctx context.Context) (Searcher, string) {
		ix, err := retrieval.OpenStored(ctx, opts.Dir, c.Fingerprint, retrieval.Options{})
		if err != nil {
			t.Errorf("OpenStored: %v", err)
			return nil, ""
		}
		return ix, c.Fingerprint
	}
	l := mustOpenReal(t, opts)
	if n := loads.Load(); n != 0 {
		t.Errorf("the corpus was loaded %d times to open an index that answers alone", n)
	}
	got, err := l.Answer(context.Background(), retrieval.Query{Text: "What did ANAMA do in Afghanistan?"})
	if err != nil || got.Answer != want.Answer || len(got.Passages) != len(want.Passages) || got.Passages[0].ID != want.Passages[0].ID {
		t.Errorf("Answer = %q (%v); want %q", got.Answer, err, want.Answer)
	}
	if err := l.ReloadIfChanged(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := l.Status(); !st.Skipped || st.Generation != 0 {
		t.Errorf("reload of the unchanged corpus: %+v; want skipped", st)
	}
	name := filepath.Join(corpusDir, "extra.txt")
	if err := os.WriteFile(name, []byte("Lighthouse\n\nThe lighthouse keeper counted eleven ships in the fog that night.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := l.ReloadIfChanged(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := l.Status(); st.Skipped || st.Generation != 1 {
		t.Errorf("reload after a change: %+v; want generation 1", st)
	}
	if r, err := l.Answer(context.Background(), retrieval.Query{Text: "how many ships did the lighthouse keeper count"}); err != nil ||
		len(r.Passages) == 0 || r.Passages[0].Citation.DocID != "extra.txt" {
		t.Errorf("after the reload the new file is not found first: %+v, %v", r.Passages, err)
	}
}
