package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRemoveLeftovers(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-2 * time.Hour)
	files := []struct {
		name  string
		old   bool
		stays bool
	}{
		{"docent-store.bin.123456", true, false},   // a killed Write's
		{"docent-records-abc.bin.42", true, false}, // a killed Write's
		{"docent-store.bin.654321", false, true},   // young: maybe a write in progress
		{"docent-store.bin", true, true},           // the file itself
		{"docent-store.bin.tmp", true, true},       // not Write's pattern
		{"manifest.json.123", true, true},          // not the prefix
		{"docent-forward.bin.12a", true, true},     // not digits
	}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if f.old {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	RemoveLeftovers(dir, "docent-", time.Hour)
	for _, f := range files {
		_, err := os.Stat(filepath.Join(dir, f.name))
		if stays := err == nil; stays != f.stays {
			t.Errorf("%s: stays = %v; want %v", f.name, stays, f.stays)
		}
	}
}
