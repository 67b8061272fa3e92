package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/docent-bot/docent/corpus"
)

func runExtract(ctx context.Context, m *Main, args []string) error {
	c := m.newCommand("extract", "docent extract [flags] FILE...",
		"Show what docent would index from each file (html, md, txt, jsonl, pdf): title, author, date\n"+
			"and the text as paragraphs, extracted exactly as the indexer does.")
	asJSON := c.fs.Bool("json", false, `print one JSON object per document: {"file", "title", "author", "published", "text"}`)
	files, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return c.usageErr("no file given")
	}
	out := bufio.NewWriter(m.stdout())
	defer out.Flush()
	parser := corpus.NewParser(corpus.Options{Logger: c.Log}) // PDFium starts at the first PDF
	defer parser.Close()
	failed := 0
	for i, ex := range extractAll(ctx, parser, files) {
		if ex.err != nil {
			failed++
			c.Log.Warn("cannot extract file", "file", ex.file, "err", ex.err)
		}
		if ex.skipped != nil {
			c.Log.Warn("skipped bad lines", "file", ex.file, "err", ex.skipped)
		}
		if *asJSON {
			err = writeExtractJSON(out, ex)
		} else {
			err = writeExtractText(out, ex, i > 0, textWidth(m.Stdout))
		}
		if err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if failed == len(files) {
		return fmt.Errorf("no file could be extracted (%d failed)", failed)
	}
	return out.Flush()
}

// extraction is what one file gave: its documents, or why it gave none.
type extraction struct {
	file    string
	docs    []corpus.Document
	err     error // nothing could be extracted
	skipped error // some lines of a .jsonl file were bad
}

// extractAll extracts files on every core and returns them in order, as an iterator that
// stops early when ctx is done.
func extractAll(ctx context.Context, parser *corpus.Parser, files []string) func(yield func(int, extraction) bool) {
	return func(yield func(int, extraction) bool) {
		results := make([]chan extraction, len(files))
		for i := range results {
			results[i] = make(chan extraction, 1)
		}
		sem := make(chan struct{}, runtime.GOMAXPROCS(0))
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			for i, f := range files {
				select {
				case sem <- struct{}{}:
				case <-stop:
					return
				}
				go func() {
					defer func() { <-sem }()
					results[i] <- extractFile(ctx, parser, f)
				}()
			}
		}()
		for i, ch := range results {
			select {
			case ex := <-ch:
				if !yield(i, ex) {
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}
}

// extractFile parses one file the way the corpus loader does.
func extractFile(ctx context.Context, parser *corpus.Parser, path string) extraction {
	ex := extraction{file: path}
	if err := ctx.Err(); err != nil {
		ex.err = err
		return ex
	}
	st, err := os.Stat(path)
	switch {
	case err != nil:
		ex.err = err
		return ex
	case st.IsDir():
		ex.err = errors.New("is a folder, not a file")
		return ex
	case st.Size() > corpus.DefaultMaxFileSize:
		ex.err = fmt.Errorf("file is %d bytes, over the limit of %d", st.Size(), corpus.DefaultMaxFileSize)
		return ex
	}
	data, err := os.ReadFile(path)
	if err != nil {
		ex.err = err
		return ex
	}
	ex.docs, ex.err = parser.Parse(ctx, filepath.ToSlash(filepath.Base(path)), data)
	switch {
	case ex.err != nil && len(ex.docs) > 0:
		ex.err, ex.skipped = nil, ex.err // bad lines of a .jsonl file: the rest is indexed
	case ex.err == nil && len(ex.docs) == 0:
		ex.err = errors.New("no article text found")
	}
	return ex
}

// jsonExtract is one line of `docent extract --json`.
type jsonExtract struct {
	File      string `json:"file"`
	Title     string `json:"title"`
	Author    string `json:"author"`
	Published string `json:"published"` // YYYY-MM-DD, or "" when unknown
	Text      string `json:"text"`
	Error     string `json:"error,omitempty"`
}

// writeExtractJSON prints one object per document of ex, or one carrying the error.
func writeExtractJSON(w io.Writer, ex extraction) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if ex.err != nil {
		return enc.Encode(jsonExtract{File: ex.file, Error: ex.err.Error()})
	}
	for _, d := range ex.docs {
		var text strings.Builder
		for i, s := range docText(d) {
			if i > 0 {
				text.WriteString("\n\n")
			}
			text.WriteString(s)
		}
		if err := enc.Encode(jsonExtract{File: ex.file, Title: d.Title, Author: d.Author(),
			Published: isoDate(d.Published), Text: text.String()}); err != nil {
			return err
		}
	}
	return nil
}

// docText is a document's text as paragraphs, each section heading once before the first
// paragraph under it.
func docText(d corpus.Document) []string {
	var out []string
	heading := ""
	for _, p := range d.Paragraphs {
		if p.Heading != heading {
			heading = p.Heading
			if heading != "" {
				out = append(out, heading)
			}
		}
		out = append(out, p.Text)
	}
	return out
}

// isoDate renders a date as YYYY-MM-DD, or "" when it is unknown.
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// writeExtractText prints each document of ex for a person: metadata, then the numbered
// paragraphs under their headings.
func writeExtractText(w io.Writer, ex extraction, sep bool, width int) error {
	if ex.err != nil {
		return nil // logged as a warning
	}
	for j, d := range ex.docs {
		if sep || j > 0 {
			fmt.Fprintln(w)
		}
		var b strings.Builder
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "file\t%s\n", ex.file)
		fmt.Fprintf(tw, "document\t%s\n", d.ID)
		for _, f := range [][2]string{{"title", d.Title}, {"subtitle", d.Subtitle}, {"author", d.Author()},
			{"author bio", d.AuthorBio}, {"publication", d.Publication}, {"published", isoDate(d.Published)}, {"url", d.URL},
			{"tags", strings.Join(d.Tags, ", ")}} {
			if f[1] != "" {
				fmt.Fprintf(tw, "%s\t%s\n", f[0], f[1])
			}
		}
		fmt.Fprintf(tw, "paragraphs\t%d\n", len(d.Paragraphs))
		tw.Flush()
		heading, page := "", 0
		for _, p := range d.Paragraphs {
			if p.Page != page {
				page = p.Page
				fmt.Fprintf(&b, "\n-- page %d --\n", page)
			}
			if p.Heading != heading {
				heading = p.Heading
				if heading != "" {
					writeWrapped(&b, heading, nil, "\n## ", "   ", textStyle{width: width})
				}
			}
			label := fmt.Sprintf("¶%-3d ", p.N)
			b.WriteByte('\n')
			writeWrapped(&b, p.Text, nil, label, strings.Repeat(" ", len([]rune(label))), textStyle{width: width})
		}
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}
