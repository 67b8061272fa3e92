//go:build unix

package bleveindex

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

// TestWritersTakeTurns: a writer waits while another holds the index folder, and writers
// that run at once each leave a published index whose folder exists.
func TestWritersTakeTurns(t *testing.T) {
	dir := t.TempDir()
	log := slog.New(slog.DiscardHandler)
	docs := testkit.Docs()
	if ix, err := Open(context.Background(), dir, testkit.New(docs), Options{}, log); err != nil {
		t.Fatal(err)
	} else {
		ix.Close()
	}

	unlock, err := lockWriters(context.Background(), dir, log)
	if err != nil {
		t.Fatal(err)
	}
	changed := testkit.New(docs[1:])
	done := make(chan error, 1)
	go func() {
		ix, err := Open(context.Background(), dir, changed, Options{}, log)
		if err == nil {
			ix.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("a second writer went ahead while the folder was locked (err %v)", err)
	case <-time.After(300 * time.Millisecond):
	}
	if m, _ := readManifestFile(dir); m.Passages == len(changed.Passages) {
		t.Fatalf("the index was published while the folder was locked")
	}
	unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	// a writer that gives up waiting says so and publishes nothing
	unlock, err = lockWriters(context.Background(), dir, log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	_, err = Open(ctx, dir, testkit.New(docs), Options{}, log)
	cancel()
	unlock()
	if err == nil {
		t.Fatalf("a writer whose context ended while it waited for the lock succeeded")
	}

	var wg sync.WaitGroup
	corpora := []*corpus.Corpus{testkit.New(docs), testkit.New(docs[2:]), testkit.New(docs[:2])}
	for _, c := range corpora {
		wg.Go(func() {
			ix, err := Open(context.Background(), dir, c, Options{}, log)
			if err != nil {
				t.Error(err)
				return
			}
			ix.Close()
		})
	}
	wg.Wait()
	m, _ := readManifestFile(dir)
	if _, err := os.Stat(filepath.Join(dir, m.Index)); err != nil {
		t.Fatalf("the manifest names %s, which is gone: %v", m.Index, err)
	}
	if ix, err := Open(context.Background(), dir, testkit.New(docs), Options{ReadOnly: true}, log); err == nil {
		ix.Close()
	} else if m.Passages == len(testkit.New(docs).Passages) {
		t.Errorf("the published index of the full corpus does not open: %v", err)
	}
}

// TestReuseRemovesLeftovers: a writer killed between its manifest and its clean-up leaves
// the folder before; the next writer that reuses the index removes it, unless another
// writer holds the folder (its temporary folder is then in use), and a read-only process
// never does.
func TestReuseRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	log := slog.New(slog.DiscardHandler)
	c := testkit.New(testkit.Docs())
	open := func(opts Options) {
		t.Helper()
		ix, err := Open(context.Background(), dir, c, opts, log)
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
	}
	open(Options{})
	left := filepath.Join(dir, "index-left")
	mkLeft := func() {
		if err := os.MkdirAll(left, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	exists := func() bool { _, err := os.Stat(left); return err == nil }

	mkLeft()
	open(Options{ReadOnly: true})
	if !exists() {
		t.Fatalf("a read-only process removed a folder")
	}
	unlock, err := lockWriters(context.Background(), dir, log)
	if err != nil {
		t.Fatal(err)
	}
	open(Options{})
	unlock()
	if !exists() {
		t.Fatalf("a folder was removed while another writer held the index folder")
	}
	open(Options{})
	if exists() {
		t.Errorf("the folder a killed writer left is still there after a reuse")
	}
}
