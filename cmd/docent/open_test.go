package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestProgressBar(t *testing.T) {
	var b bytes.Buffer
	p := &progress{w: &b, start: time.Now().Add(-time.Second), interval: 0}
	p.update(50, 200)
	p.update(200, 200)
	p.finish()
	got := b.String()
	for _, want := range []string{"\rindexing [=======                       ] 50/200 passages",
		"\rindexing [==============================] 200/200 passages", "\r\033[K"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress bar output %q lacks %q", got, want)
		}
	}
	b.Reset()
	p = &progress{w: &b, start: time.Now(), interval: 0}
	p.update(1, 2)
	p.finish()
	if b.Len() != 0 {
		t.Errorf("progress drew %q for work that ended at once; want nothing", b.String())
	}
}

func TestProgressLog(t *testing.T) {
	var b bytes.Buffer
	p := &progress{log: slog.New(slog.NewTextHandler(&b, nil)), start: time.Now().Add(-time.Minute), interval: time.Hour}
	p.update(10, 100)
	p.update(20, 100) // within the interval: no line
	p.finish()
	if n := strings.Count(b.String(), "msg=indexing"); n != 1 || !strings.Contains(b.String(), "passages_done=10 passages_total=100") {
		t.Errorf("progress log = %q; want one line for 10/100", b.String())
	}
}

func TestUnwritableCache(t *testing.T) {
	cache := filepath.Join(t.TempDir(), "not-a-folder")
	if err := os.WriteFile(cache, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runDocent(t, map[string]string{"XDG_CACHE_HOME": cache}, "", "ask", "--json", "When did Israel open its embassy in Baku?")
	if r.code != 0 || !strings.Contains(r.stdout, "003_13cec1daa4145e93.txt") || !strings.Contains(r.stderr, "keeping it in memory") {
		t.Errorf("ask with an unwritable cache = %d, %q, %q; want an answer and a warning", r.code, r.stdout, r.stderr)
	}
	r = runDocent(t, map[string]string{"DOCENT_INDEX_DIR": filepath.Join(cache, "index")}, "", "ask", "embassy")
	if r.code != 1 || !strings.Contains(r.stderr, "open index") {
		t.Errorf("ask with an unwritable DOCENT_INDEX_DIR = %d, %q; want the error, no fallback", r.code, r.stderr)
	}
}
