package live

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestReadOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if err := os.MkdirAll(dir+".gen-7", 0o755); err != nil { // not ours to remove
		t.Fatal(err)
	}
	w := &stubWorld{fingerprint: "a"}
	l, err := Open(context.Background(), Options{Dir: dir, Load: w.load, Open: w.open, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := os.Stat(dir + ".gen-7"); err != nil {
		t.Errorf("a read-only index removed a generation folder: %v", err)
	}
	w.set(func(w *stubWorld) { w.fingerprint = "b" })
	if err := l.Reload(context.Background()); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Reload of a read-only index = %v; want ErrReadOnly", err)
	}
}

func TestPromoteKeepsCorpusSnapshot(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	w := &stubWorld{fingerprint: "a"}
	l, err := Open(context.Background(), Options{Dir: dir, Load: w.load, Open: w.open})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "docent-corpus.bin"), []byte("snapshot"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.set(func(w *stubWorld) { w.fingerprint = "b" })
	if err := l.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "docent-corpus.bin")); err != nil || string(b) != "snapshot" {
		t.Errorf("after promoting a generation the corpus snapshot is %q, %v; want it kept", b, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "marker")); string(b) != "b" {
		t.Errorf("index folder holds generation %q; want b", b)
	}
}
