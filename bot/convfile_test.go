package bot

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestConvSaverRestart(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	const ttl = 10 * time.Minute
	tests := []struct {
		name  string
		put   map[string]time.Duration // saved before the restart: key → age at the restart
		file  string                   // else: the file as found at the restart
		none  bool                     // else: no file at all
		max   int                      // of the store after the restart; 0: 10
		want  []string                 // keys continued after the restart
		warns bool                     // the load logs a warning
	}{
		{name: "round trip", put: map[string]time.Duration{"dm1": time.Minute, "dm2": 9 * time.Minute},
			want: []string{"dm1", "dm2"}},
		{name: "expired on load", put: map[string]time.Duration{"fresh": time.Minute, "old": ttl + time.Second},
			want: []string{"fresh"}},
		{name: "bounded on load: the newest kept", max: 2,
			put:  map[string]time.Duration{"a": 3 * time.Minute, "b": 2 * time.Minute, "c": time.Minute},
			want: []string{"b", "c"}},
		{name: "no file", none: true},
		{name: "corrupt", file: `{"version":1,"conversations":{"dm1":`, warns: true},
		{name: "not json", file: "\x00\x01garbage", warns: true},
		{name: "other version", file: `{"version":99,"conversations":{}}`, warns: true},
		{name: "empty file", file: "", warns: true},
		{name: "a future time counts from now",
			file: `{"version":1,"conversations":{"dm9":{"question":"q","at":"2030-01-01T00:00:00Z"}}}`,
			want: []string{"dm9"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, dmFile)
			now := t0
			clock := func() time.Time { return now }
			switch {
			case tt.put != nil:
				before := newConvStore(10, ttl)
				before.now = clock
				sv := newConvSaver(dir, slog.New(slog.DiscardHandler), time.Hour, map[string]*convStore{dmFile: before})
				for k, age := range tt.put {
					now = t0.Add(-age)
					before.put(k, conversation{Question: "q " + k, Cited: "doc-" + k, Channel: "ch"})
				}
				now = t0
				sv.close()
			case tt.none:
			default:
				if err := os.WriteFile(path, []byte(tt.file), 0o600); err != nil {
					t.Fatal(err)
				}
			}

			var logs strings.Builder
			after := newConvStore(orInt(tt.max, 10), ttl)
			after.now = clock
			sv := newConvSaver(dir, slog.New(slog.NewTextHandler(&logs, nil)), time.Hour, map[string]*convStore{dmFile: after})
			defer sv.close()
			if got := strings.Contains(logs.String(), "level=WARN"); got != tt.warns {
				t.Errorf("load logged a warning: %v; want %v\n%s", got, tt.warns, logs.String())
			}
			if after.len() != len(tt.want) {
				t.Errorf("after the restart %d conversations; want %d (%v)", after.len(), len(tt.want), tt.want)
			}
			for _, k := range tt.want {
				c, ok := after.get(k)
				if !ok {
					t.Errorf("get(%q) after the restart: none; want the saved conversation", k)
					continue
				}
				if tt.put != nil && (c.Question != "q "+k || c.Cited != "doc-"+k || c.Channel != "ch" || !c.At.Equal(t0.Add(-tt.put[k]))) {
					t.Errorf("get(%q) after the restart = %+v; want what was saved", k, c)
				}
				if tt.put == nil && c.At.After(now) {
					t.Errorf("get(%q).At = %v, after now (%v)", k, c.At, now)
				}
			}
		})
	}
}

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// TestConvSaverSaves checks the saves themselves: only when changed, atomic (no
// temporary file left), private, periodic, and that a corrupt file is replaced.
func TestConvSaverSaves(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, dmFile)
	os.WriteFile(path, []byte("{not json"), 0o600)
	os.WriteFile(filepath.Join(dir, "."+dmFile+".123.tmp"), []byte("half"), 0o600) // a crash mid-save
	s := newConvStore(10, time.Hour)
	sv := newConvSaver(dir, slog.New(slog.DiscardHandler), 10*time.Millisecond, map[string]*convStore{dmFile: s})
	defer sv.close()
	if stale, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(stale) != 0 {
		t.Errorf("temporary files left after the load: %v", stale)
	}
	s.put("dm1", conversation{Question: "first"})
	deadline := time.Now().Add(5 * time.Second)
	for {
		if got, err := loadConvs(path); err == nil && got["dm1"].Question == "first" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the periodic save did not write the changed conversation")
		}
		time.Sleep(5 * time.Millisecond)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		t.Errorf("%s has mode %v; want it private to its owner", path, fi.Mode().Perm())
	}
	sv.close()
	mtime := fi.ModTime()
	os.Chtimes(path, mtime.Add(-time.Hour), mtime.Add(-time.Hour))
	sv.close() // nothing changed: nothing written
	if fi, _ := os.Stat(path); !fi.ModTime().Equal(mtime.Add(-time.Hour)) {
		t.Errorf("an unchanged store was written again")
	}
	s.drop("dm1")
	sv.close()
	if got, err := loadConvs(path); err != nil || len(got) != 0 {
		t.Errorf("after a drop and a save the file holds %v, %v; want none", got, err)
	}
	if stale, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(stale) != 0 {
		t.Errorf("temporary files left after saving: %v", stale)
	}
}

func TestConvSaverUnwritableFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(dir, nil, 0o600) // a file where the folder should be
	var logs strings.Builder
	s := newConvStore(10, time.Hour)
	sv := newConvSaver(dir, slog.New(slog.NewTextHandler(&logs, nil)), time.Hour, map[string]*convStore{dmFile: s})
	s.put("dm1", conversation{Question: "q"})
	sv.close()
	if !strings.Contains(logs.String(), "cannot save the conversations") {
		t.Errorf("a failed save was not logged:\n%s", logs.String())
	}
}
