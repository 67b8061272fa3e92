package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// These tests run docent whole, through Main.Run, on the bundled corpus and on fixtures.

func TestAskBundled(t *testing.T) {
	r := runDocent(t, nil, "", "ask", "When did Israel open its embassy in Baku?")
	if r.code != 0 {
		t.Fatalf("ask exited %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"August 1993", "[1] “Why Azerbaijan is moving closer to Israel”", "Giorgio Cafiero", "¶"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("ask stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\033[") {
		t.Errorf("ask wrote ANSI escapes to a non-terminal:\n%q", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("ask wrote to stderr with the default, quiet log level: %s", r.stderr)
	}
}

// TestAskBundledNoAnswer checks the two outcomes short of an answer on the terminal: a
// question nothing in the corpus is about is refused; one near its topics (a fact about a
// place the articles discuss, which they do not give) is hedged, with the passages.
func TestAskBundledNoAnswer(t *testing.T) {
	r := runDocent(t, nil, "", "ask", "How do I reset my wifi router password?")
	if r.code != 0 || r.stdout != noAnswerText+"\n" {
		t.Errorf("ask(off topic) = %d, %q; want 0 and the no-answer text", r.code, r.stdout)
	}
	r = runDocent(t, nil, "", "ask", "how many people live in nakhichevan")
	if r.code != 0 || !strings.HasPrefix(r.stdout, hedgedText+"\n\n[1] ") {
		t.Errorf("ask(near topic) = %d, %q; want 0, the hedge and the passages", r.code, r.stdout)
	}
}

func TestAskBundledQueryError(t *testing.T) {
	r := runDocent(t, nil, "", "ask", strings.Repeat("why ", 200))
	if r.code != 1 || r.stdout != "" || !strings.HasPrefix(r.stderr, "docent: ") {
		t.Errorf("ask(too long) = %d, %q, %q; want 1, nothing on stdout and the reason on stderr", r.code, r.stdout, r.stderr)
	}
}

func TestAskJSONStream(t *testing.T) {
	questions := []string{
		"When did Israel open its embassy in Baku?",
		"",
		"the of and",
		`"+-:*?~^/()` + "\t",
		"Who is Stephen Blank?",
		strings.Repeat("long ", 100),
	}
	r := runDocent(t, nil, strings.Join(questions, "\n")+"\n", "ask", "--json", "--k", "4", "-")
	if r.code != 0 {
		t.Fatalf("ask --json - exited %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) != len(questions) {
		t.Fatalf("ask --json - printed %d lines for %d questions:\n%s", len(lines), len(questions), r.stdout)
	}
	for i, l := range lines {
		var a map[string]any
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatalf("line %d is not JSON: %v: %s", i+1, err, l)
		}
		for _, k := range []string{"question", "answer", "no_answer", "passages"} {
			if _, ok := a[k]; !ok {
				t.Errorf("line %d lacks %q: %s", i+1, k, l)
			}
		}
		if a["question"] != strings.TrimSpace(questions[i]) {
			t.Errorf("line %d question = %q; want %q", i+1, a["question"], strings.TrimSpace(questions[i]))
		}
		ps, _ := a["passages"].([]any)
		if len(ps) > 4 {
			t.Errorf("line %d has %d passages; want at most --k 4", i+1, len(ps))
		}
		for j, p := range ps {
			p := p.(map[string]any)
			if len(p) != 9 || p["rank"] != float64(j+1) || p["doc"] == "" || p["text"] == "" {
				t.Errorf("line %d passage %d = %v; want the 9 fields, rank %d, a doc and text", i+1, j+1, p, j+1)
			}
		}
	}
	var first, empty, long map[string]any
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[1]), &empty)
	json.Unmarshal([]byte(lines[5]), &long)
	if first["no_answer"] != false || first["error"] != nil {
		t.Errorf("answerable question: %s", lines[0])
	}
	if p := first["passages"].([]any)[0].(map[string]any); p["doc"] != "003_13cec1daa4145e93.txt" || p["published"] != "2023-01-19" {
		t.Errorf("first passage doc, published = %v, %v; want 003_13cec1daa4145e93.txt, 2023-01-19", p["doc"], p["published"])
	}
	for _, a := range []map[string]any{empty, long} {
		if e, _ := a["error"].(string); e == "" || a["no_answer"] != true {
			t.Errorf("rejected question %q: error %v, no_answer %v; want a reason and true", a["question"], a["error"], a["no_answer"])
		}
	}
}

func TestAskFilters(t *testing.T) {
	r := runDocent(t, nil, "", "ask", "--json", "--k", "10", "--source", "001_b9bde344a18e4a0c.txt", "Iran")
	var a jsonAnswer
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil || r.code != 0 {
		t.Fatalf("ask --source: %d %v %s", r.code, err, r.stderr)
	}
	if len(a.Passages) < 2 {
		t.Errorf("ask --source 001... found %d passages; want several", len(a.Passages))
	}
	for _, p := range a.Passages {
		if p.Doc != "001_b9bde344a18e4a0c.txt" {
			t.Errorf("ask --source 001...: passage from %s", p.Doc)
		}
	}
	r = runDocent(t, nil, "", "ask", "--source", "nope.txt", "Iran")
	if r.code != 1 || !strings.Contains(r.stderr, `no document "nope.txt" in the corpus; run 'docent sources'`) {
		t.Errorf("ask --source nope.txt = %d, %q", r.code, r.stderr)
	}
	r = runDocent(t, nil, "", "ask", "--json", "--k", "10", "--from", "2023-01-01", "Azerbaijan Israel Iran")
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil || r.code != 0 {
		t.Fatalf("ask --from: %d %v %s", r.code, err, r.stderr)
	}
	if len(a.Passages) < 2 {
		t.Errorf("ask --from 2023-01-01 found %d passages; want several", len(a.Passages))
	}
	for _, p := range a.Passages {
		if p.Published < "2023-01-01" {
			t.Errorf("ask --from 2023-01-01: passage from %s published %q", p.Doc, p.Published)
		}
	}
}

func TestAskPerDocument(t *testing.T) {
	q := "Azerbaijan Israel Iran relations"
	var per, all jsonAnswer
	r := runDocent(t, nil, "", "ask", "--json", "--k", "5", "--per-document", q)
	if err := json.Unmarshal([]byte(r.stdout), &per); err != nil || r.code != 0 {
		t.Fatalf("ask --per-document: %d %v %s", r.code, err, r.stderr)
	}
	r = runDocent(t, nil, "", "ask", "--json", "--k", "5", q)
	if err := json.Unmarshal([]byte(r.stdout), &all); err != nil || r.code != 0 {
		t.Fatalf("ask: %d %v %s", r.code, err, r.stderr)
	}
	docs := map[string]bool{}
	for _, p := range per.Passages {
		if docs[p.Doc] {
			t.Errorf("ask --per-document lists %s twice", p.Doc)
		}
		docs[p.Doc] = true
	}
	if len(per.Passages) != 5 {
		t.Errorf("ask --per-document --k 5 listed %d documents; the bundled corpus has 5", len(per.Passages))
	}
	if len(all.Passages) == 0 || per.Passages[0].Doc != all.Passages[0].Doc || per.Passages[0].Text != all.Passages[0].Text {
		t.Errorf("ask --per-document starts with %v; want the best passage, as ask lists it first", per.Passages[0])
	}
}

func TestIndexAndSources(t *testing.T) {
	env := map[string]string{"XDG_CACHE_HOME": t.TempDir()}
	r := runDocent(t, env, "", "index")
	if r.code != 0 {
		t.Fatalf("index exited %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"corpus     bundled", "documents  5", "status     built", filepath.Join(env["XDG_CACHE_HOME"], "docent", "index", "bundled")} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("index stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	r = runDocent(t, env, "", "index")
	if !strings.Contains(r.stdout, "status     up to date, reused") {
		t.Errorf("second index run did not reuse the index:\n%s", r.stdout)
	}

	r = runDocent(t, env, "", "sources")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 8 || !strings.HasPrefix(lines[0], "DOCUMENT") || !strings.HasPrefix(lines[7], "5 documents, ") {
		t.Fatalf("sources = %d:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(lines[2], "001_b9bde344a18e4a0c.txt  Is an Irano-Azerbaijani") || !strings.Contains(lines[2], "Stephen Blank") ||
		!strings.Contains(lines[2], "2014-05-21") {
		t.Errorf("sources line for 001 = %q", lines[2])
	}
	r = runDocent(t, env, "", "sources", "--json")
	jl := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(jl) != 5 {
		t.Fatalf("sources --json printed %d lines; want 5:\n%s", len(jl), r.stdout)
	}
	var s jsonSource
	if err := json.Unmarshal([]byte(jl[1]), &s); err != nil || s.Doc != "001_b9bde344a18e4a0c.txt" || s.Author != "Stephen Blank" ||
		s.Published != "2014-05-21" || s.Passages < 1 {
		t.Errorf("sources --json line 2 = %+v, %v", s, err)
	}
}

func TestIndexOwnCorpus(t *testing.T) {
	corpusDir := t.TempDir()
	for name, text := range map[string]string{
		"a.md":  "---\ntitle: Tides\nauthor: Ben Ortiz\n---\n\nTides rise and fall twice a day because of the pull of the moon.\n",
		"b.txt": "Lighthouses\n\nLighthouse keepers kept logbooks of every passing ship and every storm on the coast.\n",
	} {
		if err := os.WriteFile(filepath.Join(corpusDir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"DOCENT_CORPUS_DIR": corpusDir}
	r := runDocent(t, env, "", "index")
	if r.code != 0 || !strings.Contains(r.stdout, "documents  2") || !strings.Contains(r.stdout, "corpus     "+corpusDir) {
		t.Fatalf("index of own corpus = %d:\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = runDocent(t, env, "", "ask", "--json", "why do tides rise")
	var a jsonAnswer
	if err := json.Unmarshal([]byte(r.stdout), &a); err != nil || len(a.Passages) == 0 || a.Passages[0].Doc != "a.md" {
		t.Errorf("ask on own corpus = %s %v", r.stdout, err)
	}
	r = runDocent(t, map[string]string{"DOCENT_CORPUS_DIR": filepath.Join(corpusDir, "b.txt")}, "", "sources", "--json")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, `"doc":"b.txt"`) {
		t.Errorf("sources of a one-file corpus = %d, %q, %q; want b.txt alone", r.code, r.stdout, r.stderr)
	}
	empty := t.TempDir()
	r = runDocent(t, map[string]string{"DOCENT_CORPUS_DIR": empty}, "", "ask", "anything")
	if r.code != 1 || !strings.Contains(r.stderr, "holds no usable documents") {
		t.Errorf("ask on an empty corpus = %d, %q", r.code, r.stderr)
	}
}
