package retrieval

import (
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/docent-bot/docent/retrieval/internal/testkit"
)

// TestAbbreviationsKeptWithIndex: the abbreviations the corpus defines are saved beside
// the index and read back when it is reused, not found again: a file that defines "ZZ"
// makes a question about ZZ find chronic kidney disease.
func TestAbbreviationsKeptWithIndex(t *testing.T) {
	dir := t.TempDir()
	c := testCorpus(append(testDocs(), testkit.AbbrevDocs()...))
	mustOpen(t, dir, c, Options{}).Close()
	files, _ := filepath.Glob(filepath.Join(dir, "index-*", "docent-abbrevs.txt"))
	if len(files) != 1 {
		t.Fatalf("abbreviation files %v; want one in the index folder", files)
	}
	ask := func() int {
		ix := mustOpen(t, dir, c, Options{})
		defer ix.Close()
		return len(mustAnswer(t, ix, Query{Text: "What is ZZ?"}).Passages)
	}
	if n := ask(); n != 0 {
		t.Fatalf("ZZ found %d passages before any file defines it", n)
	}
	defined := "docent abbreviations 2\nckd\tchronic kidnei diseas\nzz\tchronic kidnei diseas\n"
	defined += fmt.Sprintf("end %08x\n", crc32.ChecksumIEEE([]byte(defined)))
	if err := os.WriteFile(files[0], []byte(defined), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := ask(); n == 0 {
		t.Error("ZZ found nothing: the saved abbreviations were not read")
	}
}

// TestRewriteRemovesLeftovers: a file of the index rewritten in place (here the
// abbreviations, removed) first clears what a killed rewrite left in the folder.
func TestRewriteRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	c := testCorpus(testDocs())
	mustOpen(t, dir, c, Options{}).Close()
	files, _ := filepath.Glob(filepath.Join(dir, "index-*", "docent-abbrevs.txt"))
	if len(files) != 1 {
		t.Fatalf("abbreviation files %v; want one in the index folder", files)
	}
	folder := filepath.Dir(files[0])
	left := filepath.Join(folder, "docent-store.bin.123456")
	if err := os.WriteFile(left, []byte("half a store"), 0o644); err != nil {
		t.Fatal(err)
	}
	long := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(left, long, long); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(files[0]); err != nil {
		t.Fatal(err)
	}
	mustOpen(t, dir, c, Options{}).Close()
	if _, err := os.Stat(files[0]); err != nil {
		t.Fatalf("the abbreviations were not written again: %v", err)
	}
	if _, err := os.Stat(left); err == nil {
		t.Errorf("%s, left by a killed rewrite, is still there", filepath.Base(left))
	}
}
