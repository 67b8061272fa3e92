package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot/feedback"
)

// writeStore records entries in dir's feedback store as docent serve does.
func writeStore(t *testing.T, dir string, entries ...feedback.Entry) {
	t.Helper()
	s, err := feedback.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, e := range entries {
		if err := s.Add(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
}

var gapsT0 = time.Date(2026, 4, 2, 9, 30, 0, 0, time.UTC)

func sampleGaps(t *testing.T) string {
	dir := t.TempDir()
	writeStore(t, dir,
		feedback.Entry{Time: gapsT0, Kind: feedback.NoAnswer, Question: "Who founded ANAMA?", Surface: "slash", UserID: "u1"},
		feedback.Entry{Time: gapsT0.Add(time.Hour), Kind: feedback.Up, Question: "liked answer", Surface: "slash"},
		feedback.Entry{Time: gapsT0.Add(2 * time.Hour), Kind: feedback.Down, Question: "What   is\nthe TAP\tpipeline?",
			Surface: "button", DocID: "002_0ae4c268afa050ca.txt", Passages: []string{"002#3-3"}},
		feedback.Entry{Time: gapsT0.Add(3 * time.Hour), Kind: feedback.NoAnswer, Surface: "dm",
			Question: "A very long question " + strings.Repeat("about many things ", 10)},
	)
	// A crash in the middle of a write left half a record behind.
	f, err := os.OpenFile(filepath.Join(dir, feedback.FileName), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"time":"2026-04-03T00:00:00Z","kind":"no_answer","quest`)
	f.Close()
	return dir
}

func TestGapsTable(t *testing.T) {
	dir := sampleGaps(t)
	r := runDocent(t, map[string]string{"DOCENT_DATA_DIR": dir}, "", "gaps")
	if r.code != 0 {
		t.Fatalf("docent gaps exited %d: %s", r.code, r.stderr)
	}
	golden(t, "gaps.golden", []byte(r.stdout))
}

func TestGapsJSON(t *testing.T) {
	dir := sampleGaps(t)
	tests := []struct {
		args []string
		want []string // questions, in order
	}{
		{[]string{"--json"}, []string{"A very long", "What   is", "Who founded"}},
		{[]string{"--json", "--kind", "down"}, []string{"What   is"}},
		{[]string{"--json", "--kind=no_answer", "--limit", "1"}, []string{"A very long"}},
	}
	for _, tt := range tests {
		r := runDocent(t, map[string]string{"DOCENT_DATA_DIR": dir}, "", append([]string{"gaps"}, tt.args...)...)
		if r.code != 0 {
			t.Fatalf("gaps %v exited %d: %s", tt.args, r.code, r.stderr)
		}
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if len(lines) != len(tt.want) {
			t.Fatalf("gaps %v printed %d lines; want %d:\n%s", tt.args, len(lines), len(tt.want), r.stdout)
		}
		for i, line := range lines {
			var e feedback.Entry
			if err := json.Unmarshal([]byte(line), &e); err != nil {
				t.Fatalf("gaps %v line %d is not JSON: %v", tt.args, i+1, err)
			}
			if !strings.HasPrefix(e.Question, tt.want[i]) {
				t.Errorf("gaps %v line %d: question %q; want it to start with %q", tt.args, i+1, e.Question, tt.want[i])
			}
		}
	}
}

func TestGapsSurvivesRestartAfterCrash(t *testing.T) {
	dir := sampleGaps(t)
	// The next start appends after the torn line; nothing before or after it is lost.
	writeStore(t, dir, feedback.Entry{Time: gapsT0.Add(4 * time.Hour), Kind: feedback.Down, Question: "after the crash"})
	r := runDocent(t, map[string]string{"DOCENT_DATA_DIR": dir}, "", "gaps", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], "after the crash") || !strings.Contains(lines[3], "Who founded") {
		t.Errorf("after a crash and a restart gaps printed:\n%s\nwant the new entry first and all three old ones", r.stdout)
	}
}

func TestGapsSeveralReplicas(t *testing.T) {
	root := t.TempDir()
	writeStore(t, filepath.Join(root, "docent-a"), feedback.Entry{Time: gapsT0, Kind: feedback.NoAnswer, Question: "from a"})
	writeStore(t, filepath.Join(root, "docent-b"), feedback.Entry{Time: gapsT0.Add(time.Minute), Kind: feedback.NoAnswer, Question: "from b"})
	r := runDocent(t, nil, "", "gaps", "--json", "--data", filepath.Join(root, "*"))
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "from b") || !strings.Contains(lines[1], "from a") {
		t.Errorf("gaps over two replicas printed:\n%s\nwant b then a", r.stdout)
	}
}

func TestGapsErrors(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"nothing recorded", map[string]string{"DOCENT_DATA_DIR": t.TempDir()}, nil, 0,
			"No unanswered questions or 👎 feedback recorded.", "docent serve has recorded nothing there yet"},
		{"bad kind", nil, []string{"--kind", "up"}, 2, "", "--kind must be no_answer, down or all"},
		{"negative limit", nil, []string{"--limit=-1"}, 2, "", "cannot be negative"},
		{"argument", nil, []string{"extra"}, 2, "", `takes no arguments, got "extra"`},
		{"help", nil, []string{"-h"}, 0, "usage: docent gaps", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runDocent(t, tt.env, "", append([]string{"gaps"}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("gaps %v = exit %d, stdout %q, stderr %q; want %d, %q, %q",
					tt.args, r.code, r.stdout, r.stderr, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

func TestGapsGroup(t *testing.T) {
	dir := t.TempDir()
	writeStore(t, dir,
		feedback.Entry{Time: gapsT0, Kind: feedback.NoAnswer, Question: "Who funds the pipeline?"},
		feedback.Entry{Time: gapsT0.Add(time.Minute), Kind: feedback.NoAnswer, Question: "When was it signed?"},
		feedback.Entry{Time: gapsT0.Add(2 * time.Minute), Kind: feedback.Down, Question: "who  funds the PIPELINE?"},
		feedback.Entry{Time: gapsT0.Add(3 * time.Minute), Kind: feedback.NoAnswer, Question: "Who funds the pipeline?"},
	)
	r := runDocent(t, map[string]string{"DOCENT_DATA_DIR": dir}, "", "gaps", "--group")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	golden(t, "gaps-group.golden", []byte(r.stdout))

	r = runDocent(t, map[string]string{"DOCENT_DATA_DIR": dir}, "", "gaps", "--group", "--json", "--limit", "1")
	var g struct {
		Question string `json:"question"`
		Count    int    `json:"count"`
		Down     int    `json:"down"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(r.stdout)), &g); err != nil {
		t.Fatalf("gaps --group --json --limit 1 printed %q: %v", r.stdout, err)
	}
	if g.Question != "Who funds the pipeline?" || g.Count != 3 || g.Down != 1 {
		t.Errorf("top group = %+v; want the pipeline question, 3 times, 1 down", g)
	}
}
