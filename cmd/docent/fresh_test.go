package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// writeOld writes a corpus file dated an hour ago, so that its metadata alone tells it
// has not changed.
func writeOld(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
}

func TestIndexReportsChanges(t *testing.T) {
	corp, index := t.TempDir(), t.TempDir()
	writeOld(t, filepath.Join(corp, "a.txt"), "Harbour works\n\nThe harbour was built in 1887 by the town council after a long storm.\n")
	writeOld(t, filepath.Join(corp, "b.txt"), "Railway\n\nThe railway reached the town in 1902, bringing coal and visitors.\n")
	env := map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": index}
	steps := []struct {
		name   string
		change func()
		want   []string
	}{
		{"first", func() {}, []string{"2 added, 0 changed, 0 removed, 0 unchanged (2 read)", "built (missing)"}},
		{"again", func() {}, []string{"0 added, 0 changed, 0 removed, 2 unchanged (0 read)", "up to date, reused"}},
		{"touch", func() {
			if err := os.Chtimes(filepath.Join(corp, "a.txt"), time.Now().Add(-time.Minute), time.Now().Add(-time.Minute)); err != nil {
				t.Fatal(err)
			}
		}, []string{"0 added, 0 changed, 0 removed, 2 unchanged (1 read)", "up to date, reused"}},
		{"change and add", func() {
			writeOld(t, filepath.Join(corp, "b.txt"), "Railway\n\nThe railway reached the town in 1903, bringing coal and visitors.\n")
			writeOld(t, filepath.Join(corp, "c.txt"), "Mill\n\nThe mill burned down in 1920 and was never rebuilt by its owners.\n")
		}, []string{"1 added, 1 changed, 0 removed, 1 unchanged (2 read)", "built"}},
		{"remove", func() {
			if err := os.Remove(filepath.Join(corp, "c.txt")); err != nil {
				t.Fatal(err)
			}
		}, []string{"0 added, 0 changed, 1 removed, 2 unchanged (0 read)", "updated (only the passages that changed were indexed)"}},
	}
	for _, s := range steps {
		s.change()
		r := runDocent(t, env, "", "index")
		for _, w := range s.want {
			if r.code != 0 || !strings.Contains(r.stdout, w) {
				t.Errorf("%s: docent index = %d, %q, %q; want %q", s.name, r.code, r.stdout, r.stderr, w)
			}
		}
	}
	r := runDocent(t, env, "", "ask", "--json", "When was the harbour built?")
	if r.code != 0 || !strings.Contains(r.stdout, `"doc":"a.txt"`) {
		t.Errorf("ask after the updates = %d, %q; want a.txt first", r.code, r.stdout)
	}
}

// TestIndexKeepsSnapshotAfterIndex checks that docent index writes the corpus snapshot
// after the index it updated, so that a read-only process starting during the update
// finds the snapshot and the index of the same, older, corpus.
func TestIndexKeepsSnapshotAfterIndex(t *testing.T) {
	corp, index := t.TempDir(), t.TempDir()
	writeOld(t, filepath.Join(corp, "a.txt"), "Harbour works\n\nThe harbour was built in 1887 by the town council after a long storm.\n")
	writeOld(t, filepath.Join(corp, "b.txt"), "Railway\n\nThe railway reached the town in 1902, bringing coal and visitors.\n")
	env := map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": index}
	runDocent(t, env, "", "index")
	writeOld(t, filepath.Join(corp, "b.txt"), "Railway\n\nThe railway reached the town in 1903, bringing coal and visitors.\n")
	if r := runDocent(t, env, "", "index"); r.code != 0 || !strings.Contains(r.stdout, "updated") {
		t.Fatalf("docent index = %d, %q; want an update", r.code, r.stdout)
	}
	manifest, err := os.Stat(filepath.Join(index, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	snapshot, err := os.Stat(filepath.Join(index, "docent-corpus.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if snapshot.ModTime().Before(manifest.ModTime()) {
		t.Errorf("the corpus snapshot was written at %v, before the index manifest at %v", snapshot.ModTime(), manifest.ModTime())
	}
}

// TestAskReadsNothingOfAnUnchangedCorpus: on an up-to-date index a new process lists
// and stats the corpus folder, and answers from the index folder alone: it reads no
// corpus file (a file rewritten with its size and time kept still answers as indexed)
// and no part of the corpus snapshot (they are removed). Any change of metadata loads the
// folder again.
func TestAskReadsNothingOfAnUnchangedCorpus(t *testing.T) {
	corp, index := t.TempDir(), t.TempDir()
	a := filepath.Join(corp, "a.txt")
	writeOld(t, a, "Harbour works\n\nThe harbour was built in 1887 by the town council after a long storm.\n")
	writeOld(t, filepath.Join(corp, "b.txt"), "Railway\n\nThe railway reached the town in 1902, bringing coal and visitors.\n")
	env := map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": index}
	if r := runDocent(t, env, "", "index"); r.code != 0 {
		t.Fatalf("docent index = %d, %q", r.code, r.stderr)
	}
	st, err := os.Stat(a)
	if err != nil {
		t.Fatal(err)
	}
	writeOld(t, a, "Harbour works\n\nThe harbour was built in 1777 by the town council after a long storm.\n")
	if err := os.Chtimes(a, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	parts, _ := filepath.Glob(filepath.Join(index, "docent-corpus-*.part"))
	if len(parts) == 0 {
		t.Fatal("no snapshot parts to remove: the test checks nothing")
	}
	for _, p := range parts {
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	ask := func(env map[string]string, want string) {
		t.Helper()
		r := runDocent(t, env, "", "ask", "--json", "When was the harbour built?")
		if r.code != 0 || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, `"doc":"a.txt"`) {
			t.Errorf("ask = %d, %q, %q; want a.txt with %q", r.code, r.stdout, r.stderr, want)
		}
	}
	ask(env, "1887")
	ask(map[string]string{"DOCENT_INDEX_DIR": index, "DOCENT_INDEX_READONLY": "true"}, "1887")
	writeOld(t, filepath.Join(corp, "c.txt"), "Mill\n\nThe mill burned down in 1920 and was never rebuilt by its owners.\n")
	ask(env, "1777") // a file was added: the folder is read again, and every file with it
}
