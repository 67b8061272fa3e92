package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestReadme keeps the README in step with the code: every variable of Config is in the
// configuration table, every command has a section, and the test command is the one
// .ci/run runs.
func TestReadme(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	ct := reflect.TypeFor[Config]()
	for i := range ct.NumField() {
		name, _, _ := strings.Cut(ct.Field(i).Tag.Get("env"), ",")
		if name != "" && !strings.Contains(text, "| `"+name+"` |") {
			t.Errorf("README's configuration table lacks %s", name)
		}
	}
	for name := range subcommands {
		if !strings.Contains(text, "### `docent "+name) {
			t.Errorf("README's command reference lacks docent %s", name)
		}
	}
	const testCmd = "go vet ./... && go test -race -timeout 40m ./..."
	ci, err := os.ReadFile("../../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "\n"+testCmd+"\n") || !strings.Contains(string(ci), "\n"+testCmd+"\n") {
		t.Errorf("README and .ci/run must both run %q", testCmd)
	}
	if !strings.Contains(text, "\ngo run ./cmd/docent ask \"What did ANAMA do in Afghanistan?\"\n") {
		t.Errorf("README lacks the first command")
	}
}

// TestNoConflictMarkers fails on a merge left half done in the project's documentation: a
// README or docs page holding git's conflict markers reads as two contradicting figures.
func TestNoConflictMarkers(t *testing.T) {
	pages, _ := filepath.Glob("../../docs/*.md")
	pages = append(pages, "../../README.md")
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			for _, marker := range []string{"<<<<<<< ", "=======", ">>>>>>> "} {
				if strings.HasPrefix(line, marker) && (marker != "=======" || strings.TrimRight(line, "=") == "") {
					t.Errorf("%s:%d: conflict marker %q", page, i+1, line)
				}
			}
		}
	}
}
