package retrieval

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docent-bot/docent/corpus"
)

// manifestName is the file an index folder describes its index in.
const manifestName = "manifest.json"

func TestOpenReuseAndRebuild(t *testing.T) {
	docs := testDocs()
	base := testCorpus(docs)
	changedDocs := testDocs()
	changedDocs[0].Paragraphs[0].Text += " Beluga sturgeon live for a century."
	changed := testCorpus(changedDocs)

	// the manifest, read and written as JSON as a later version of docent would find it
	readM := func(t *testing.T, dir string) map[string]any {
		t.Helper()
		var m map[string]any
		b, err := os.ReadFile(filepath.Join(dir, manifestName))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	writeM := func(t *testing.T, dir string, m map[string]any) {
		t.Helper()
		b, err := json.Marshal(m)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, manifestName), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	corruptSegments := func(t *testing.T, dir string) {
		t.Helper()
		m := readM(t, dir)
		n := 0
		err := filepath.WalkDir(filepath.Join(dir, m["index"].(string)), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".zap") || strings.HasSuffix(p, ".bolt")) {
				n++
				return os.WriteFile(p, []byte("not an index"), 0o644)
			}
			return err
		})
		if err != nil || n == 0 {
			t.Fatalf("corrupting %s: %d files, %v", dir, n, err)
		}
	}

	tests := []struct {
		name       string
		prepare    func(t *testing.T, dir string) // after a first Open of base
		second     *corpusT
		wantReason string // "" = reused
	}{
		{"unchanged corpus is reused", nil, nil, ""},
		{"changed corpus is updated", nil, &corpusT{changed}, "updated"},
		{"older format", func(t *testing.T, dir string) {
			m := readM(t, dir)
			m["format"] = m["format"].(float64) - 1
			writeM(t, dir, m)
		}, nil, "format"},
		{"other analysis", func(t *testing.T, dir string) {
			m := readM(t, dir)
			m["analysis"] = "old"
			writeM(t, dir, m)
		}, nil, "format"},
		{"manifest missing", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, manifestName)); err != nil {
				t.Fatal(err)
			}
		}, nil, "missing"},
		{"manifest garbage", func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, manifestName), []byte("{oops"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, nil, "corrupt"},
		{"index directory missing", func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, readM(t, dir)["index"].(string))); err != nil {
				t.Fatal(err)
			}
		}, nil, "corrupt"},
		{"index files corrupt", corruptSegments, nil, "corrupt"},
		{"manifest escapes the directory", func(t *testing.T, dir string) {
			m := readM(t, dir)
			m["index"] = "../elsewhere"
			writeM(t, dir, m)
		}, nil, "corrupt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "idx")
			first, err := Open(context.Background(), dir, base, Options{})
			if err != nil {
				t.Fatalf("first Open: %v", err)
			}
			if s := first.Stats(); !s.Rebuilt || s.Reason != "missing" {
				t.Errorf("first Open: Stats = %+v; want rebuilt, missing", s)
			}
			if err := first.Close(); err != nil {
				t.Fatal(err)
			}
			if tt.prepare != nil {
				tt.prepare(t, dir)
			}
			c := base
			if tt.second != nil {
				c = tt.second.c
			}
			ix := mustOpen(t, dir, c, Options{})
			s := ix.Stats()
			if got := map[bool]string{true: s.Reason, false: ""}[s.Rebuilt]; got != tt.wantReason {
				t.Errorf("second Open: Stats = %+v; want reason %q", s, tt.wantReason)
			}
			r := mustAnswer(t, ix, Query{Text: "sturgeon moratorium"})
			if len(r.Passages) == 0 || r.Passages[0].ID != "caspian.txt#2" {
				t.Errorf("after reopening, Answer finds %+v", r.Passages)
			}
			if names := indexFolderNames(t, dir); len(names) != 2 {
				t.Errorf("index dir holds %v; want the manifest and one index", names)
			}
		})
	}
}

type corpusT struct{ c *corpus.Corpus }

func TestOpenProgressAndLeftovers(t *testing.T) {
	dir := t.TempDir()
	// a crash during an earlier build left a temporary directory
	if err := os.MkdirAll(filepath.Join(dir, "index-crashed.tmp", "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	var calls [][2]int
	c := testCorpus(testDocs())
	mustOpen(t, dir, c, Options{BatchSize: 3, Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})
	want := [][2]int{{3, 8}, {6, 8}, {8, 8}}
	if len(calls) != len(want) {
		t.Fatalf("Progress calls = %v; want %v", calls, want)
	}
	for i := range want {
		if calls[i] != want[i] {
			t.Errorf("Progress calls = %v; want %v", calls, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "index-crashed.tmp")); !os.IsNotExist(err) {
		t.Errorf("leftover temporary index still there: %v", err)
	}
}

func TestOpenMovedDirectory(t *testing.T) {
	root := t.TempDir()
	c := testCorpus(testDocs())
	ix, err := Open(context.Background(), filepath.Join(root, "a"), c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = ix.Close()
	if err := os.Rename(filepath.Join(root, "a"), filepath.Join(root, "b")); err != nil {
		t.Fatal(err)
	}
	ix2 := mustOpen(t, filepath.Join(root, "b"), c, Options{})
	if s := ix2.Stats(); s.Rebuilt {
		t.Errorf("a moved index directory was rebuilt (%s); want reused", s.Reason)
	}
}

func TestOpenBadCorpus(t *testing.T) {
	docs := testDocs()
	c := testCorpus(docs)
	c.Passages[1].DocID = "ghost.txt"
	if _, err := Open(context.Background(), "", c, Options{}); err == nil || !strings.Contains(err.Error(), "ghost.txt") {
		t.Errorf("Open with a passage of an unknown document: %v; want an error naming it", err)
	}
	if _, err := Open(context.Background(), "", testCorpus(nil), Options{}); err == nil {
		t.Errorf("Open of an empty corpus succeeded; want an error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Open(ctx, t.TempDir(), testCorpus(testDocs()), Options{}); err == nil {
		t.Errorf("Open with a canceled context succeeded; want an error")
	}
}
