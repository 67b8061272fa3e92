package corpus

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cutPassages cuts a document's paragraphs into passages: paragraphs shorter than min
// are merged with their neighbours under the same heading (never beyond max), and
// paragraphs longer than max are split at sentence boundaries into parts of similar size.
func cutPassages(d Document, min, max int) []Passage {
	var out []Passage
	var group []Paragraph
	size := 0
	flush := func() {
		if len(group) == 0 {
			return
		}
		texts := make([]string, len(group))
		for i, p := range group {
			texts[i] = p.Text
		}
		first, last := group[0].N, group[len(group)-1].N
		id := d.ID + "#p" + strconv.Itoa(first) // as fmt would, at a fraction of the time: every load cuts every passage
		if last > first {
			id += "-" + strconv.Itoa(last)
		}
		out = append(out, Passage{ID: id, DocID: d.ID, Heading: group[0].Heading,
			ParaFirst: first, ParaLast: last, Text: strings.Join(texts, "\n\n")})
		group, size = nil, 0
	}
	for i, p := range d.Paragraphs {
		if len(p.Text) > max {
			flush()
			for k, part := range splitLong(p.Text, max) {
				out = append(out, Passage{ID: d.ID + "#p" + strconv.Itoa(p.N) + "." + strconv.Itoa(k+1), DocID: d.ID,
					Heading: p.Heading, ParaFirst: p.N, ParaLast: p.N, Text: part})
			}
			continue
		}
		if len(group) > 0 && (group[0].Heading != p.Heading || size+len(p.Text) > max) {
			flush()
		}
		group = append(group, p)
		size += len(p.Text) + 2
		// a short last paragraph of a section joins the group before it when it fits
		if size >= min && !nextJoins(d.Paragraphs, i, min, max, size) {
			flush()
		}
	}
	flush()
	return out
}

// nextJoins reports whether the paragraph after i is a short last paragraph of the
// same section that should join the current group rather than stand alone.
func nextJoins(ps []Paragraph, i, min, max, size int) bool {
	if i+1 >= len(ps) {
		return false
	}
	next := ps[i+1]
	if next.Heading != ps[i].Heading || len(next.Text) >= min || size+len(next.Text) > max {
		return false
	}
	return i+2 >= len(ps) || ps[i+2].Heading != next.Heading
}

// splitLong splits text at sentence boundaries into parts of at most max bytes
// (a single longer sentence is split at a space), balanced in size.
func splitLong(text string, max int) []string {
	spans := SentenceSpans(text)
	var sents []string
	for _, s := range spans {
		sent := text[s.Start:s.End]
		for len(sent) > max {
			cut := wordCut(sent, max)
			sents = append(sents, strings.TrimSpace(sent[:cut]))
			sent = strings.TrimSpace(sent[cut:])
		}
		if sent != "" {
			sents = append(sents, sent)
		}
	}
	n := (len(text) + max - 1) / max
	target := len(text) / n
	var parts []string
	var cur strings.Builder
	for _, s := range sents {
		// close the part when the sentence would overflow it or take it further past
		// the target size than it is short of it
		if cur.Len() > 0 && (cur.Len()+1+len(s) > max || cur.Len()+(1+len(s))/2 > target) {
			parts = append(parts, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(s)
	}
	if cur.Len() > 0 {
		parts = append(parts, cur.String())
	}
	return parts
}

// wordCut returns a byte index at most max where s can be cut at a space (or at a
// rune boundary when there is no space).
func wordCut(s string, max int) int {
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	for i := cut; i > max/2; i-- {
		if r, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
			return i
		}
	}
	if cut == 0 {
		_, size := utf8.DecodeRuneInString(s)
		return size
	}
	return cut
}
