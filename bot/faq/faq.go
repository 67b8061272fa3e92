// Package faq writes answers that moderators save from Discord into the corpus folder as
// Markdown files, atomically and without ever overwriting one.
package faq

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"gopkg.in/yaml.v3"
)

// Entry is one saved answer.
type Entry struct {
	Title    string    // from the question, edited by the moderator
	Question string    // the message answered, or "" when the answer stands alone
	Answer   string    // the saved message's text
	Author   string    // display name of the answer's author
	Date     time.Time // when the answer was posted
	URL      string    // jump link to the answer on Discord
	ID       string    // the answer's message id: part of the file name, so names stay unique
}

type frontMatter struct {
	Title  string   `yaml:"title"`
	Author string   `yaml:"author,omitempty"`
	Date   string   `yaml:"date"`
	URL    string   `yaml:"url,omitempty"`
	Tags   []string `yaml:"tags"`
}

// Markdown renders e as the file's content: YAML front matter (title, author, date, url,
// the tag "faq"), then the question as a heading and the answer.
func Markdown(e Entry) ([]byte, error) {
	fm, err := yaml.Marshal(frontMatter{Title: oneLine(e.Title), Author: oneLine(e.Author),
		Date: e.Date.UTC().Format("2006-01-02"), URL: e.URL, Tags: []string{"faq"}})
	if err != nil {
		return nil, fmt.Errorf("render front matter: %w", err)
	}
	var b strings.Builder
	b.WriteString("---\n")
	b.Write(fm)
	b.WriteString("---\n\n")
	if q := strings.TrimSpace(e.Question); q != "" {
		// The question is a paragraph, not a heading: headings are not indexed as text,
		// and the question's words are what later askers type.
		b.WriteString("**Question:** " + q + "\n\n")
	}
	b.WriteString(strings.TrimSpace(e.Answer) + "\n")
	return []byte(b.String()), nil
}

// Save writes e into dir (created if missing) and returns the new file's name. The file
// appears whole or not at all: it is written under a dot name the corpus loader skips,
// synced, then linked to its final name, which fails rather than replaces an existing
// file; a taken name gets a numeric suffix.
func Save(dir string, e Entry) (string, error) {
	data, err := Markdown(e)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create faq folder: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".faq-*.tmp")
	if err != nil {
		return "", fmt.Errorf("create temporary file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", fmt.Errorf("sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("close %s: %w", tmp.Name(), err)
	}
	base := FileBase(e)
	for n := 1; n <= 100; n++ {
		name := base + ".md"
		if n > 1 {
			name = base + "-" + strconv.Itoa(n) + ".md"
		}
		err := os.Link(tmp.Name(), filepath.Join(dir, name))
		if err == nil {
			syncDir(dir)
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("link %s: %w", name, err)
		}
	}
	return "", fmt.Errorf("save %s: 100 files of that name exist", base)
}

// syncDir makes the new name durable; best effort (not every system syncs directories).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// FileBase is the file name without extension: date, a slug of the title (ASCII letters,
// digits and dashes, at most 60 characters) and the message id, so that no name can
// climb out of the folder, start with a dot or collide across messages.
func FileBase(e Entry) string {
	slug := Slug(e.Title, 60)
	if slug == "" {
		slug = "answer"
	}
	base := e.Date.UTC().Format("2006-01-02") + "-" + slug
	if id := Slug(e.ID, 24); id != "" {
		base += "-" + id
	}
	return base
}

// Slug lowercases s, drops accents and keeps ASCII letters and digits, joined by single
// dashes, cut at a dash to at most max bytes.
func Slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r):
			// a combining accent: part of the letter before it
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
		if i := strings.LastIndexByte(out, '-'); i > max/2 {
			out = out[:i]
		}
		out = strings.Trim(out, "-")
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
