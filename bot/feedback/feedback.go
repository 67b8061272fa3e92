// Package feedback keeps what members told docent (👍 / 👎 on answers) and the questions it
// could not answer, in a durable append-only JSONL file under the data directory.
//
// Every record is one line, written with a single write and fsynced before Add returns. A
// line cut short by a crash is skipped on read and set apart by a newline when the file is
// next opened, so it never costs an earlier or a later record.
package feedback

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// FileName is the store's file inside the data directory.
const FileName = "feedback.jsonl"

// Kind says what an entry records.
type Kind string

// Kinds of entries.
const (
	Up       Kind = "up"        // 👍 on an answer
	Down     Kind = "down"      // 👎 on an answer
	NoAnswer Kind = "no_answer" // a question nothing in the corpus answered
)

// Entry is one record.
type Entry struct {
	Time     time.Time `json:"time"`
	Kind     Kind      `json:"kind"`
	Question string    `json:"question"`
	DocID    string    `json:"doc,omitempty"` // the source filter the question had, if any
	UserID   string    `json:"user_id,omitempty"`
	GuildID  string    `json:"guild_id,omitempty"`
	Surface  string    `json:"surface,omitempty"`  // slash, dm, mention, button
	Passages []string  `json:"passages,omitempty"` // ids of the passages the answer showed
}

// Store appends entries to one file. It is safe for concurrent use.
type Store struct {
	path string
	mu   sync.Mutex
	f    *os.File
}

// Open opens (creating if needed) the store in dir.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create data dir %s: %w", dir, err)
	}
	path := filepath.Join(dir, FileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("open feedback store: %w", err)
	}
	if err := sealTail(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("open feedback store %s: %w", path, err)
	}
	return &Store{path: path, f: f}, nil
}

// sealTail ends a line cut short by a crash, so the next record starts on its own line.
func sealTail(f *os.File) error {
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return err
	}
	last := make([]byte, 1)
	if _, err := f.ReadAt(last, st.Size()-1); err != nil {
		return err
	}
	if last[0] == '\n' {
		return nil
	}
	if _, err := f.Write([]byte("\n")); err != nil {
		return err
	}
	return f.Sync()
}

// Path is the file the store writes.
func (s *Store) Path() string { return s.path }

// Add appends e (Time defaults to now) and syncs it to disk.
func (s *Store) Add(ctx context.Context, e Entry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if e.Kind == "" {
		return errors.New("add feedback: entry has no kind")
	}
	if e.Time.IsZero() {
		e.Time = time.Now().UTC()
	}
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("add feedback: %w", err)
	}
	line = append(line, '\n')
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return errors.New("add feedback: store is closed")
	}
	if _, err := s.f.Write(line); err != nil {
		return fmt.Errorf("add feedback to %s: %w", s.path, err)
	}
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("sync feedback %s: %w", s.path, err)
	}
	return nil
}

// List returns the entries of the given kinds (all kinds when none is given), newest
// first. Lines that are not complete records are skipped.
func (s *Store) List(kinds ...Kind) ([]Entry, error) {
	return ReadFile(s.path, kinds...)
}

// ReadFile lists the entries of a store file without opening it for writing; a missing
// file holds no entries.
func ReadFile(path string, kinds ...Kind) ([]Entry, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read feedback: %w", err)
	}
	defer f.Close()
	want := map[Kind]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	var out []Entry
	r := bufio.NewReader(f)
	for {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 && bytes.HasSuffix(line, []byte("\n")) {
			var e Entry
			if json.Unmarshal(line, &e) == nil && e.Kind != "" && (len(want) == 0 || want[e.Kind]) {
				out = append(out, e)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read feedback %s: %w", path, err)
		}
	}
	// The file is in write order; reverse it, then order by time in case clocks or
	// writers interleaved.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out, nil
}

// Close closes the file.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	return err
}
