package main

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// treeState lists every file under dir with its size and modification time.
func treeState(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = fmt.Sprintf("%v %d %v", fi.Mode(), fi.Size(), fi.ModTime())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReadOnlyIndex(t *testing.T) {
	corp, index := t.TempDir(), t.TempDir()
	writeOld(t, filepath.Join(corp, "a.txt"), "Harbour works\n\nThe harbour was built in 1887 by the town council after a long storm.\n")
	writeOld(t, filepath.Join(corp, "b.txt"), "Railway\n\nThe railway reached the town in 1902, bringing coal and visitors.\n")
	env := map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": index}
	if r := runDocent(t, env, "", "index"); r.code != 0 {
		t.Fatalf("docent index = %d, %q", r.code, r.stderr)
	}
	const q = "When did the railway reach the town?"
	want := runDocent(t, env, "", "ask", "--json", q)
	if want.code != 0 || !strings.Contains(want.stdout, "b.txt") {
		t.Fatalf("ask = %d, %q", want.code, want.stdout)
	}
	before := treeState(t, index)
	if err := os.RemoveAll(corp); err != nil { // a read-only process needs no corpus folder
		t.Fatal(err)
	}
	ro := map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": index, "DOCENT_INDEX_READONLY": "true"}
	var wg sync.WaitGroup
	got := make([]result, 2)
	for i := range got {
		env := maps.Clone(ro) // runDocent sets the cache folder in the map it is given
		wg.Go(func() { got[i] = runDocent(t, env, "", "ask", "--json", q) })
	}
	wg.Wait()
	for i, r := range got {
		if r.code != 0 || r.stdout != want.stdout {
			t.Errorf("read-only ask %d = %d, %q, %q; want %q", i, r.code, r.stdout, r.stderr, want.stdout)
		}
	}
	if r := runDocent(t, ro, "", "sources"); r.code != 0 || !strings.Contains(r.stdout, "Railway") {
		t.Errorf("read-only sources = %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	if r := runDocent(t, ro, "", "index"); r.code != 1 || !strings.Contains(r.stderr, "DOCENT_INDEX_READONLY") {
		t.Errorf("read-only index = %d, %q; want a refusal", r.code, r.stderr)
	}
	after := treeState(t, index)
	for p, s := range after {
		if before[p] != s {
			t.Errorf("read-only processes changed %s: %q, was %q", p, s, before[p])
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			t.Errorf("read-only processes removed %s", p)
		}
	}
	empty := map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": t.TempDir(), "DOCENT_INDEX_READONLY": "true"}
	if r := runDocent(t, empty, "", "ask", q); r.code != 1 || !strings.Contains(r.stderr, "docent index") {
		t.Errorf("read-only ask on an empty index folder = %d, %q; want an error naming docent index", r.code, r.stderr)
	}
}

// TestReadOnlyIndexOfAnotherVersion: a read-only process cannot rebuild an index an older
// docent wrote, so it says what to do instead of naming a format number.
func TestReadOnlyIndexOfAnotherVersion(t *testing.T) {
	corp, index := t.TempDir(), t.TempDir()
	writeOld(t, filepath.Join(corp, "a.txt"), "Harbour works\n\nThe harbour was built in 1887 by the town council after a long storm.\n")
	env := map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": index}
	if r := runDocent(t, env, "", "index"); r.code != 0 {
		t.Fatalf("docent index = %d, %q", r.code, r.stderr)
	}
	// the head of a snapshot as an earlier format wrote it
	var old bytes.Buffer
	if err := gob.NewEncoder(&old).Encode(struct {
		Format int
		Parts  []string
	}{Format: 1, Parts: []string{"x"}}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(index, snapshotName), old.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ro := map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": index, "DOCENT_INDEX_READONLY": "true"}
	r := runDocent(t, ro, "", "ask", "When was the harbour built?")
	if r.code == 0 || !strings.Contains(r.stderr, "another version of docent") || !strings.Contains(r.stderr, "without DOCENT_INDEX_READONLY") {
		t.Errorf("read-only ask on an older index = %d, %q; want advice to rebuild it", r.code, r.stderr)
	}
	if r := runDocent(t, env, "", "ask", "--json", "When was the harbour built?"); r.code != 0 || !strings.Contains(r.stdout, "1887") {
		t.Errorf("ask that may write = %d, %q, %q; want the index rebuilt and an answer", r.code, r.stdout, r.stderr)
	}
}
