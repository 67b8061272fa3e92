package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// result is what one run of docent printed and how it exited.
type result struct {
	stdout, stderr string
	code           int
}

// runDocent runs docent with args, env (nil: an empty environment whose caches live in a
// temporary folder) and stdin, through Main.Run as main() does.
func runDocent(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["XDG_CACHE_HOME"]; !ok {
		env["XDG_CACHE_HOME"] = t.TempDir()
	}
	var stdout, stderr bytes.Buffer
	m := &Main{Args: args, Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr, Env: env}
	err := m.Run(context.Background())
	if cerr := m.Close(); cerr != nil {
		t.Errorf("Close: %v", cerr)
	}
	code := exitCode(&stderr, err)
	return result{stdout.String(), stderr.String(), code}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		code    int
		stdout  []string // substrings
		stderr  []string
		noStdio bool
	}{
		{name: "no command", args: nil, code: 2, stderr: []string{"usage: docent <command>", "ask", "sources", "eval"}},
		{name: "help", args: []string{"help"}, code: 0, stdout: []string{"commands:", "extract"}},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: []string{`unknown command "frobnicate"`}},
		{name: "unknown flag", args: []string{"ask", "--nope", "what?"}, code: 2,
			stderr: []string{"ask: flag provided but not defined: -nope", "usage: docent ask"}},
		{name: "k too big", args: []string{"ask", "--k", "101", "what?"}, code: 2,
			stderr: []string{"--k must be between 1 and 100, not 101"}},
		{name: "k zero", args: []string{"ask", "--k=0", "what?"}, code: 2, stderr: []string{"--k must be between 1 and 100, not 0"}},
		{name: "k not a number", args: []string{"ask", "--k", "three", "what?"}, code: 2,
			stderr: []string{`invalid value "three" for flag -k`}},
		{name: "flags after the question", args: []string{"ask", "what", "now", "--k", "0"}, code: 2,
			stderr: []string{"--k must be between 1 and 100, not 0"}},
		{name: "no question", args: []string{"ask"}, code: 2, stderr: []string{"ask: no question given"}},
		{name: "bad from", args: []string{"ask", "--from", "yesterday", "q"}, code: 2,
			stderr: []string{`--from "yesterday" is not a date in the form YYYY-MM-DD`}},
		{name: "to before from", args: []string{"ask", "--from", "2020-02-01", "--to", "2020-01-01", "q"}, code: 2,
			stderr: []string{"--to 2020-01-01 is before --from 2020-02-01"}},
		{name: "ask help", args: []string{"ask", "-h"}, code: 0,
			stdout: []string{"usage: docent ask", "-k int", "-json", "-corpus folder", "DOCENT_K"}},
		{name: "env k out of range", env: map[string]string{"DOCENT_K": "500"}, args: []string{"ask", "q"}, code: 1,
			stderr: []string{"DOCENT_K must be between 1 and 100, not 500"}},
		{name: "flag overrides env", env: map[string]string{"DOCENT_K": "500", "DOCENT_CORPUS_DIR": "/nonexistent/docent"},
			args: []string{"ask", "--k", "5", "q"}, code: 1,
			stderr: []string{"corpus folder /nonexistent/docent does not exist"}},
		{name: "env problems together", env: map[string]string{
			"DOCENT_K": "many", "DOCENT_LOG_LEVEL": "loud", "DOCENT_RATE_WINDOW": "soon", "DOCENT_LOG_FORMAT": "xml"},
			args: []string{"sources"}, code: 1, stderr: []string{
				"configuration has 4 problems",
				`DOCENT_K="many" is not a whole number`,
				`DOCENT_RATE_WINDOW="soon" is not a duration such as 30s`,
				`DOCENT_LOG_LEVEL must be debug, info, warn or error, not "loud"`,
				`DOCENT_LOG_FORMAT must be text or json, not "xml"`}},
		{name: "env and flag problems together", env: map[string]string{"DOCENT_SHUTDOWN_TIMEOUT": "-1s"},
			args: []string{"ask", "--k", "0", "q"}, code: 2, stderr: []string{
				"configuration has 2 problems", "--k must be between 1 and 100", "DOCENT_SHUTDOWN_TIMEOUT must be a positive duration"}},
		{name: "ask threads not a bool", env: map[string]string{"DOCENT_ASK_THREADS": "maybe"}, args: []string{"sources"}, code: 1,
			stderr: []string{`DOCENT_ASK_THREADS="maybe" is not true or false`}},
		{name: "shard count", env: map[string]string{"DISCORD_SHARD_COUNT": "two"}, args: []string{"index"}, code: 1,
			stderr: []string{`DISCORD_SHARD_COUNT must be a number of shards (1 or more) or auto, not "two"`}},
		{name: "corpus file of no known type", args: []string{"index", "--corpus", "main_test.go"}, code: 1,
			stderr: []string{"corpus file main_test.go holds no usable documents"}},
		{name: "index takes no arguments", args: []string{"index", "extra"}, code: 2, stderr: []string{`index: takes no arguments, got "extra"`}},
		{name: "version ignores configuration", env: map[string]string{"DOCENT_K": "many"}, args: []string{"version"}, code: 0,
			stdout: []string{"docent ", "go1."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runDocent(t, tt.env, "", tt.args...)
			if r.code != tt.code {
				t.Errorf("docent %q exited %d; want %d\nstdout: %s\nstderr: %s", tt.args, r.code, tt.code, r.stdout, r.stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("docent %q stdout = %q; want it to contain %q", tt.args, r.stdout, s)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("docent %q stderr = %q; want it to contain %q", tt.args, r.stderr, s)
				}
			}
		})
	}
}

