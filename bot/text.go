package bot

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/docent-bot/docent/retrieval"
)

// Discord's limits that rendering keeps to (discordgo checks none of them).
const (
	maxContent     = 2000
	maxTitle       = 256
	maxDescription = 4096
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxEmbedTotal  = 6000
	maxCustomID    = 100
	maxChoices     = 25
	maxChoiceName  = 100
	maxButtonLabel = 80
)

const ellipsis = "…"

// zwsp breaks mentions and markdown tokens without changing what a reader sees.
const zwsp = "\u200b"

var mentionEscaper = strings.NewReplacer(
	"@everyone", "@"+zwsp+"everyone",
	"@here", "@"+zwsp+"here",
	"<@", "<@"+zwsp, // users <@id>, <@!id> and roles <@&id>
	"<#", "<#"+zwsp, // channels
	"</", "</"+zwsp, // slash-command mentions
)

// escapeMentions shows @everyone, @here and <@id> as text instead of pinging (allowed
// mentions are also set to none on every message; this keeps the text from rendering
// as a mention at all).
func escapeMentions(s string) string { return mentionEscaper.Replace(s) }

// escapeMarkdown makes s display literally in Discord markdown and escapes mentions.
func escapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	lineStart := true
	for _, r := range s {
		switch {
		case strings.ContainsRune("\\*_~`|[]", r):
			b.WriteByte('\\')
		case lineStart && strings.ContainsRune(">#-+", r):
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		if r == '\n' {
			lineStart = true
		} else if !unicode.IsSpace(r) {
			lineStart = false
		}
	}
	return escapeMentions(b.String())
}

// plain makes user or corpus text safe where markdown does not render (footers, labels,
// autocomplete names): only mentions are escaped.
func plain(s string) string { return escapeMentions(s) }

// cleanQuestion collapses whitespace so a question fits one line of a footer.
func cleanQuestion(s string) string { return strings.Join(strings.Fields(s), " ") }

// runes counts characters as Discord does.
func runes(s string) int { return utf8.RuneCountInString(s) }

// cut shortens s to at most max characters, at the end of a sentence when one ends in the
// second half of the allowance, else at a word, and marks the cut with "…".
func cut(s string, max int) string {
	end := cutPoint(s, max)
	if end == len(s) {
		return s
	}
	return strings.TrimRightFunc(s[:end], unicode.IsSpace) + ellipsis
}

// cutPoint returns the byte offset at which to cut s so that s[:n] plus "…" has at most
// max characters; len(s) when s already fits.
func cutPoint(s string, max int) int {
	if runes(s) <= max {
		return len(s)
	}
	if max <= 1 {
		return 0
	}
	limit := byteOffset(s, max-1) // leave room for the ellipsis
	head := s[:limit]
	sentence, word := -1, -1
	for i, r := range head {
		if unicode.IsSpace(r) {
			word = i
			if i > 0 && strings.ContainsAny(head[i-1:i], ".?!;:\"”’)") {
				sentence = i
			}
		}
	}
	switch {
	case sentence >= limit/2:
		return sentence
	case word >= limit/2:
		return word
	}
	return limit
}

// byteOffset returns the byte offset of the n-th rune of s (len(s) if s is shorter).
func byteOffset(s string, n int) int {
	i := 0
	for pos := range s {
		if i == n {
			return pos
		}
		i++
	}
	return len(s)
}

// highlight renders text escaped, with the spans in bold, cut (at a sentence, with "…")
// so that the result has at most max characters.
func highlight(text string, spans []retrieval.Span, max int) string {
	budget := max
	for range 8 {
		end := cutPoint(text, budget)
		out := renderSpans(text[:end], spans)
		if end < len(text) {
			out = strings.TrimRightFunc(out, unicode.IsSpace) + ellipsis
		}
		if runes(out) <= max {
			return out
		}
		budget -= runes(out) - max + 8
		if budget < 1 {
			break
		}
	}
	return cut(escapeMarkdown(text), max/2) // escaping blew up; a plain cut always fits
}

// renderSpans escapes text and wraps the valid, non-overlapping spans in **bold**.
func renderSpans(text string, spans []retrieval.Span) string {
	ss := append([]retrieval.Span(nil), spans...)
	sort.Slice(ss, func(i, j int) bool { return ss[i].Start < ss[j].Start })
	var b strings.Builder
	pos := 0
	for _, sp := range ss {
		if sp.Start < pos || sp.End <= sp.Start || sp.End > len(text) ||
			!utf8.RuneStart(text[sp.Start]) || (sp.End < len(text) && !utf8.RuneStart(text[sp.End])) {
			continue
		}
		word := strings.TrimSpace(text[sp.Start:sp.End])
		if word == "" {
			continue
		}
		b.WriteString(escapeMarkdown(text[pos:sp.Start]))
		b.WriteString("**" + escapeMarkdown(text[sp.Start:sp.End]) + "**")
		pos = sp.End
	}
	b.WriteString(escapeMarkdown(text[pos:]))
	return b.String()
}
