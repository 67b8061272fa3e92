package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/docent-bot/docent/bot/feedback"
)

// dirList is a repeatable --data flag.
type dirList []string

func (d *dirList) String() string     { return strings.Join(*d, ",") }
func (d *dirList) Set(v string) error { *d = append(*d, v); return nil }

func runGaps(ctx context.Context, m *Main, args []string) error {
	c := m.newCommand("gaps", "docent gaps [flags]",
		"List the questions docent could not answer and the answers members marked 👎, newest\n"+
			"first: what the corpus lacks. They are recorded by docent serve in the data folder.")
	var dirs dirList
	c.fs.Var(&dirs, "data", "data `folder` to read, repeatable, globs allowed: /data/* reads every\n"+
		"replica's folder (default: DOCENT_DATA_DIR, else ~/.local/share/docent)")
	asJSON := c.fs.Bool("json", false, "print one JSON object per entry")
	kind := c.fs.String("kind", "all", "`which` entries: no_answer, down or all")
	limit := c.fs.Int("limit", 0, "print at most `n` entries (0: all)")
	since := c.fs.Duration("since", 0, "only entries newer than this `duration`, e.g. 168h (0: all)")
	group := c.fs.Bool("group", false, "one line per question (case and spacing ignored), most often first")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return c.usageErr("takes no arguments, got %q", rest[0])
	}
	kinds, ok := map[string][]feedback.Kind{
		"all":       {feedback.NoAnswer, feedback.Down},
		"no_answer": {feedback.NoAnswer},
		"down":      {feedback.Down},
	}[*kind]
	if !ok {
		return c.usageErr("--kind must be no_answer, down or all, not %q", *kind)
	}
	if *limit < 0 || *since < 0 {
		return c.usageErr("--limit and --since cannot be negative")
	}
	if len(dirs) == 0 {
		d, err := m.dataDir(c.cfg)
		if err != nil {
			return err
		}
		dirs = dirList{d}
	}
	entries, found, err := readGaps(dirs, kinds)
	if err != nil {
		return err
	}
	if found == 0 {
		fmt.Fprintf(m.stderr(), "docent: no %s in %s: docent serve has recorded nothing there yet\n",
			feedback.FileName, strings.Join(dirs, ", "))
	}
	if *since > 0 {
		cut := time.Now().Add(-*since)
		entries = slices.DeleteFunc(entries, func(e feedback.Entry) bool { return e.Time.Before(cut) })
	}
	if *group {
		groups := groupGaps(entries)
		total := len(groups)
		if *limit > 0 && len(groups) > *limit {
			groups = groups[:*limit]
		}
		if *asJSON {
			return writeGapsJSON(m.stdout(), groups)
		}
		return writeGapGroups(m.stdout(), groups, total)
	}
	total := len(entries)
	if *limit > 0 && len(entries) > *limit {
		entries = entries[:*limit]
	}
	if *asJSON {
		return writeGapsJSON(m.stdout(), entries)
	}
	return writeGaps(m.stdout(), entries, total)
}

// gapGroup is one question asked, or voted down, several times.
type gapGroup struct {
	Question string    `json:"question"` // as last asked
	Count    int       `json:"count"`
	NoAnswer int       `json:"no_answer"`
	Down     int       `json:"down"`
	Last     time.Time `json:"last"`
}

// groupGaps merges entries (newest first) by question, ignoring case and spacing, most
// frequent first, then most recent.
func groupGaps(entries []feedback.Entry) []gapGroup {
	var groups []gapGroup
	index := map[string]int{}
	for _, e := range entries {
		key := strings.ToLower(oneLine(e.Question))
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, gapGroup{Question: oneLine(e.Question), Last: e.Time})
		}
		g := &groups[i]
		g.Count++
		switch e.Kind {
		case feedback.NoAnswer:
			g.NoAnswer++
		case feedback.Down:
			g.Down++
		}
	}
	slices.SortStableFunc(groups, func(a, b gapGroup) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return b.Last.Compare(a.Last)
	})
	return groups
}

func writeGapGroups(w io.Writer, groups []gapGroup, total int) error {
	if len(groups) == 0 {
		_, err := fmt.Fprintln(w, "No unanswered questions or 👎 feedback recorded.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIMES\tNO ANSWER\tTHUMBS DOWN\tLAST (UTC)\tQUESTION")
	for _, g := range groups {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s\n", g.Count, g.NoAnswer, g.Down,
			g.Last.UTC().Format("2006-01-02 15:04"), clip(g.Question, gapQuestionWidth))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write gaps: %w", err)
	}
	if total > len(groups) {
		_, err := fmt.Fprintf(w, "\n(showing %d of %d questions; see --limit)\n", len(groups), total)
		return err
	}
	return nil
}

// readGaps merges the stores of every folder matched by dirs, newest first. found counts
// the store files that exist.
func readGaps(dirs []string, kinds []feedback.Kind) (entries []feedback.Entry, found int, err error) {
	var paths []string
	for _, d := range dirs {
		matches, err := filepath.Glob(d)
		if err != nil {
			return nil, 0, fmt.Errorf("data folder pattern %q: %w", d, err)
		}
		if matches == nil {
			matches = []string{d}
		}
		for _, m := range matches {
			paths = append(paths, filepath.Join(m, feedback.FileName))
		}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			continue
		}
		found++
		es, err := feedback.ReadFile(p, kinds...)
		if err != nil {
			return nil, found, fmt.Errorf("read %s: %w", p, err)
		}
		entries = append(entries, es...)
	}
	slices.SortStableFunc(entries, func(a, b feedback.Entry) int { return b.Time.Compare(a.Time) })
	return entries, found, nil
}

func writeGapsJSON[T any](w io.Writer, entries []T) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, e := range entries {
		if err := enc.Encode(e); err != nil {
			return fmt.Errorf("write gaps: %w", err)
		}
	}
	return nil
}

// gapQuestionWidth keeps the table on a terminal line; --json has the whole question.
const gapQuestionWidth = 80

func writeGaps(w io.Writer, entries []feedback.Entry, total int) error {
	if len(entries) == 0 {
		_, err := fmt.Fprintln(w, "No unanswered questions or 👎 feedback recorded.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "WHEN (UTC)\tWHAT\tWHERE\tQUESTION")
	counts := map[feedback.Kind]int{}
	for _, e := range entries {
		counts[e.Kind]++
		what := "no answer"
		if e.Kind == feedback.Down {
			what = "thumbs down" // not 👎: tabwriter counts it as one column, terminals as two
		}
		where := e.Surface
		if where == "" {
			where = "-"
		}
		q := oneLine(e.Question)
		if e.DocID != "" {
			q += "  [source: " + e.DocID + "]"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Time.UTC().Format("2006-01-02 15:04"), what, where,
			clip(q, gapQuestionWidth))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write gaps: %w", err)
	}
	summary := fmt.Sprintf("\n%d unanswered, %d 👎", counts[feedback.NoAnswer], counts[feedback.Down])
	if total > len(entries) {
		summary += fmt.Sprintf(" (showing %d of %d; see --limit)", len(entries), total)
	}
	_, err := fmt.Fprintln(w, summary)
	return err
}

// oneLine collapses whitespace, so a question never breaks the table.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// clip shortens s to n runes, ending with "…" when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
