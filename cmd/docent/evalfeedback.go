package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/docent-bot/docent/bot/feedback"
	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/eval"
)

// Feedback becomes tests: the questions members marked 👍 turn into a question file (gold:
// the document of the passage the answer led with and a distinctive snippet of its text),
// and the current corpus and index are checked against it.

// feedbackSet is what the 👍 entries of a data folder make.
type feedbackSet struct {
	Questions []eval.Question
	Gone      []string // questions whose 👍'd passage is no longer in the index
	Filtered  int      // questions asked within one source, which a question file cannot say
	Disputed  int      // questions with as many 👎 as 👍, or more
}

// feedbackQuestions groups entries (newest first) by question, ignoring case and spacing,
// and keeps those with more 👍 than 👎, oldest first; the first passage of every 👍'd
// answer (the one the answer led with) that passage finds is one acceptable gold answer.
func feedbackQuestions(entries []feedback.Entry, passage func(id string) (retrieval.Passage, bool)) feedbackSet {
	type group struct {
		question  string
		ups, down int
		filtered  bool
		passages  []string
	}
	var order []string
	groups := map[string]*group{}
	for _, e := range entries {
		key := strings.ToLower(oneLine(e.Question))
		if key == "" {
			continue
		}
		g, ok := groups[key]
		if !ok {
			g = &group{question: oneLine(e.Question)}
			groups[key] = g
			order = append(order, key)
		}
		switch e.Kind {
		case feedback.Up:
			g.ups++
			g.filtered = g.filtered || e.DocID != ""
			if len(e.Passages) > 0 && !slices.Contains(g.passages, e.Passages[0]) {
				g.passages = append(g.passages, e.Passages[0])
			}
		case feedback.Down:
			g.down++
		}
	}
	slices.Reverse(order) // the file lists questions oldest first, as they were asked
	var set feedbackSet
	for _, key := range order {
		g := groups[key]
		switch {
		case g.ups == 0 || len(g.passages) == 0:
			continue
		case g.down >= g.ups:
			set.Disputed++
			continue
		case g.filtered:
			set.Filtered++
			continue
		}
		q := eval.Question{ID: feedbackID(key), Question: g.question}
		for _, id := range g.passages {
			if p, ok := passage(id); ok {
				q.Gold = append(q.Gold, eval.Gold{Doc: path.Base(p.Citation.DocID), Contains: snippet(p.Text, g.question)})
			}
		}
		if len(q.Gold) == 0 {
			set.Gone = append(set.Gone, g.question)
			continue
		}
		set.Questions = append(set.Questions, q)
	}
	return set
}

// feedbackID is a question's id in the file: stable across runs, so files can be compared.
func feedbackID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "fb-" + hex.EncodeToString(sum[:4])
}

var sentenceRE = regexp.MustCompile(`[^.!?]+[.!?]*`)

// snippetWords is how many words a gold snippet keeps: enough to be distinctive within a
// document, short enough to survive small edits elsewhere in the passage.
const snippetWords = 10

// snippet picks the passage's sentence that shares most words with the question (the
// first of equals; sentences under five words only when there is nothing else) and keeps
// its first snippetWords words, as they appear in the text.
func snippet(text, question string) string {
	qwords := map[string]bool{}
	for _, w := range strings.Fields(strings.ToLower(question)) {
		if w = strings.Trim(w, ".,;:!?\"'()"); len(w) > 3 {
			qwords[w] = true
		}
	}
	best, bestScore := "", -1
	for _, s := range sentenceRE.FindAllString(text, -1) {
		words := strings.Fields(s)
		score := 0
		for _, w := range words {
			if qwords[strings.Trim(strings.ToLower(w), ".,;:!?\"'()")] {
				score++
			}
		}
		if len(words) >= 5 {
			score += 1000 // a full sentence beats a fragment
		}
		if score > bestScore {
			best, bestScore = s, score
		}
	}
	words := strings.Fields(best)
	if len(words) == 0 {
		words = strings.Fields(text)
	}
	return strings.Join(words[:min(len(words), snippetWords)], " ")
}

// evalFeedback builds the question file of the 👍 in dirs, writes it to o.write if
// asked, and scores the current index on it.
func evalFeedback(ctx context.Context, m *Main, c *command, dirs []string, o evalOptions) error {
	entries, found, err := readGaps(dirs, []feedback.Kind{feedback.Up, feedback.Down})
	if err != nil {
		return err
	}
	if found == 0 {
		return fmt.Errorf("no %s in %s: docent serve has recorded no feedback there", feedback.FileName, strings.Join(dirs, ", "))
	}
	ix, err := m.openIndex(ctx, c.cfg, c.Log)
	if err != nil {
		return err
	}
	set := feedbackQuestions(entries, ix.Passage)
	w := m.stdout()
	fmt.Fprintf(w, "from feedback: %d questions with 👍 (%d asked within one source and %d disputed by 👎 left out)\n",
		len(set.Questions)+len(set.Gone), set.Filtered, set.Disputed)
	if o.write != "" && len(set.Questions) > 0 {
		if err := writeQuestions(o.write, set.Questions); err != nil {
			return err
		}
		fmt.Fprintf(w, "wrote %s (%d questions; after a corpus change, docent eval %s shows what broke)\n", o.write, len(set.Questions), o.write)
	}
	if len(set.Gone) > 0 {
		fmt.Fprintf(w, "\nbroken: the passage members liked is no longer in the index:\n")
		for _, q := range set.Gone {
			fmt.Fprintf(w, "  %s\n", q)
		}
	}
	if len(set.Questions) == 0 {
		_, err := fmt.Fprintln(w, "\nsummary: no 👍 question left to check")
		return err
	}
	fmt.Fprintln(w)
	return scoreQuestions(ctx, w, ix, set.Questions, o)
}

// writeQuestions writes qs as a question file (dev.jsonl's format), replacing path
// atomically.
func writeQuestions(path string, qs []eval.Question) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".questions-*")
	if err != nil {
		return fmt.Errorf("write questions: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := encodeQuestions(tmp, qs); err != nil {
		tmp.Close()
		return fmt.Errorf("write questions %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write questions %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write questions: %w", err)
	}
	return nil
}

func encodeQuestions(w io.Writer, qs []eval.Question) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, q := range qs {
		if err := enc.Encode(q); err != nil {
			return err
		}
	}
	return nil
}