func TestIndexDir(t *testing.T) {
	cache := t.TempDir()
	m := &Main{Env: map[string]string{"XDG_CACHE_HOME": cache}}
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"explicit", Config{IndexDir: "/srv/docent/index", CorpusDir: "/a"}, "/srv/docent/index"},
		{"bundled", Config{}, filepath.Join(cache, "docent", "index", "bundled")},
	}
	for _, tt := range tests {
		got, err := m.indexDir(tt.cfg)
		if err != nil || got != tt.want {
			t.Errorf("%s: indexDir(%+v) = %q, %v; want %q", tt.name, tt.cfg, got, err, tt.want)
		}
	}
	a, _ := m.indexDir(Config{CorpusDir: "/data/a/docs"})
	b, _ := m.indexDir(Config{CorpusDir: "/data/b/docs"})
	if a == b || filepath.Dir(a) != filepath.Join(cache, "docent", "index") || !strings.HasPrefix(filepath.Base(a), "docs-") {
		t.Errorf("indexDir for two corpora = %q, %q; want distinct folders docs-<hash> under the cache", a, b)
	}
	wd, _ := os.Getwd()
	rel, _ := m.indexDir(Config{CorpusDir: "testdata"})
	abs, _ := m.indexDir(Config{CorpusDir: filepath.Join(wd, "testdata")})
	if rel != abs {
		t.Errorf("indexDir(testdata) = %q, indexDir(%s) = %q; want the same folder", rel, filepath.Join(wd, "testdata"), abs)
	}
}

func TestDataDir(t *testing.T) {
	tests := []struct {
		env  map[string]string
		cfg  Config
		want string
	}{
		{map[string]string{"HOME": "/home/u"}, Config{DataDir: "/var/lib/docent"}, "/var/lib/docent"},
		{map[string]string{"HOME": "/home/u", "XDG_DATA_HOME": "/xdg"}, Config{}, "/xdg/docent"},
		{map[string]string{"HOME": "/home/u"}, Config{}, "/home/u/.local/share/docent"},
	}
	for _, tt := range tests {
		m := &Main{Env: tt.env}
		if got, err := m.dataDir(tt.cfg); err != nil || got != tt.want {
			t.Errorf("dataDir with %v, %+v = %q, %v; want %q", tt.env, tt.cfg, got, err, tt.want)
		}
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	cfg, probs := loadConfig(map[string]string{})
	if err := probs.err(); err != nil {
		t.Fatalf("loadConfig(empty) problems: %v", err)
	}
	cfg.check(probs, func(string) (string, bool) { return "", false })
	if err := probs.err(); err != nil {
		t.Errorf("default configuration has problems: %v", err)
	}
	if cfg.K != 3 || cfg.LogLevel != "info" || cfg.LogFormat != "text" {
		t.Errorf("defaults K=%d LogLevel=%q LogFormat=%q; want 3, info, text", cfg.K, cfg.LogLevel, cfg.LogFormat)
	}
	cfg, _ = loadConfig(map[string]string{"DOCENT_K": "7", "DOCENT_CORPUS_DIR": "/docs"})
	if cfg.K != 7 || cfg.CorpusDir != "/docs" {
		t.Errorf("loadConfig K=%d CorpusDir=%q; want 7, /docs", cfg.K, cfg.CorpusDir)
	}
}

// TestNoAnswerThresholdChecked checks that the threshold is taken as a confidence: at
// most 1, negative to never refuse.
func TestNoAnswerThresholdChecked(t *testing.T) {
	for _, tt := range []struct {
		value string
		ok    bool
	}{{"0", true}, {"0.3", true}, {"-1", true}, {"1", true}, {"1.5", false}, {"NaN", false}} {
		cfg, probs := loadConfig(map[string]string{"DOCENT_NO_ANSWER_THRESHOLD": tt.value})
		cfg.check(probs, func(string) (string, bool) { return "", false })
		if err := probs.err(); (err == nil) != tt.ok {
			t.Errorf("DOCENT_NO_ANSWER_THRESHOLD=%s: problems %v; want ok %v", tt.value, err, tt.ok)
		}
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		err    error
		code   int
		stderr string
	}{
		{nil, 0, ""},
		{errHelp, 0, ""},
		{usageError{"bad flag"}, 2, "docent: bad flag\n"},
		{fmt.Errorf("ask: %w", usageError{"bad flag"}), 2, "docent: ask: bad flag\n"},
		{errors.New("open index /x: disk full"), 1, "docent: open index /x: disk full\n"},
		{fmt.Errorf("evaluate: %w", context.Canceled), 1, "docent: interrupted\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if code := exitCode(&b, tt.err); code != tt.code || b.String() != tt.stderr {
			t.Errorf("exitCode(%v) = %d, %q; want %d, %q", tt.err, code, b.String(), tt.code, tt.stderr)
		}
	}
}
