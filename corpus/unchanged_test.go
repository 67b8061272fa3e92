package corpus

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestUnchanged: the snapshot's head alone tells that a folder is as it was loaded, and
// any change of file list, size or time (or of loading options) is seen.
func TestUnchanged(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		opts   Options
		same   bool
	}{
		{"nothing", func(*testing.T, string) {}, Options{}, true},
		{"unsupported file added", func(t *testing.T, dir string) { writeAt(t, dir, "x.exe", "MZ", past) }, Options{}, true},
		{"touched", func(t *testing.T, dir string) {
			if err := os.Chtimes(filepath.Join(dir, "a.txt"), past.Add(time.Minute), past.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
		}, Options{}, false},
		{"rewritten, same size and time", func(t *testing.T, dir string) {
			writeAt(t, dir, "a.txt", article("Axle", 3, footer), past) // 'Axle' for 'Alfa': the same length
		}, Options{}, true}, // metadata cannot tell: as git and make, the time is trusted
		{"grown", func(t *testing.T, dir string) { writeAt(t, dir, "a.txt", article("Alfa", 4, footer), past) }, Options{}, false},
		{"added", func(t *testing.T, dir string) { writeAt(t, dir, "d.txt", article("Delta", 2), past) }, Options{}, false},
		{"removed", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "b.txt")) }, Options{}, false},
		{"renamed", func(t *testing.T, dir string) {
			os.Rename(filepath.Join(dir, "b.txt"), filepath.Join(dir, "bb.txt"))
		}, Options{}, false},
		{"other options", func(*testing.T, string) {}, Options{MaxPassage: 2000}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, idx := t.TempDir(), t.TempDir()
			writeAt(t, dir, "a.txt", article("Alfa", 3, footer), past)
			writeAt(t, dir, "b.txt", article("Bravo", 3, footer), past)
			writeAt(t, dir, "sub/c.md", "# Charlie\n\n"+article("Charlie", 2, footer), past)
			c, snap, _, err := LoadDirFrom(context.Background(), dir, nil, Options{})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(idx, "docent-corpus.bin")
			if err := WriteSnapshot(path, snap); err != nil {
				t.Fatal(err)
			}
			if fp, err := SnapshotFingerprint(path); err != nil || fp != c.Fingerprint {
				t.Errorf("SnapshotFingerprint = %q, %v; want %q", fp, err, c.Fingerprint)
			}
			tc.change(t, dir)
			fp, n, err := Unchanged(context.Background(), dir, path, tc.opts)
			switch {
			case tc.same && (err != nil || fp != c.Fingerprint || n != 3):
				t.Errorf("Unchanged = %q, %d files, %v; want %q, 3 files", fp, n, err, c.Fingerprint)
			case !tc.same && !errors.Is(err, ErrChanged):
				t.Errorf("Unchanged = %q, %v; want ErrChanged", fp, err)
			}
		})
	}
}

func TestUnchangedWithoutSnapshot(t *testing.T) {
	dir := t.TempDir()
	writeAt(t, dir, "a.txt", article("Alfa", 3), past)
	if _, _, err := Unchanged(context.Background(), dir, filepath.Join(dir, "none.bin"), Options{}); err == nil {
		t.Error("Unchanged without a snapshot succeeded")
	}
	// a file changed as it was read is recorded without its time: never unchanged
	writeAt(t, dir, "b.txt", article("Bravo", 3), time.Now())
	_, snap, _, err := LoadDirFrom(context.Background(), dir, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "docent-corpus.bin")
	if err := WriteSnapshot(path, snap); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Unchanged(context.Background(), dir, path, Options{}); !errors.Is(err, ErrChanged) {
		t.Errorf("Unchanged with a racily clean file = %v; want ErrChanged", err)
	}
}
