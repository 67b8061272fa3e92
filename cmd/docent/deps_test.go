package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDependencyRule keeps the dependency direction of DESIGN.md: corpus imports neither
// bleve nor discordgo, and retrieval never imports discordgo.
func TestDependencyRule(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	tests := []struct {
		pkgs    string
		forbids []string
	}{
		{"github.com/docent-bot/docent/corpus/...", []string{"github.com/blevesearch/", "github.com/bwmarrin/discordgo"}},
		{"github.com/docent-bot/docent/retrieval/...", []string{"github.com/bwmarrin/discordgo"}},
	}
	for _, tt := range tests {
		out, err := exec.Command(goTool, "list", "-deps", tt.pkgs).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", tt.pkgs, err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range tt.forbids {
				if strings.HasPrefix(dep, f) {
					t.Errorf("%s depends on %s; DESIGN.md forbids it", tt.pkgs, dep)
				}
			}
		}
	}
}
