package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// BEIRQuery is one query of a BEIR queries file.
type BEIRQuery struct {
	ID   string `json:"_id"`
	Text string `json:"text"`
}

// BEIRFiles says where a BEIR split is. With Dir alone the folder's corpus.jsonl,
// queries*.jsonl and qrels/*.tsv are used; Queries and Qrels override the folder's files.
type BEIRFiles struct {
	Dir     string
	Queries string
	Qrels   string
	// Split picks qrels/<Split>.tsv when the folder has several (default "test" when
	// present, else the only one).
	Split string
}

// BEIRSet is a loaded BEIR split.
type BEIRSet struct {
	Corpus  string      // path of corpus.jsonl; empty when no Dir was given
	Queries []BEIRQuery // judged queries (at least one relevant document), in file order
	Qrels   Qrels
	// Unjudged counts queries without a relevant document, skipped; Missing counts judged
	// query ids with no text in the queries files.
	Unjudged, Missing int
}

// LoadBEIR reads a BEIR split.
func LoadBEIR(f BEIRFiles) (*BEIRSet, error) {
	set := &BEIRSet{}
	if f.Dir != "" {
		set.Corpus = filepath.Join(f.Dir, "corpus.jsonl")
		if _, err := os.Stat(set.Corpus); err != nil {
			return nil, fmt.Errorf("beir folder %s: no corpus.jsonl: %w", f.Dir, err)
		}
	}
	qrelsPath, err := pickQrels(f)
	if err != nil {
		return nil, err
	}
	if set.Qrels, err = ReadQrels(qrelsPath); err != nil {
		return nil, err
	}
	queryPaths := []string{f.Queries}
	if f.Queries == "" {
		if f.Dir == "" {
			return nil, errors.New("beir: need a folder or a queries file")
		}
		queryPaths, _ = filepath.Glob(filepath.Join(f.Dir, "queries*.jsonl"))
		if len(queryPaths) == 0 {
			return nil, fmt.Errorf("beir folder %s: no queries*.jsonl", f.Dir)
		}
	}
	texts := map[string]bool{}
	for _, p := range queryPaths {
		qs, err := ReadBEIRQueries(p)
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			if texts[q.ID] {
				continue
			}
			texts[q.ID] = true
			if relevant(set.Qrels[q.ID]) == 0 {
				set.Unjudged++
				continue
			}
			set.Queries = append(set.Queries, q)
		}
	}
	for id, rel := range set.Qrels {
		if !texts[id] && relevant(rel) > 0 {
			set.Missing++
		}
	}
	if len(set.Queries) == 0 {
		return nil, fmt.Errorf("beir: no query in %s has a relevant document in %s",
			strings.Join(queryPaths, ", "), qrelsPath)
	}
	return set, nil
}

func pickQrels(f BEIRFiles) (string, error) {
	if f.Qrels != "" {
		return f.Qrels, nil
	}
	if f.Dir == "" {
		return "", errors.New("beir: need a folder or a qrels file")
	}
	dir := filepath.Join(f.Dir, "qrels")
	if f.Split != "" {
		return filepath.Join(dir, f.Split+".tsv"), nil
	}
	all, _ := filepath.Glob(filepath.Join(dir, "*.tsv"))
	switch {
	case len(all) == 1:
		return all[0], nil
	case len(all) == 0:
		return "", fmt.Errorf("beir folder %s: no qrels/*.tsv", f.Dir)
	}
	if test := filepath.Join(dir, "test.tsv"); slices.Contains(all, test) {
		return test, nil
	}
	return "", fmt.Errorf("beir folder %s: several qrels files (%s): choose a split", f.Dir,
		strings.Join(all, ", "))
}

// ReadBEIRQueries reads a queries file: one {"_id", "text"} object per line.
func ReadBEIRQueries(path string) ([]BEIRQuery, error) {
	var qs []BEIRQuery
	err := eachLine(path, func(n int, line []byte) error {
		var q BEIRQuery
		if err := json.Unmarshal(line, &q); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if q.ID == "" {
			return fmt.Errorf(`line %d: missing "_id"`, n)
		}
		q.Text = strings.ReplaceAll(q.Text, "\n", " ")
		qs = append(qs, q)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read queries %s: %w", path, err)
	}
	return qs, nil
}

// ReadQrels reads judgments: tab- or space-separated "query-id corpus-id score" (BEIR, with
// an optional header line) or "query-id iteration corpus-id score" (TREC).
func ReadQrels(path string) (Qrels, error) {
	q := Qrels{}
	err := eachLine(path, func(n int, line []byte) error {
		f := strings.Fields(string(line))
		if len(f) == 4 {
			f = []string{f[0], f[2], f[3]}
		}
		if len(f) != 3 {
			return fmt.Errorf("line %d: want 3 or 4 fields, got %d", n, len(f))
		}
		g, err := strconv.Atoi(f[2])
		if err != nil {
			if n == 1 {
				return nil // header
			}
			return fmt.Errorf("line %d: score %q is not an integer", n, f[2])
		}
		if q[f[0]] == nil {
			q[f[0]] = map[string]int{}
		}
		q[f[0]][f[1]] = g
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read qrels %s: %w", path, err)
	}
	return q, nil
}

// eachLine calls fn with every non-blank line and its number (from 1).
func eachLine(path string, fn func(n int, line []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		if err := fn(n, line); err != nil {
			return err
		}
	}
	return sc.Err()
}
