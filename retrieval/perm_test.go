package retrieval

import (
	"io/fs"
	"path/filepath"
	"testing"
)

// TestIndexReadableByAll: a read-only replica may run as another user than the one that
// built the index (DOCENT_INDEX_READONLY), so every file and folder of an index, built or
// updated, must be readable by all.
func TestIndexReadableByAll(t *testing.T) {
	dir := t.TempDir()
	docs := testDocs()
	mustOpen(t, dir, testCorpus(docs), Options{}).Close()
	check := func(step string) {
		t.Helper()
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			want := fs.FileMode(0o044)
			if d.IsDir() {
				want = 0o055
			}
			if info.Mode().Perm()&want != want {
				t.Errorf("%s: %s has mode %v; others cannot read it", step, path, info.Mode().Perm())
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	check("built")
	docs[0].Paragraphs[0].Text += " A sentence added."
	mustOpen(t, dir, testCorpus(docs), Options{}).Close()
	check("updated")
}
