package main

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const (
	module    = "github.com/docent-bot/docent"
	bleve     = "github.com/blevesearch/"
	discordgo = "github.com/bwmarrin/discordgo"
)

// stemmers are the two stemming libraries of the blevesearch organisation that
// retrieval/analysis uses on their own: plain algorithms, not bleve, and needed by the
// ranking engine as much as by the index, so they are not the bleve adapter's alone.
var stemmers = []string{"github.com/blevesearch/go-porterstemmer", "github.com/blevesearch/snowballstem"}

// mmapGo is the blevesearch organisation's memory-mapping library (a fork of
// edsrzf/mmap-go), not bleve: the ranking engine maps its analysis file with it, as bleve
// maps its segments, on Unix and Windows alike.
const mmapGo = "github.com/blevesearch/mmap-go"

// TestDependencyRule keeps every "never" of DESIGN.md: corpus imports neither bleve nor
// discordgo; retrieval never imports discordgo; only the bleve adapter imports bleve;
// only bot and its sub-packages import discordgo; nothing imports cmd; metrics never
// imports bot. Direct imports count those of tests too.
func TestDependencyRule(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	imports := directImports(t)
	if len(imports) == 0 {
		t.Fatal("go list found no packages")
	}
	t.Run("corpus imports neither bleve nor discordgo", func(t *testing.T) {
		for _, dep := range deps(t, module+"/corpus/...") {
			if strings.HasPrefix(dep, bleve) || dep == discordgo {
				t.Errorf("corpus depends on %s", dep)
			}
		}
	})
	t.Run("retrieval never imports discordgo", func(t *testing.T) {
		for _, dep := range deps(t, module+"/retrieval/...") {
			if dep == discordgo {
				t.Errorf("retrieval depends on %s", dep)
			}
		}
	})
	t.Run("only the bleve adapter imports bleve", func(t *testing.T) {
		for pkg, imps := range imports {
			for _, imp := range imps {
				if strings.HasPrefix(imp, bleve) && pkg != module+"/retrieval/internal/bleveindex" &&
					!(pkg == module+"/retrieval/analysis" && isStemmer(imp)) &&
					!(pkg == module+"/retrieval/internal/rank" && imp == mmapGo) {
					t.Errorf("%s imports %s; only retrieval/internal/bleveindex may", pkg, imp)
				}
			}
		}
	})
	t.Run("only bot imports discordgo", func(t *testing.T) {
		for pkg, imps := range imports {
			for _, imp := range imps {
				if imp == discordgo && pkg != module+"/bot" && !strings.HasPrefix(pkg, module+"/bot/") {
					t.Errorf("%s imports %s; only bot and its sub-packages may", pkg, imp)
				}
			}
		}
	})
	t.Run("nothing imports cmd", func(t *testing.T) {
		for pkg, imps := range imports {
			for _, imp := range imps {
				if strings.HasPrefix(imp, module+"/cmd/") && imp != pkg {
					t.Errorf("%s imports %s", pkg, imp)
				}
			}
		}
	})
	t.Run("metrics never imports bot", func(t *testing.T) {
		var found []string
		for _, dep := range deps(t, module+"/bot/metrics") {
			if dep == module+"/bot" {
				found = append(found, dep)
			}
		}
		if len(found) > 0 {
			t.Errorf("bot/metrics depends on %s", found)
		}
	})
}

func isStemmer(imp string) bool {
	for _, s := range stemmers {
		if imp == s || strings.HasPrefix(imp, s+"/") {
			return true
		}
	}
	return false
}

// directImports returns the packages each package of the module imports itself, its
// tests' imports included.
func directImports(t *testing.T) map[string][]string {
	t.Helper()
	const format = "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}{{range .TestImports}} {{.}}{{end}}{{range .XTestImports}} {{.}}{{end}}"
	out := goList(t, "-f", format, module+"/...")
	m := make(map[string][]string)
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(line)
		if len(f) > 0 {
			m[f[0]] = f[1:]
		}
	}
	return m
}

// deps returns every package pkgs depend on, themselves included (not their tests).
func deps(t *testing.T, pkgs string) []string {
	t.Helper()
	return strings.Fields(goList(t, "-deps", pkgs))
}

func goList(t *testing.T, args ...string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	out, err := exec.Command(goTool, append([]string{"list"}, args...)...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, msg)
	}
	return string(out)
}
