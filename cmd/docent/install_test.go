package main

import (
	"bufio"
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
)

// replaceDirectives returns the module paths a go.mod file replaces, in a replace line
// or a replace block. `go install module/cmd/docent@latest` refuses any.
func replaceDirectives(gomod []byte) []string {
	var found []string
	inBlock := false
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case inBlock && f[0] == ")":
			inBlock = false
		case inBlock:
			found = append(found, f[0])
		case f[0] == "replace" && len(f) > 1 && f[1] == "(":
			inBlock = true
		case f[0] == "replace" && len(f) > 1:
			found = append(found, f[1])
		}
	}
	return found
}

func TestReplaceDirectives(t *testing.T) {
	tests := []struct {
		name  string
		gomod string
		want  []string
	}{
		{"none", "module m\n\nrequire (\n\ta v1.0.0\n)\n", nil},
		{"line", "module m\n\nreplace a => ./a\n", []string{"a"}},
		{"line with version", "replace a v1.2.3 => b v1.0.0\n", []string{"a"}},
		{"block", "replace (\n\ta => ./a\n\t// c => ./c\n\tb v1.0.0 => ./b\n)\nrequire x v1\n", []string{"a", "b"}},
		{"commented out", "// replace a => ./a\n", nil},
		{"word in a comment", "require a v1.0.0 // replace me\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := replaceDirectives([]byte(tt.gomod)); !slices.Equal(got, tt.want) {
				t.Errorf("replaceDirectives(%q) = %q; want %q", tt.gomod, got, tt.want)
			}
		})
	}
}

// TestInstallable keeps docent installable with `go install …/cmd/docent@latest`: the
// go command refuses a module whose go.mod replaces anything.
func TestInstallable(t *testing.T) {
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if got := replaceDirectives(gomod); len(got) > 0 {
		t.Errorf("go.mod replaces %q; go install refuses replace directives", got)
	}
}
