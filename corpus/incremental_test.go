package corpus

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// article writes a small text article with n paragraphs of its own and extra paragraphs
// (shared footer, say) at the end.
func article(title string, n int, extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", title)
	for i := range n {
		fmt.Fprintf(&b, "Paragraph %d of %s tells of the harbour, the ships and the people of the town in some detail, so that it is long enough.\n\n", i+1, strings.ToLower(title))
	}
	for _, e := range extra {
		b.WriteString(e + "\n\n")
	}
	return b.String()
}

const footer = "Subscribe to our newsletter for more articles like this one every week."

// past is an old modification time: files set to it are never racily clean.
var past = time.Now().Add(-time.Hour)

func writeAt(t *testing.T, dir, name, text string, mtime time.Time) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}

func TestLoadDirFrom(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		want   Changes
		check  func(t *testing.T, c *Corpus)
	}{
		{"nothing", func(*testing.T, string) {}, Changes{Unchanged: 3}, nil},
		{"touch", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "a.txt")
			if err := os.Chtimes(p, past.Add(time.Minute), past.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
		}, Changes{Unchanged: 3, Touched: 1, Read: 1}, nil},
		{"add", func(t *testing.T, dir string) {
			writeAt(t, dir, "sub/d.txt", article("Delta", 3), past)
		}, Changes{Added: 1, Unchanged: 3, Read: 1}, nil},
		{"change", func(t *testing.T, dir string) {
			writeAt(t, dir, "b.txt", article("Bravo", 5), past.Add(time.Minute))
		}, Changes{Changed: 1, Unchanged: 2, Read: 1}, nil},
		{"remove", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "c.txt")); err != nil {
				t.Fatal(err)
			}
		}, Changes{Removed: 1, Unchanged: 2}, nil},
		{"rename", func(t *testing.T, dir string) {
			if err := os.Rename(filepath.Join(dir, "c.txt"), filepath.Join(dir, "e.txt")); err != nil {
				t.Fatal(err)
			}
		}, Changes{Added: 1, Removed: 1, Unchanged: 2, Read: 1}, nil},
		{"unreadable", func(t *testing.T, dir string) {
			p := filepath.Join(dir, "c.txt")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(dir, "gone"), p); err != nil {
				t.Fatal(err)
			}
		}, Changes{Removed: 1, Unchanged: 2}, nil},
		{"footer appears in a second document", func(t *testing.T, dir string) {
			writeAt(t, dir, "b.txt", article("Bravo", 4, footer), past.Add(time.Minute))
		}, Changes{Changed: 1, Unchanged: 2, Read: 1}, func(t *testing.T, c *Corpus) {
			for _, p := range c.Passages {
				if strings.Contains(p.Text, "Subscribe") {
					t.Errorf("passage %s keeps the footer line repeated in two documents", p.ID)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeAt(t, dir, "a.txt", article("Alpha", 4, footer), past)
			writeAt(t, dir, "b.txt", article("Bravo", 4), past)
			writeAt(t, dir, "c.txt", article("Charlie", 6), past)
			ctx := context.Background()
			_, snap, first, err := LoadDirFrom(ctx, dir, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if want := (Changes{Added: 3, Read: 3}); first != want {
				t.Fatalf("first load: changes %+v; want %+v", first, want)
			}
			tt.change(t, dir)
			got, _, ch, err := LoadDirFrom(ctx, dir, snap, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if ch != tt.want {
				t.Errorf("changes %+v; want %+v", ch, tt.want)
			}
			fresh, err := LoadDir(ctx, dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got.Fingerprint != fresh.Fingerprint || !reflect.DeepEqual(got.Passages, fresh.Passages) {
				t.Errorf("incremental load differs from a fresh load: %d passages, want %d", len(got.Passages), len(fresh.Passages))
			}
			if !slices.Equal(got.DocSums, fresh.DocSums) {
				t.Errorf("incremental load's document sums %x; a fresh load's %x", got.DocSums, fresh.DocSums)
			}
			if tt.check != nil {
				tt.check(t, got)
			}
		})
	}
}

// TestDocSumsFollowCleaning checks that the documents' sums a snapshot keeps are taken
// again when a document is cleaned otherwise: a line that comes to repeat in a second
// document leaves the first, unchanged file, and comes back when it no longer repeats.
func TestDocSumsFollowCleaning(t *testing.T) {
	dir, index := t.TempDir(), t.TempDir()
	path := filepath.Join(index, "docent-corpus.bin")
	const shared = "The harbour master's office keeps a record of every ship that docked in the town since 1850."
	writeAt(t, dir, "a.txt", article("Alpha", 4, shared), past)
	var prev *Snapshot
	var sums [][]Sum
	for i, b := range []string{article("Bravo", 4), article("Bravo", 4, shared), article("Bravo", 5)} {
		writeAt(t, dir, "b.txt", b, past.Add(time.Duration(i)*time.Minute))
		c, next, _, err := LoadDirFrom(context.Background(), dir, prev, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteSnapshot(path, next); err != nil {
			t.Fatal(err)
		}
		if prev, err = ReadSnapshot(path); err != nil {
			t.Fatal(err)
		}
		fresh, err := LoadDir(context.Background(), dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if c.Fingerprint != fresh.Fingerprint || !slices.Equal(c.DocSums, fresh.DocSums) {
			t.Errorf("step %d: sums %x; a fresh load's %x", i, c.DocSums, fresh.DocSums)
		}
		for _, f := range prev.Files {
			if len(f.Sums) != len(f.Docs) || f.Sums[0].Sum == (Sum{}) {
				t.Errorf("step %d: the snapshot keeps no sum of %s", i, f.Path)
			}
		}
		sums = append(sums, c.DocSums)
	}
	if sums[1][0] == sums[0][0] {
		t.Error("a.txt keeps its sum when its footer repeats in b.txt")
	}
	if sums[2][0] != sums[0][0] {
		t.Error("a.txt does not get its sum back when its footer no longer repeats")
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	dir := t.TempDir()
	writeAt(t, dir, "a.txt", article("Alpha", 4, footer), past)
	writeAt(t, dir, "b.txt", article("Bravo", 4, footer), past)
	c, snap, _, err := LoadDirFrom(context.Background(), dir, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "snap.bin")
	if err := WriteSnapshot(path, snap); err != nil {
		t.Fatal(err)
	}
	back, err := ReadSnapshot(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := back.Corpus(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Fingerprint != c.Fingerprint {
		t.Errorf("corpus from the snapshot has fingerprint %s; want %s", got.Fingerprint, c.Fingerprint)
	}
	if _, err := back.Corpus(Options{MaxPassage: 900}); err == nil {
		t.Error("Corpus with other options = nil error; want one")
	}
	if got := (Changes{Added: 3, Changed: 1, Removed: 2, Unchanged: 19994}).String(); got != "3 added, 1 changed, 2 removed, 19,994 unchanged" {
		t.Errorf("Changes.String() = %q", got)
	}
}

func TestRemoveSnapshotLeftovers(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "snap.bin")
	if err := WriteSnapshot(path, &Snapshot{Format: snapshotFormat}); err != nil {
		t.Fatal(err)
	}
	// what writes killed before their rename leave, and files that are not theirs
	for _, name := range []string{".snap.bin.123.tmp", ".snap.bin.456.tmp", "other.tmp", ".other.bin.1.tmp"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("half"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := RemoveSnapshotLeftovers(path); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if want := []string{".other.bin.1.tmp", "other.tmp", "snap.bin"}; !slices.Equal(got, want) {
		t.Errorf("after RemoveSnapshotLeftovers the folder holds %v; want %v", got, want)
	}
}

// TestSnapshotRewritesChangedParts checks that writing a snapshot after a change rewrites
// only the part of the changed file, keeps the parts of the snapshot before for its
// readers, removes older ones, and reads back the corpus it was made of.
func TestSnapshotRewritesChangedParts(t *testing.T) {
	dir, index := t.TempDir(), t.TempDir()
	for i := range 40 {
		writeAt(t, dir, fmt.Sprintf("f%02d.txt", i), article(fmt.Sprintf("Title %d", i), 3), past)
	}
	path := filepath.Join(index, "docent-corpus.bin")
	parts := func() []string {
		m, err := filepath.Glob(filepath.Join(index, "docent-corpus-*.part"))
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	var prev *Snapshot
	step := func(name string) (*Corpus, []string) {
		t.Helper()
		if prev != nil {
			var err error
			if prev, err = ReadSnapshot(path); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		c, next, _, err := LoadDirFrom(context.Background(), dir, prev, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := WriteSnapshot(path, next); err != nil {
			t.Fatal(err)
		}
		prev = next
		back, err := ReadSnapshot(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if bc, err := back.Corpus(Options{}); err != nil || bc.Fingerprint != c.Fingerprint {
			t.Errorf("%s: the snapshot read back gives another corpus (%v)", name, err)
		}
		return c, parts()
	}
	_, first := step("first")
	if len(first) < 2 {
		t.Fatalf("40 files in %d parts; want several", len(first))
	}
	writeAt(t, dir, "f07.txt", article("Title seven", 4), past.Add(time.Minute))
	_, second := step("one file changed")
	if added := len(second) - len(first); added != 1 {
		t.Errorf("after one file changed: %d parts, before %d; want one part more (the old one kept for readers)", len(second), len(first))
	}
	writeAt(t, dir, "f07.txt", article("Title seven", 5), past.Add(2*time.Minute))
	_, third := step("changed again")
	if len(third) != len(second) {
		t.Errorf("after a second change: %d parts, before %d; want the oldest part of f07 removed", len(third), len(second))
	}
}

// TestLoadDirFromSnapshot checks the load that reads the snapshot file while it lists
// the folder: what it reads, and when the snapshot it returns needs writing.
func TestLoadDirFromSnapshot(t *testing.T) {
	dir, index := t.TempDir(), t.TempDir()
	path := filepath.Join(index, "docent-corpus.bin")
	writeAt(t, dir, "a.txt", article("Alpha", 4), past)
	writeAt(t, dir, "b.txt", article("Bravo", 4), past)
	steps := []struct {
		name        string
		change      func()
		want        Changes
		unsaved     bool
		snapshotErr bool
	}{
		{"no snapshot yet", func() {}, Changes{Added: 2, Read: 2}, true, false},
		{"nothing changed", func() {}, Changes{Unchanged: 2}, false, false},
		{"a file changed", func() { writeAt(t, dir, "b.txt", article("Bravo", 5), past.Add(time.Minute)) }, Changes{Changed: 1, Unchanged: 1, Read: 1}, true, false},
		{"a damaged snapshot", func() {
			if err := os.WriteFile(path, []byte("not a snapshot"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, Changes{Added: 2, Read: 2}, true, true},
	}
	for _, st := range steps {
		st.change()
		var snapshotErr error
		c, next, ch, err := LoadDirFromSnapshot(context.Background(), dir, path, func(err error) { snapshotErr = err }, Options{})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if ch != st.want || next.Unsaved() != st.unsaved || (snapshotErr != nil) != st.snapshotErr {
			t.Errorf("%s: changes %+v, unsaved %v, snapshot error %v; want %+v, %v, an error %v",
				st.name, ch, next.Unsaved(), snapshotErr, st.want, st.unsaved, st.snapshotErr)
		}
		fresh, err := LoadDir(context.Background(), dir, Options{})
		if err != nil || c.Fingerprint != fresh.Fingerprint {
			t.Errorf("%s: fingerprint %s; a fresh load's %s (%v)", st.name, c.Fingerprint, fresh.Fingerprint, err)
		}
		if next.Unsaved() {
			if err := WriteSnapshot(path, next); err != nil {
				t.Fatal(err)
			}
		}
	}
}
