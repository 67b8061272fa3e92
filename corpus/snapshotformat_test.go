package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// snapshotFormatGolden records the snapshotFormat and a hash of what parsing the fixtures
// gives with it.
const snapshotFormatGolden = "testdata/snapshot-format.golden"

// TestSnapshotFormatFollowsParsing fails when what parsing gives changes while
// snapshotFormat stays: a snapshot keeps parsed documents, so an older one would serve
// documents the new parser no longer makes; and the sums of the passages cut from them,
// so an older one would name passages the new cutting no longer makes. Bump snapshotFormat, then run
// go test ./corpus -run SnapshotFormat -update.
func TestSnapshotFormatFollowsParsing(t *testing.T) {
	got := fmt.Sprintf("snapshotFormat %d\nparsing %s\n", snapshotFormat, parsingHash(t))
	want, err := os.ReadFile(snapshotFormatGolden)
	if err != nil && !*update {
		t.Fatal(err)
	}
	if got == string(want) {
		return
	}
	wasFormat, _, _ := strings.Cut(string(want), "\n")
	if nowFormat, _, _ := strings.Cut(got, "\n"); nowFormat == wasFormat {
		t.Fatalf("parsing the fixtures gives other documents than when the golden file was written, "+
			"and snapshotFormat is still %d: bump it in snapshot.go, then run go test ./corpus -run SnapshotFormat -update", snapshotFormat)
	}
	if !*update {
		t.Fatalf("snapshotFormat changed: run go test ./corpus -run SnapshotFormat -update\n got: %s\nwant: %s", got, want)
	}
	if err := os.WriteFile(snapshotFormatGolden, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
}

// parsingHash hashes the documents parsed from every fixture file, from the bundled
// corpus and from generated PDFs, as a snapshot keeps them.
func parsingHash(t *testing.T) string {
	h := sha256.New()
	add := func(name string, data []byte) {
		docs, err := ParseFile(name, data)
		var passages []Passage
		for _, d := range docs {
			passages = append(passages, cutPassages(d, DefaultMinPassage, DefaultMaxPassage)...)
		}
		b, jerr := json.Marshal(struct {
			Docs     []Document
			Passages []Passage
		}{docs, passages})
		if jerr != nil {
			t.Fatal(jerr)
		}
		fmt.Fprintf(h, "%s\n%v\n%s\n", name, err != nil, b)
	}
	for _, dir := range []string{"parse", "clean", "loader"} {
		err := filepath.WalkDir(filepath.Join("testdata", dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".golden") || formatOf(p) == "" {
				return err
			}
			data, err := os.ReadFile(p)
			if err == nil {
				add(filepath.ToSlash(p), data)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	b := Bundled()
	err := fs.WalkDir(b, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || formatOf(p) == "" {
			return err
		}
		data, err := fs.ReadFile(b, p)
		if err == nil {
			add(p, data)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// PDFs are generated, not kept in testdata
	add("paper.pdf", paperPDF())
	add("words.pdf", wordsPDF())
	return hex.EncodeToString(h.Sum(nil))
}
