package live

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// startWatch runs Watch on dir until the test ends and counts OnChange calls.
func startWatch(t *testing.T, dir string, onChange func(context.Context) error) {
	t.Helper()
	startWatchDebounce(t, dir, 150*time.Millisecond, onChange)
}

func startWatchDebounce(t *testing.T, dir string, debounce time.Duration, onChange func(context.Context) error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	started := make(chan struct{})
	go func() {
		close(started)
		done <- Watch(ctx, WatchOptions{Dir: dir, Debounce: debounce, OnChange: onChange})
	}()
	<-started
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch = %v", err)
		}
	})
	// Give the watcher a moment to register its watches before the test writes.
	time.Sleep(100 * time.Millisecond)
}

func TestWatchDebouncesAndFollowsNewFolders(t *testing.T) {
	dir := t.TempDir()
	var calls atomic.Int64
	// A generous debounce, so that a loaded machine cannot split the burst.
	startWatchDebounce(t, dir, 600*time.Millisecond, func(context.Context) error { calls.Add(1); return nil })

	// A burst of writes is one reload.
	for i := range 5 {
		write(t, filepath.Join(dir, "a"+string(rune('0'+i))+".txt"), "text")
	}
	waitFor(t, func() bool { return calls.Load() >= 1 })
	time.Sleep(1200 * time.Millisecond)
	if n := calls.Load(); n != 1 {
		t.Errorf("a burst of 5 writes caused %d reloads; want 1", n)
	}

	// A folder created after the start is watched as well.
	sub := filepath.Join(dir, "new", "deeper")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return calls.Load() >= 2 })
	time.Sleep(1200 * time.Millisecond)
	before := calls.Load()
	write(t, filepath.Join(sub, "b.md"), "more text")
	waitFor(t, func() bool { return calls.Load() > before })
}

func TestWatchIgnoresChmod(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "a.txt")
	write(t, f, "x")
	var calls atomic.Int64
	startWatch(t, dir, func(context.Context) error { calls.Add(1); return nil })
	if err := os.Chmod(f, 0o600); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if n := calls.Load(); n != 0 {
		t.Errorf("a chmod caused %d reloads; want 0", n)
	}
}

func TestWatchFolderReplaced(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "corpus")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int64
	startWatch(t, dir, func(context.Context) error { calls.Add(1); return nil })
	// Deploy by rename: the old folder moves away, a new one takes its place.
	if err := os.Rename(dir, filepath.Join(parent, "old")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return calls.Load() >= 1 })
	// Once back, changes in the new folder are seen.
	time.Sleep(500 * time.Millisecond)
	before := calls.Load()
	write(t, filepath.Join(dir, "c.txt"), "new")
	waitFor(t, func() bool { return calls.Load() > before })
}

func TestWatchMissingFolder(t *testing.T) {
	err := Watch(context.Background(), WatchOptions{Dir: filepath.Join(t.TempDir(), "nope"), OnChange: func(context.Context) error { return nil }})
	if err == nil {
		t.Fatal("Watch on a missing folder = nil; want an error")
	}
}

func write(tb testing.TB, path, text string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func TestWatchOneFile(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "corpus.jsonl")
	write(t, f, "{}")
	var calls atomic.Int64
	startWatch(t, f, func(context.Context) error { calls.Add(1); return nil })
	write(t, filepath.Join(dir, "other.txt"), "not the corpus")
	time.Sleep(400 * time.Millisecond)
	if n := calls.Load(); n != 0 {
		t.Errorf("a change next to the corpus file caused %d reloads; want 0", n)
	}
	// Replaced the way editors and deploy tools do it: write aside, rename over.
	write(t, f+".tmp", "{}\n{}")
	if err := os.Rename(f+".tmp", f); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return calls.Load() >= 1 })
}
