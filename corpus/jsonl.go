package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// jsonlDoc is one line of a BEIR corpus.jsonl file.
type jsonlDoc struct {
	ID       json.RawMessage `json:"_id"`
	Title    string          `json:"title"`
	Text     string          `json:"text"`
	Metadata *struct {
		Author      jsonList `json:"author"`
		Authors     jsonList `json:"authors"`
		Date        string   `json:"date"`
		URL         string   `json:"url"`
		Tags        jsonList `json:"tags"`
		Publication string   `json:"publication"`
	} `json:"metadata"`
}

// jsonList accepts a string or a list of strings.
type jsonList []string

func (l *jsonList) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		if s != "" {
			*l = jsonList{s}
		}
		return nil
	}
	var ss []string
	if err := json.Unmarshal(b, &ss); err != nil {
		return errors.New("expected a string or a list of strings")
	}
	*l = ss
	return nil
}

// parseJSONL reads a BEIR-style corpus: one JSON object per line with _id, title,
// text and optional metadata. Bad lines are reported (file:line) and skipped. Big
// files are parsed by several goroutines, each on a run of whole lines.
func parseJSONL(name string, data []byte) ([]Document, error) {
	chunks := splitLines(data, runtime.GOMAXPROCS(0))
	results := make([]jsonlChunk, len(chunks))
	var wg sync.WaitGroup
	for i, c := range chunks {
		wg.Go(func() { results[i] = parseJSONLChunk(name, c.data, c.firstLine) })
	}
	wg.Wait()
	var docs []Document
	var errs []error
	seen := map[string]int{}
	for _, r := range results {
		for k, d := range r.docs {
			if prev, dup := seen[d.ID]; dup {
				errs = append(errs, &lineError{name, r.lines[k], fmt.Errorf("duplicate _id %q (first on line %d)", d.ID, prev)})
				continue
			}
			seen[d.ID] = r.lines[k]
			docs = append(docs, d)
		}
		errs = append(errs, r.errs...)
	}
	if len(docs) == 0 {
		if len(errs) == 0 {
			return nil, fmt.Errorf("%s: %w", name, ErrEmptyFile)
		}
		return nil, fmt.Errorf("%s: no usable line: %w", name, errors.Join(errs...))
	}
	sort.SliceStable(errs, func(i, j int) bool { return lineOf(errs[i]) < lineOf(errs[j]) })
	return docs, errors.Join(errs...)
}

// lineError is an error on one line of a file.
type lineError struct {
	file string
	line int
	err  error
}

func (e *lineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.file, e.line, e.err) }
func (e *lineError) Unwrap() error { return e.err }

func lineOf(err error) int {
	var le *lineError
	if errors.As(err, &le) {
		return le.line
	}
	return 0
}

type jsonlChunk struct {
	docs  []Document
	lines []int // line number of each document
	errs  []error
}

type lineRun struct {
	data      []byte
	firstLine int
}

// splitLines cuts data into at most n runs of whole lines of similar size (one run
// for small data), each with the number of its first line.
func splitLines(data []byte, n int) []lineRun {
	const minChunk = 1 << 20
	if n < 1 || len(data) < 2*minChunk {
		n = 1
	}
	var runs []lineRun
	line := 1
	for i := range n {
		if len(data) == 0 {
			break
		}
		cut := len(data)
		if i < n-1 {
			target := len(data) / (n - i)
			if j := bytes.IndexByte(data[target:], '\n'); j >= 0 {
				cut = target + j + 1
			}
		}
		runs = append(runs, lineRun{data[:cut], line})
		line += bytes.Count(data[:cut], []byte{'\n'})
		data = data[cut:]
	}
	return runs
}

// parseJSONLChunk parses a run of lines; duplicates are found by the caller.
func parseJSONLChunk(name string, data []byte, lineNo int) jsonlChunk {
	var r jsonlChunk
	for lineNo--; len(data) > 0; {
		lineNo++
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		d, err := jsonlDocument(line)
		if err != nil {
			r.errs = append(r.errs, &lineError{name, lineNo, err})
			continue
		}
		r.docs = append(r.docs, d)
		r.lines = append(r.lines, lineNo)
	}
	return r
}

// jsonlDocument decodes and cleans one line.
func jsonlDocument(line []byte) (Document, error) {
	var j jsonlDoc
	if err := json.Unmarshal(line, &j); err != nil {
		return Document{}, fmt.Errorf("invalid JSON: %w", err)
	}
	id, err := jsonID(j.ID)
	if err != nil {
		return Document{}, err
	}
	d := Document{ID: id, Title: normalizeSpace(j.Title)}
	if m := j.Metadata; m != nil {
		for _, a := range append(m.Authors, m.Author...) {
			d.Authors = append(d.Authors, splitAuthors(a)...)
		}
		d.Published = metaDate(m.Date)
		d.URL = strings.TrimSpace(m.URL)
		d.Tags = m.Tags
		d.Publication = strings.TrimSpace(m.Publication)
	}
	d.Paragraphs = jsonlParagraphs(j.Text)
	if len(d.Paragraphs) == 0 {
		if d.Title == "" {
			return Document{}, errors.New("no title and no text")
		}
		d.Paragraphs = []Paragraph{{N: 1, Text: d.Title}}
	}
	return d, nil
}

func jsonID(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", errors.New("missing _id")
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		s = strings.TrimSpace(s)
		if s == "" {
			return "", errors.New("empty _id")
		}
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	return "", errors.New("_id is neither a string nor a number")
}

// jsonlParagraphs splits a JSONL document's text into paragraphs (at blank lines, or
// at line breaks when there are no blank lines); the text of a database export is
// clean, so only white space, letter-spacing and exact repeats are dealt with.
func jsonlParagraphs(text string) []Paragraph {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var parts []string
	if strings.Contains(text, "\n\n") {
		for _, b := range splitBlocks(text) {
			parts = append(parts, strings.Join(b, " "))
		}
	} else {
		parts = strings.Split(text, "\n")
	}
	units := make([]unit, 0, len(parts))
	for _, p := range parts {
		units = append(units, unit{text: p})
	}
	units = normalizeUnits(units)
	ps := make([]Paragraph, 0, len(units))
	seen := map[string]bool{}
	for _, u := range units {
		if seen[u.text] {
			continue
		}
		seen[u.text] = true
		ps = append(ps, Paragraph{N: len(ps) + 1, Text: u.text})
	}
	return ps
}
