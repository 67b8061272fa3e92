package live

import (
	"context"
	"errors"
	"fmt"
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

// stubIndex is a Searcher that names its generation in every answer. It stands in for
// retrieval.Index only in the tests of the swapping machinery; live_real_test.go runs
// the same scenarios on the real index.
type stubIndex struct {
	name   string
	block  chan struct{} // when set, Answer waits for it to close
	inside chan struct{} // when set, Answer signals it has started
	closed atomic.Bool
}

func (s *stubIndex) Answer(ctx context.Context, q retrieval.Query) (retrieval.Result, error) {
	if s.closed.Load() {
		return retrieval.Result{}, fmt.Errorf("%s: answer after close", s.name)
	}
	if s.inside != nil {
		s.inside <- struct{}{}
	}
	if s.block != nil {
		<-s.block
	}
	if s.closed.Load() {
		return retrieval.Result{}, fmt.Errorf("%s: closed while answering", s.name)
	}
	return retrieval.Result{Question: q.Text, Answer: s.name}, nil
}
func (s *stubIndex) Sources() []retrieval.Source { return []retrieval.Source{{Passages: 1}} }
func (s *stubIndex) Passage(id string) (retrieval.Passage, bool) {
	return retrieval.Passage{ID: id, Text: s.name}, true
}
func (s *stubIndex) Stats() retrieval.Stats { return retrieval.Stats{Documents: 1, Passages: 2} }
func (s *stubIndex) Close() error {
	if s.closed.Swap(true) {
		return errors.New("closed twice")
	}
	return nil
}

// stubWorld hands out a corpus and stub indexes, and records what was opened where.
type stubWorld struct {
	mu          sync.Mutex
	fingerprint string
	loadErr     error
	openErr     error
	opened      []*stubIndex
	dirs        []string
	next        *stubIndex // used for the next Open when set
}

func (w *stubWorld) load(ctx context.Context) (*corpus.Corpus, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.loadErr != nil {
		return nil, w.loadErr
	}
	return &corpus.Corpus{Fingerprint: w.fingerprint}, nil
}

func (w *stubWorld) open(ctx context.Context, dir string, c *corpus.Corpus) (Searcher, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.openErr != nil {
		return nil, w.openErr
	}
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, "marker"), []byte(c.Fingerprint), 0o644); err != nil {
			return nil, err
		}
	}
	s := w.next
	w.next = nil
	if s == nil {
		s = &stubIndex{}
	}
	s.name = fmt.Sprintf("gen%d", len(w.opened))
	w.opened = append(w.opened, s)
	w.dirs = append(w.dirs, dir)
	return s, nil
}

func (w *stubWorld) set(f func(w *stubWorld)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	f(w)
}

func mustOpenStub(tb testing.TB, w *stubWorld, dir string) *Index {
	tb.Helper()
	l, err := Open(context.Background(), Options{Dir: dir, Load: w.load, Open: w.open, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { l.Close() })
	return l
}

func answer(tb testing.TB, l *Index) string {
	tb.Helper()
	r, err := l.Answer(context.Background(), retrieval.Query{Text: "q"})
	if err != nil {
		tb.Fatalf("Answer: %v", err)
	}
	return r.Answer
}

func TestReloadSwapsAfterInFlightQuestions(t *testing.T) {
	w := &stubWorld{fingerprint: "a"}
	first := &stubIndex{block: make(chan struct{}), inside: make(chan struct{}, 1)}
	w.next = first
	l := mustOpenStub(t, w, "")

	slow := make(chan string)
	go func() {
		r, err := l.Answer(context.Background(), retrieval.Query{Text: "slow"})
		if err != nil {
			slow <- "error: " + err.Error()
			return
		}
		slow <- r.Answer
	}()
	<-first.inside // the slow question is using generation 0

	reloaded := make(chan error)
	go func() { reloaded <- l.Reload(context.Background()) }()
	waitFor(t, func() bool { return l.Status().Generation == 1 })

	// New questions go to the new index while the old one is still answering.
	if got := answer(t, l); got != "gen1" {
		t.Errorf("Answer during the swap = %q; want gen1", got)
	}
	if first.closed.Load() {
		t.Fatal("old index closed while a question was using it")
	}
	select {
	case err := <-reloaded:
		t.Fatalf("Reload returned (%v) before the in-flight question finished", err)
	default:
	}
	close(first.block)
	if got := <-slow; got != "gen0" {
		t.Errorf("in-flight Answer = %q; want gen0", got)
	}
	if err := <-reloaded; err != nil {
		t.Fatalf("Reload: %v", err)
	}
	if !first.closed.Load() {
		t.Error("old index not closed after the reload")
	}
	st := l.Status()
	if st.Reloads != 1 || !st.LastOK || st.LastReload.IsZero() || st.Documents != 1 || st.Passages != 2 {
		t.Errorf("Status = %+v; want one successful reload of 1 document, 2 passages", st)
	}
}

func TestReloadFailureKeepsOldIndex(t *testing.T) {
	tests := []struct {
		name    string
		break_  func(w *stubWorld)
		wantErr string
	}{
		{"load fails", func(w *stubWorld) { w.loadErr = corpus.ErrNoDocuments }, "no usable documents"},
		{"build fails", func(w *stubWorld) { w.openErr = errors.New("disk full") }, "disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			w := &stubWorld{fingerprint: "a"}
			l := mustOpenStub(t, w, dir)
			w.set(tt.break_)
			w.set(func(w *stubWorld) { w.fingerprint = "b" })
			err := l.Reload(context.Background())
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Reload() = %v; want an error containing %q", err, tt.wantErr)
			}
			if got := answer(t, l); got != "gen0" {
				t.Errorf("Answer after a failed reload = %q; want gen0", got)
			}
			st := l.Status()
			if st.LastOK || !strings.Contains(st.LastError, tt.wantErr) || st.Generation != 0 {
				t.Errorf("Status = %+v; want failed reload, generation 0", st)
			}
			if leftovers, _ := filepath.Glob(dir + ".gen-*"); len(leftovers) != 0 {
				t.Errorf("failed reload left %v", leftovers)
			}
			// It recovers once the corpus is fixed.
			w.set(func(w *stubWorld) { w.loadErr, w.openErr = nil, nil })
			if err := l.Reload(context.Background()); err != nil {
				t.Fatalf("Reload after the fix: %v", err)
			}
			if got := answer(t, l); got != "gen1" {
				t.Errorf("Answer after recovery = %q; want gen1", got)
			}
		})
	}
}

