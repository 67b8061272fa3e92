package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Gold names a passage that answers a question: one from document Doc (compared by base
// name) whose normalised text contains the normalised Contains.
type Gold struct {
	Doc      string `json:"doc"`
	Contains string `json:"contains"`
}

// Question is one line of a question file in the format of ../shared/eval/dev.jsonl.
type Question struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	// Gold lists the acceptable answers; empty when NoAnswer.
	Gold []Gold `json:"gold,omitempty"`
	// NoAnswer marks a question the corpus does not answer.
	NoAnswer bool `json:"no_answer,omitempty"`
	// Forbid lists text no returned passage should contain (counted as leaks).
	Forbid []string `json:"forbid,omitempty"`
}

// Answerable reports whether the question has gold answers.
func (q Question) Answerable() bool { return len(q.Gold) > 0 }

// ReadQuestions reads a question file; see ParseQuestions.
func ReadQuestions(path string) ([]Question, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read questions: %w", err)
	}
	defer f.Close()
	qs, err := ParseQuestions(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return qs, nil
}

// ParseQuestions reads one JSON question per line, skipping blank lines. Every problem is
// reported with its line number; a file with no questions is an error.
func ParseQuestions(r io.Reader) ([]Question, error) {
	var (
		qs   []Question
		errs []error
		seen = map[string]int{}
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		q, err := parseQuestion(line)
		if err == nil && seen[q.ID] > 0 {
			err = fmt.Errorf("id %q already used on line %d", q.ID, seen[q.ID])
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", n, err))
			if len(errs) == 10 {
				errs = append(errs, errors.New("too many errors, stopped"))
				break
			}
			continue
		}
		seen[q.ID] = n
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read questions: %w", err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(qs) == 0 {
		return nil, errors.New("no questions in file")
	}
	return qs, nil
}

func parseQuestion(line []byte) (Question, error) {
	var q Question
	if err := json.Unmarshal(line, &q); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return q, fmt.Errorf("not valid JSON (at byte %d): %w", se.Offset, err)
		}
		return q, fmt.Errorf("not a question object: %w", err)
	}
	switch {
	case strings.TrimSpace(q.ID) == "":
		return q, errors.New(`missing "id"`)
	case strings.TrimSpace(q.Question) == "":
		return q, fmt.Errorf(`question %s: missing "question"`, q.ID)
	case len(q.Gold) > 0 && q.NoAnswer:
		return q, fmt.Errorf(`question %s: has both "gold" and "no_answer"`, q.ID)
	case len(q.Gold) == 0 && !q.NoAnswer:
		return q, fmt.Errorf(`question %s: needs "gold" answers or "no_answer": true`, q.ID)
	}
	for i, g := range q.Gold {
		if strings.TrimSpace(g.Doc) == "" || strings.TrimSpace(g.Contains) == "" {
			return q, fmt.Errorf(`question %s: gold %d needs "doc" and "contains"`, q.ID, i+1)
		}
	}
	return q, nil
}
