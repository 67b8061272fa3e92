package corpus

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// renderDocuments prints documents as ParseFile returns them, for golden files.
func renderDocuments(docs []Document, err error) string {
	var b strings.Builder
	if err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
	}
	for _, d := range docs {
		fmt.Fprintf(&b, "id: %s\ntitle: %s\n", d.ID, d.Title)
		for _, f := range []struct{ k, v string }{
			{"subtitle", d.Subtitle}, {"authors", strings.Join(d.Authors, "; ")}, {"publication", d.Publication},
			{"url", d.URL}, {"tags", strings.Join(d.Tags, ", ")}, {"bio", d.AuthorBio},
		} {
			if f.v != "" {
				fmt.Fprintf(&b, "%s: %s\n", f.k, f.v)
			}
		}
		if !d.Published.IsZero() {
			fmt.Fprintf(&b, "published: %s\n", d.Published.Format("2006-01-02T15:04:05Z07:00"))
		}
		for _, p := range d.Paragraphs {
			fmt.Fprintf(&b, "¶%d [%s] %s\n", p.N, p.Heading, p.Text)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// TestParseFileGolden parses every file of testdata/parse and compares the result with
// its .golden file; go test ./corpus -run Golden -update rewrites them.
func TestParseFileGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "parse", "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".golden") {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := renderDocuments(ParseFile(filepath.Base(f), data))
			golden := f + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("ParseFile(%s) differs from %s:\n--- got\n%s--- want\n%s", f, golden, got, want)
			}
		})
	}
	if n == 0 {
		t.Fatal("no files in testdata/parse")
	}
}