func TestReloadIfChanged(t *testing.T) {
	w := &stubWorld{fingerprint: "a"}
	l := mustOpenStub(t, w, "")
	if err := l.ReloadIfChanged(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := l.Status(); st.Generation != 0 || !st.Skipped || !st.LastOK {
		t.Errorf("after an unchanged reload Status = %+v; want generation 0, skipped", st)
	}
	w.set(func(w *stubWorld) { w.fingerprint = "b" })
	if err := l.ReloadIfChanged(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := l.Status(); st.Generation != 1 || st.Skipped {
		t.Errorf("after a change Status = %+v; want generation 1", st)
	}
	// Reload rebuilds even when nothing changed.
	if err := l.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := l.Status(); st.Generation != 2 {
		t.Errorf("after a forced reload Status = %+v; want generation 2", st)
	}
}

func TestGenerationFolders(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	// A crashed earlier run left a generation behind.
	if err := os.MkdirAll(dir+".gen-7", 0o755); err != nil {
		t.Fatal(err)
	}
	w := &stubWorld{fingerprint: "a"}
	l, err := Open(context.Background(), Options{Dir: dir, Load: w.load, Open: w.open})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir + ".gen-7"); !os.IsNotExist(err) {
		t.Errorf("stale generation folder still there: %v", err)
	}
	for i, fp := range []string{"b", "c"} {
		w.set(func(w *stubWorld) { w.fingerprint = fp })
		if err := l.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("%s.gen-%d", dir, i+1)
		if got := w.dirs[i+1]; got != want {
			t.Errorf("reload %d built in %s; want %s", i+1, got, want)
		}
	}
	if _, err := os.Stat(dir + ".gen-1"); !os.IsNotExist(err) {
		t.Errorf("retired generation 1 not removed: %v", err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("the main folder must stay until Close: %v", err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	// The newest generation is where the next start looks.
	b, err := os.ReadFile(filepath.Join(dir, "marker"))
	if err != nil || string(b) != "c" {
		t.Errorf("after Close %s holds %q, %v; want the newest generation (c)", dir, b, err)
	}
	if left, _ := filepath.Glob(dir + ".gen-*"); len(left) != 0 {
		t.Errorf("after Close generation folders remain: %v", left)
	}
}

func TestClose(t *testing.T) {
	w := &stubWorld{fingerprint: "a"}
	first := &stubIndex{block: make(chan struct{}), inside: make(chan struct{}, 1)}
	w.next = first
	l := mustOpenStub(t, w, "")
	done := make(chan error)
	go func() {
		_, err := l.Answer(context.Background(), retrieval.Query{Text: "q"})
		done <- err
	}()
	<-first.inside
	closed := make(chan error)
	go func() { closed <- l.Close() }()
	waitFor(t, func() bool { return !l.Ready() })
	if _, err := l.Answer(context.Background(), retrieval.Query{Text: "q"}); !errors.Is(err, ErrClosed) {
		t.Errorf("Answer after Close = %v; want ErrClosed", err)
	}
	close(first.block)
	if err := <-done; err != nil {
		t.Errorf("in-flight Answer during Close = %v", err)
	}
	if err := <-closed; err != nil {
		t.Errorf("Close = %v", err)
	}
	if err := l.Reload(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Reload after Close = %v; want ErrClosed", err)
	}
	if l.Sources() != nil {
		t.Error("Sources after Close not nil")
	}
	if err := l.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

// TestConcurrentReloads runs questions, lookups and reloads together; run with -race.
func TestConcurrentReloads(t *testing.T) {
	w := &stubWorld{fingerprint: "a"}
	l := mustOpenStub(t, w, t.TempDir()+"/index")
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var failures atomic.Int64
	for range 4 {
		wg.Go(func() {
			for ctx.Err() == nil {
				if _, err := l.Answer(ctx, retrieval.Query{Text: "q"}); err != nil {
					failures.Add(1)
				}
				if _, ok := l.Passage("p"); !ok {
					failures.Add(1)
				}
				_ = l.Sources()
				_ = l.Status()
			}
		})
	}
	for range 20 {
		if err := l.Reload(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	wg.Wait()
	if n := failures.Load(); n != 0 {
		t.Errorf("%d queries failed during reloads", n)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for i, s := range w.opened[:len(w.opened)-1] {
		if !s.closed.Load() {
			t.Errorf("generation %d never closed", i)
		}
	}
}

func waitFor(tb testing.TB, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatal("condition not reached in 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
