package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/docent-bot/docent/retrieval"
)

// jsonAnswer is one line of `docent ask --json`: the contract in DESIGN.md.
type jsonAnswer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
	NoAnswer bool   `json:"no_answer"`
	// Confidence is "high" for a confident answer and "low" for a hedged one or a
	// refusal: the passages are offered as possibly relevant.
	Confidence string        `json:"confidence"`
	Passages   []jsonPassage `json:"passages"`
	Error      string        `json:"error,omitempty"` // the question could not be asked
}

type jsonPassage struct {
	Rank      int     `json:"rank"`
	Doc       string  `json:"doc"`
	Title     string  `json:"title"`
	Author    string  `json:"author"`
	Published string  `json:"published"` // YYYY-MM-DD, or "" when unknown
	Paragraph string  `json:"paragraph"` // "¶ 4" or "¶¶ 4–5", as in the citation
	Text      string  `json:"text"`
	Score     float64 `json:"score"`
	Citation  string  `json:"citation"`
}

// writeJSON prints res as one line of JSON; errMsg, when set, says why there is no result.
func writeJSON(w io.Writer, res retrieval.Result, errMsg string) error {
	a := jsonAnswer{Question: res.Question, Answer: res.Answer, NoAnswer: res.NoAnswer,
		Confidence: confidenceWord(res), Passages: make([]jsonPassage, 0, len(res.Passages)), Error: errMsg}
	if errMsg != "" {
		a.Answer, a.NoAnswer, a.Confidence = "", true, "low"
	} else {
		for _, p := range res.Passages {
			c := p.Citation
			a.Passages = append(a.Passages, jsonPassage{Rank: p.Rank, Doc: c.DocID, Title: c.Title,
				Author: c.Author, Published: isoDate(c.Published), Paragraph: c.Paragraph(), Text: p.Text,
				Score: p.Score, Citation: c.String()})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a); err != nil {
		return fmt.Errorf("write answer: %w", err)
	}
	return nil
}

// confidenceWord is the JSON contract's word for a result's outcome.
func confidenceWord(res retrieval.Result) string {
	if res.NoAnswer || res.Hedged {
		return "low"
	}
	return "high"
}

// textStyle is how answers are printed for people.
type textStyle struct {
	bold  bool // mark matched terms with ANSI bold
	width int  // wrap text to this many columns
}

const noAnswerText = "Nothing in the corpus answers that question.\n" +
	"Run 'docent sources' to see which documents docent knows about."

// hedgedText opens a hedged answer: what follows is the closest the corpus has.
const hedgedText = "Not sure: nothing answers that clearly. These passages look closest:"

// writeText prints res for a person: the answer sentence with its citation, then the
// numbered passages with theirs.
func writeText(w io.Writer, res retrieval.Result, st textStyle) error {
	var b strings.Builder
	if res.NoAnswer || (res.Answer == "" && len(res.Passages) == 0) {
		b.WriteString(noAnswerText + "\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	if res.Hedged {
		writeWrapped(&b, hedgedText, nil, "", "", st)
		b.WriteByte('\n')
	} else if res.Answer != "" {
		writeWrapped(&b, res.Answer, res.AnswerMatches, "", "", st)
		writeWrapped(&b, res.AnswerCitation.String(), nil, "  — ", "    ", st)
	}
	for i, p := range res.Passages {
		if i > 0 || res.Answer != "" && !res.Hedged {
			b.WriteByte('\n')
		}
		label := fmt.Sprintf("[%d] ", p.Rank)
		indent := strings.Repeat(" ", len(label))
		writeWrapped(&b, p.Citation.String(), nil, label, indent, st)
		writeWrapped(&b, p.Text, p.Matches, indent, indent, st)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeWrapped writes text wrapped to st.width, the first line after first and the others
// after indent (both as wide), with the spans in bold when st.bold. Line breaks in text
// are kept; blank lines collapse to one.
func writeWrapped(b *strings.Builder, text string, spans []retrieval.Span, first, indent string, st textStyle) {
	spans = cleanSpans(spans, len(text))
	prefix := first
	for _, ln := range wrap(text, max(20, st.width-utf8.RuneCountInString(indent))) {
		if ln.start == ln.end {
			b.WriteByte('\n')
			continue
		}
		b.WriteString(prefix)
		prefix = indent
		at := ln.start
		for _, s := range spans {
			s0, s1 := max(s.Start, ln.start), min(s.End, ln.end)
			if !st.bold || s0 >= s1 {
				continue
			}
			b.WriteString(text[at:s0])
			b.WriteString("\033[1m" + text[s0:s1] + "\033[0m")
			at = s1
		}
		b.WriteString(text[at:ln.end])
		b.WriteByte('\n')
	}
}

// cleanSpans keeps spans that lie within text, sorted and without overlap.
func cleanSpans(spans []retrieval.Span, n int) []retrieval.Span {
	var out []retrieval.Span
	for _, s := range spans {
		if s.Start >= 0 && s.Start < s.End && s.End <= n {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b retrieval.Span) int { return a.Start - b.Start })
	end := 0
	kept := out[:0]
	for _, s := range out {
		if s.Start >= end {
			kept = append(kept, s)
			end = s.End
		}
	}
	return kept
}

// line is a byte range of a wrapped text; start == end is a blank line.
type line struct{ start, end int }

// wrap breaks text into lines of at most width runes at spaces (a longer word gets a line
// of its own). A newline in text ends a line; runs of blank lines become one.
func wrap(text string, width int) []line {
	var lines []line
	blank := true // no blank line at the start
	for off := 0; off <= len(text); {
		nl := strings.IndexByte(text[off:], '\n')
		end := len(text)
		if nl >= 0 {
			end = off + nl
		}
		para := wrapLine(text, off, end, width)
		if len(para) == 0 && !blank {
			lines = append(lines, line{})
		}
		lines = append(lines, para...)
		blank = len(para) == 0
		off = end + 1
	}
	if len(lines) > 0 && lines[len(lines)-1].start == lines[len(lines)-1].end {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// wrapLine wraps text[from:to], which holds no newline.
func wrapLine(text string, from, to, width int) []line {
	var lines []line
	cur, curLen := line{-1, -1}, 0
	for i := from; i < to; {
		for i < to && isSpace(text, i) {
			_, n := utf8.DecodeRuneInString(text[i:])
			i += n
		}
		if i >= to {
			break
		}
		j := i
		for j < to && !isSpace(text, j) {
			_, n := utf8.DecodeRuneInString(text[j:])
			j += n
		}
		wl := utf8.RuneCountInString(text[i:j])
		switch {
		case cur.start < 0:
			cur, curLen = line{i, j}, wl
		case curLen+1+wl <= width:
			cur.end, curLen = j, curLen+1+wl
		default:
			lines = append(lines, cur)
			cur, curLen = line{i, j}, wl
		}
		i = j
	}
	if cur.start >= 0 {
		lines = append(lines, cur)
	}
	return lines
}

func isSpace(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// colorOK reports whether bold may be used: Stdout is a terminal and NO_COLOR is unset.
func colorOK(m *Main) bool {
	return isTerminal(m.Stdout) && lookupEnv(m.Env, "NO_COLOR") == "" && lookupEnv(m.Env, "TERM") != "dumb"
}

// textWidth is the terminal's width (at most 100 columns), or 80 when w is not a terminal.
func textWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return min(cols-1, 100)
		}
	}
	return 80
}
