package feedback

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func mustOpen(tb testing.TB, dir string) *Store {
	tb.Helper()
	s, err := Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestAddListNewestFirst(t *testing.T) {
	s := mustOpen(t, t.TempDir())
	ctx := context.Background()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	entries := []Entry{
		{Time: t0, Kind: NoAnswer, Question: "first"},
		{Time: t0.Add(time.Minute), Kind: Down, Question: "second", UserID: "u1", Passages: []string{"a#1-1"}},
		{Time: t0.Add(2 * time.Minute), Kind: Up, Question: "third"},
	}
	for _, e := range entries {
		if err := s.Add(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		kinds []Kind
		want  []string
	}{
		{nil, []string{"third", "second", "first"}},
		{[]Kind{Down, NoAnswer}, []string{"second", "first"}},
		{[]Kind{Up}, []string{"third"}},
	}
	for _, tt := range tests {
		got, err := s.List(tt.kinds...)
		if err != nil {
			t.Fatal(err)
		}
		var qs []string
		for _, e := range got {
			qs = append(qs, e.Question)
		}
		if len(qs) != len(tt.want) || (len(qs) > 0 && qs[0] != tt.want[0]) || (len(qs) > 1 && qs[1] != tt.want[1]) {
			t.Errorf("List(%v) = %v; want %v", tt.kinds, qs, tt.want)
		}
	}
}

func TestTruncatedLastLine(t *testing.T) {
	dir := t.TempDir()
	s := mustOpen(t, dir)
	ctx := context.Background()
	s.Add(ctx, Entry{Kind: NoAnswer, Question: "kept"})
	s.Close()
	// A crash in the middle of a write leaves half a record.
	f, _ := os.OpenFile(filepath.Join(dir, FileName), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"time":"2026-01-01T00:00:00Z","kind":"down","quest`)
	f.Close()
	got, err := ReadFile(filepath.Join(dir, FileName))
	if err != nil || len(got) != 1 || got[0].Question != "kept" {
		t.Fatalf("ReadFile after a torn write = %+v, %v; want the one complete record", got, err)
	}
	s2 := mustOpen(t, dir)
	if err := s2.Add(ctx, Entry{Kind: Down, Question: "after restart"}); err != nil {
		t.Fatal(err)
	}
	got, _ = s2.List()
	if len(got) != 2 || got[0].Question != "after restart" || got[1].Question != "kept" {
		t.Errorf("List after restart = %+v; want both complete records", got)
	}
}

func TestConcurrentAdd(t *testing.T) {
	s := mustOpen(t, t.TempDir())
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Add(context.Background(), Entry{Kind: Up, Question: "q", UserID: string(rune('a' + i%26))}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, _ := s.List()
	if len(got) != 50 {
		t.Errorf("List = %d entries; want 50", len(got))
	}
}

func TestMissingFileAndBadEntry(t *testing.T) {
	got, err := ReadFile(filepath.Join(t.TempDir(), "none.jsonl"))
	if err != nil || len(got) != 0 {
		t.Errorf("ReadFile(missing) = %v, %v; want nothing", got, err)
	}
	s := mustOpen(t, t.TempDir())
	if err := s.Add(context.Background(), Entry{Question: "no kind"}); err == nil {
		t.Errorf("Add without a kind succeeded")
	}
}
