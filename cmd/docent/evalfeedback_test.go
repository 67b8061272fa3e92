package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/docent-bot/docent/bot/feedback"
	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/eval"
)

func TestFeedbackQuestions(t *testing.T) {
	passages := map[string]retrieval.Passage{
		"p1": {ID: "p1", Text: "Short one. The embassy in Tehran was attacked by a gunman in January. Then more.",
			Citation: corpus.Citation{DocID: "news/002.txt"}},
		"p2": {ID: "p2", Text: "Azerbaijan sent troops to Afghanistan in 2002 to guard the airport.", Citation: corpus.Citation{DocID: "000.txt"}},
	}
	lookup := func(id string) (retrieval.Passage, bool) { p, ok := passages[id]; return p, ok }
	up := func(q string, ids ...string) feedback.Entry {
		return feedback.Entry{Kind: feedback.Up, Question: q, Passages: ids}
	}
	for _, tc := range []struct {
		name    string
		entries []feedback.Entry
		want    []eval.Question
		gone    int
		filt    int
		disp    int
	}{
		{"one up", []feedback.Entry{up("What happened to the embassy in Tehran?", "p1", "p2")},
			[]eval.Question{{ID: feedbackID("what happened to the embassy in tehran?"), Question: "What happened to the embassy in Tehran?",
				Gold: []eval.Gold{{Doc: "002.txt", Contains: "The embassy in Tehran was attacked by a gunman in"}}}}, 0, 0, 0},
		{"same question twice, two passages", []feedback.Entry{up("Troops  in Afghanistan?", "p2"), up("troops in afghanistan?", "p1")},
			[]eval.Question{{ID: feedbackID("troops in afghanistan?"), Question: "Troops in Afghanistan?",
				Gold: []eval.Gold{{Doc: "000.txt", Contains: "Azerbaijan sent troops to Afghanistan in 2002 to guard the"},
					{Doc: "002.txt", Contains: "The embassy in Tehran was attacked by a gunman in"}}}}, 0, 0, 0},
		{"passage gone", []feedback.Entry{up("Where is it?", "p9")}, nil, 1, 0, 0},
		{"within one source", []feedback.Entry{{Kind: feedback.Up, Question: "q?", DocID: "000.txt", Passages: []string{"p2"}}}, nil, 0, 1, 0},
		{"disputed", []feedback.Entry{up("q?", "p2"), {Kind: feedback.Down, Question: "Q?"}}, nil, 0, 0, 1},
		{"down and unanswered only", []feedback.Entry{{Kind: feedback.Down, Question: "q?"}, {Kind: feedback.NoAnswer, Question: "r?"}}, nil, 0, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := feedbackQuestions(tc.entries, lookup)
			if len(got.Questions) != len(tc.want) || len(got.Gone) != tc.gone || got.Filtered != tc.filt || got.Disputed != tc.disp {
				t.Fatalf("feedbackQuestions = %+v; want %+v, %d gone, %d filtered, %d disputed", got, tc.want, tc.gone, tc.filt, tc.disp)
			}
			for i, q := range got.Questions {
				w := tc.want[i]
				if q.ID != w.ID || q.Question != w.Question || len(q.Gold) != len(w.Gold) {
					t.Fatalf("question %d = %+v; want %+v", i, q, w)
				}
				for j := range q.Gold {
					if q.Gold[j] != w.Gold[j] {
						t.Errorf("gold %d = %+v; want %+v", j, q.Gold[j], w.Gold[j])
					}
				}
			}
		})
	}
}

// TestE2EFeedbackToQuestions: members mark answers 👍 over the fake Discord; docent eval
// --from-feedback turns them into a question file the corpus passes, and shows what a
// corpus change broke.
func TestE2EFeedbackToQuestions(t *testing.T) {
	fake := discordtest.New(t, discordtest.Options{})
	corpusDir := copyBundledCorpus(t)
	dataDir := filepath.Join(t.TempDir(), "data")
	r := startServe(t, fake, map[string]string{"DOCENT_CORPUS_DIR": corpusDir, "DOCENT_DATA_DIR": dataDir, "DISCORD_GUILD_ID": "g1"})
	waitHTTP(t, r.admin+"/readyz", 200, "ready")
	who := discordtest.Invoke{GuildID: "g1", UserID: "u1"}
	questions := []string{"What did ANAMA do in Afghanistan?", "What happened to Azerbaijan's embassy in Tehran?"}
	for n, q := range questions {
		id := fake.Command(who, "ask", discordtest.Option{Name: "question", Type: 3, Value: q})
		var in discordtest.Interaction
		fake.Wait(t, 10*time.Second, "the answer", func() bool { in, _ = fake.Interaction(id); return in.Edits > 0 })
		fake.ClickLabel(who, in.Original, "Helpful")
		fake.Wait(t, 10*time.Second, "the 👍 to be recorded", func() bool {
			es, _ := feedback.ReadFile(filepath.Join(dataDir, feedback.FileName), feedback.Up)
			return len(es) == n+1
		})
	}
	if err := r.shutdown(t); err != nil {
		t.Fatal(err)
	}

	file := filepath.Join(t.TempDir(), "liked.jsonl")
	env := map[string]string{"DOCENT_CORPUS_DIR": corpusDir}
	res := runDocent(t, env, "", "eval", "--from-feedback", dataDir, "--write", file)
	if res.code != 0 || !strings.Contains(res.stdout, "from feedback: 2 questions") || !strings.Contains(res.stdout, "summary: n=2 hit@1=1.000") {
		t.Fatalf("eval --from-feedback = %d:\n%s%s", res.code, res.stdout, res.stderr)
	}
	qs, err := eval.ReadQuestions(file)
	if err != nil || len(qs) != 2 || qs[0].Question != questions[0] || len(qs[0].Gold) != 1 || qs[0].Gold[0].Contains == "" {
		t.Fatalf("question file = %+v, %v; want the two liked questions with their gold passages", qs, err)
	}

	// The document the first answer cited leaves the corpus: both checks say what broke.
	if err := os.Remove(filepath.Join(corpusDir, qs[0].Gold[0].Doc)); err != nil {
		t.Fatal(err)
	}
	res = runDocent(t, env, "", "eval", file)
	if !strings.Contains(res.stdout, "hit@5=0.500") || !strings.Contains(res.stdout, qs[0].ID+" ") {
		t.Errorf("eval of the question file after removing %s:\n%s%s", qs[0].Gold[0].Doc, res.stdout, res.stderr)
	}
	res = runDocent(t, env, "", "eval", "--from-feedback", dataDir)
	if !strings.Contains(res.stdout, "no longer in the index:\n  "+questions[0]) || !strings.Contains(res.stdout, "summary: n=1 hit@1=1.000") {
		t.Errorf("eval --from-feedback after removing %s:\n%s%s", qs[0].Gold[0].Doc, res.stdout, res.stderr)
	}
	if res := runDocent(t, env, "", "eval", "--write", file); res.code != 2 {
		t.Errorf("eval --write without --from-feedback exited %d; want 2", res.code)
	}
}
