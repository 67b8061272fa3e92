package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/docent-bot/docent/retrieval"
)

func runSources(ctx context.Context, m *Main, args []string) error {
	c := m.newCommand("sources", "docent sources [flags]",
		"List the documents of the corpus: id, title, author, publication, date and passages.")
	c.corpusFlags()
	asJSON := c.fs.Bool("json", false, "print one JSON object per document")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return c.usageErr("takes no arguments, got %q", rest[0])
	}
	ix, err := m.openIndex(ctx, c.cfg, c.Log)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeSourcesJSON(m.stdout(), ix.Sources())
	}
	return writeSources(m.stdout(), ix.Sources())
}

// jsonSource is one line of `docent sources --json`.
type jsonSource struct {
	Doc         string `json:"doc"`
	Title       string `json:"title"`
	Author      string `json:"author"`
	Publication string `json:"publication"`
	Published   string `json:"published"` // YYYY-MM-DD, or "" when unknown
	URL         string `json:"url"`
	Passages    int    `json:"passages"`
}

func writeSourcesJSON(w io.Writer, srcs []retrieval.Source) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, s := range srcs {
		if err := enc.Encode(jsonSource{Doc: s.DocID, Title: s.Title, Author: s.Author,
			Publication: s.Publication, Published: isoDate(s.Published), URL: s.URL, Passages: s.Passages}); err != nil {
			return fmt.Errorf("write sources: %w", err)
		}
	}
	return nil
}

// writeSources prints a table, long titles and names shortened, and a total.
func writeSources(w io.Writer, srcs []retrieval.Source) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DOCUMENT\tTITLE\tAUTHOR\tPUBLICATION\tDATE\tPASSAGES")
	total := 0
	for _, s := range srcs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", shorten(s.DocID, 40), shorten(s.Title, 50),
			shorten(s.Author, 30), shorten(s.Publication, 24), shorten(isoDate(s.Published), 10), s.Passages)
		total += s.Passages
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%d documents, %d passages\n", len(srcs), total)
	return err
}

// shorten cuts s to n runes with an ellipsis; "-" stands for empty.
func shorten(s string, n int) string {
	if s == "" {
		return "-"
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
