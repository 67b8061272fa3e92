package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docent-bot/docent/corpus/corpustest"
)

// TestMain runs docent itself when a test starts this binary as a docent process.
func TestMain(m *testing.M) {
	if os.Getenv("DOCENT_TEST_AS_DOCENT") == "1" {
		main() // exits
	}
	os.Exit(m.Run())
}

// TestIndexKilled kills docent index processes at points spread over an update, and
// checks that the next docent index leaves an index that answers exactly as one built
// from scratch: a killed update may cost a rebuild, never a wrong answer.
func TestIndexKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills docent processes")
	}
	corp, index := t.TempDir(), t.TempDir()
	rng := rand.New(rand.NewPCG(12, 12))
	for i := range 60 {
		writeOld(t, filepath.Join(corp, fmt.Sprintf("a%02d.txt", i)), corpustest.Article(rng, articleWords))
	}
	env := map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": index, "XDG_CACHE_HOME": t.TempDir()}
	if r := runDocent(t, env, "", "index"); r.code != 0 {
		t.Fatalf("docent index = %d, %s", r.code, r.stderr)
	}
	change := func(i int) {
		writeOld(t, filepath.Join(corp, fmt.Sprintf("a%02d.txt", i%60)), corpustest.Article(rng, articleWords))
		writeOld(t, filepath.Join(corp, fmt.Sprintf("new%02d.txt", i)), corpustest.Article(rng, articleWords))
	}
	// how long a whole update takes, to spread the kills over it
	change(0)
	start := time.Now()
	if out, err := docentProcess(env, "index").CombinedOutput(); err != nil {
		t.Fatalf("docent index: %v\n%s", err, out)
	}
	whole := time.Since(start)
	const kills = 8
	for i := 1; i <= kills; i++ {
		change(i)
		p := docentProcess(env, "index")
		if err := p.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(whole * time.Duration(i) / (kills + 1))
		_ = p.Process.Kill()
		_ = p.Wait()
		r := runDocent(t, env, "", "index")
		if r.code != 0 {
			t.Fatalf("docent index after a run killed %d/%d of the way: %d, %s", i, kills+1, r.code, r.stderr)
		}
		_, status, _ := strings.Cut(r.stdout, "status")
		status, _, _ = strings.Cut(status, "\n")
		t.Logf("killed %d/%d of the way through %v; the next run: %s", i, kills+1, whole, strings.TrimSpace(status))
		fresh := map[string]string{"DOCENT_CORPUS_DIR": corp, "DOCENT_INDEX_DIR": t.TempDir(), "XDG_CACHE_HOME": env["XDG_CACHE_HOME"]}
		questions := "When was the harbour rebuilt?\nWho painted the lighthouse?\nWhat did the council decide about the ferry?\n"
		got, want := runDocent(t, env, questions, "ask", "--json", "-"), runDocent(t, fresh, questions, "ask", "--json", "-")
		if got.code != 0 || got.stdout != want.stdout {
			t.Fatalf("after a run killed %d/%d of the way, ask = %d\n%s\nwant, as a fresh index answers:\n%s", i, kills+1, got.code, got.stdout, want.stdout)
		}
	}
}

// docentProcess is docent as a process of its own, with env as its whole configuration.
func docentProcess(env map[string]string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = []string{"DOCENT_TEST_AS_DOCENT=1", "PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

var articleWords = strings.Fields(`harbour council ferry lighthouse mill river bridge festival
painted rebuilt decided opened closed storm winter summer town market school church tower
fishermen boats keeper mayor families old new first last quiet busy northern southern`)
