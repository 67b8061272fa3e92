package faq

import (
	"context"

	"github.com/docent-bot/docent/corpus"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "How do I reset my password?", "how-do-i-reset-my-password"},
		{"accents", "Café déjà vu", "cafe-deja-vu"},
		{"climbing", "../../etc/passwd", "etc-passwd"},
		{"dots", ".hidden", "hidden"},
		{"only symbols", "?!…", ""},
		{"long", strings.Repeat("word ", 40), "word-word-word-word-word-word-word-word-word-word-word-word"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Slug(tc.in, 60); got != tc.want {
				t.Errorf("Slug(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSaveNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	e := Entry{Title: "Why: is \"it\"\n---\nso?", Question: "Why is it so?", Answer: "Because.",
		Author: "Ann: the mod", Date: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), URL: "https://discord.com/channels/1/2/3", ID: "3"}
	a, err := Save(dir, e)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Save(dir, e)
	if err != nil {
		t.Fatal(err)
	}
	if a != "2024-05-01-why-is-it-so-3.md" || b != "2024-05-01-why-is-it-so-3-2.md" {
		t.Errorf("Save twice = %q, %q; want two distinct names", a, b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("folder holds %d files; want 2 (no temporary file left)", len(entries))
	}
	data, _ := os.ReadFile(filepath.Join(dir, a))
	text := string(data)
	for _, want := range []string{"title: 'Why: is \"it\" --- so?'", "author: 'Ann: the mod'", "date: \"2024-05-01\"",
		"url: https://discord.com/channels/1/2/3", "**Question:** Why is it so?", "\nBecause.\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("file lacks %q:\n%s", want, text)
		}
	}
	if strings.Count(text, "\n---\n") != 1 || !strings.HasPrefix(text, "---\n") {
		t.Errorf("front matter is not one closed block:\n%s", text)
	}
}

// TestSavedFileLoads checks that the corpus reads a saved answer with its metadata.
func TestSavedFileLoads(t *testing.T) {
	dir := t.TempDir()
	e := Entry{Title: "How do refunds work?", Question: "How do refunds work here?", Answer: "Refunds are paid within fourteen days of the request.",
		Author: "Ann", Date: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), URL: "https://discord.com/channels/1/2/3", ID: "3"}
	name, err := Save(dir, e)
	if err != nil {
		t.Fatal(err)
	}
	c, err := corpus.LoadDir(context.Background(), dir, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Documents) != 1 {
		t.Fatalf("corpus holds %d documents; want 1", len(c.Documents))
	}
	d := c.Documents[0]
	if d.ID != name || d.Title != e.Title || len(d.Authors) != 1 || d.Authors[0] != "Ann" || d.URL != e.URL || d.Published.IsZero() {
		t.Errorf("loaded %+v; want the entry's metadata under id %s", d, name)
	}
}
