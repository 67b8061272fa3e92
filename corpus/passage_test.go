package corpus

import (
	"fmt"
	"strings"
	"testing"
)

func TestCutPassages(t *testing.T) {
	long := strings.TrimSpace(strings.Repeat("This sentence is part of a long paragraph about Dr. Smith and the U.S. Navy. ", 20)) // 1,539 bytes
	short := "A short paragraph."
	mid := strings.TrimSpace(strings.Repeat("Medium text. ", 25)) // 324 bytes
	d := Document{ID: "doc.txt", Paragraphs: []Paragraph{
		{N: 1, Text: short},
		{N: 2, Text: short},
		{N: 3, Text: mid},
		{N: 4, Heading: "Two", Text: long},
		{N: 5, Heading: "Two", Text: mid},
		{N: 6, Heading: "Three", Text: short},
		{N: 7, Heading: "Four", Text: mid},
		{N: 8, Heading: "Four", Text: short},
	}}
	var got []string
	for _, p := range cutPassages(d, 250, 1200) {
		got = append(got, fmt.Sprintf("%s %q %d-%d %d", p.ID, p.Heading, p.ParaFirst, p.ParaLast, len(p.Text)))
		if p.DocID != "doc.txt" {
			t.Errorf("passage %s has DocID %q", p.ID, p.DocID)
		}
	}
	want := []string{
		`doc.txt#p1-3 "" 1-3 364`,
		`doc.txt#p4.1 "Two" 4-4 769`,
		`doc.txt#p4.2 "Two" 4-4 769`,
		`doc.txt#p5 "Two" 5-5 324`,
		`doc.txt#p6 "Three" 6-6 18`,
		`doc.txt#p7-8 "Four" 7-8 344`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("cutPassages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSplitLongKeepsSentences(t *testing.T) {
	text := strings.Repeat("Azerbaijan’s victory was noted by S. Frederick Starr. ", 40)
	parts := splitLong(strings.TrimSpace(text), 500)
	for i, p := range parts {
		if len(p) > 500 {
			t.Errorf("part %d is %d bytes", i, len(p))
		}
		if !strings.HasPrefix(p, "Azerbaijan’s") || !strings.HasSuffix(p, "Starr.") {
			t.Errorf("part %d does not hold whole sentences: %q", i, p)
		}
	}
	// one sentence longer than the limit is cut between words
	word := strings.Repeat("word ", 300)
	for _, p := range splitLong(strings.TrimSpace(word), 100) {
		if len(p) > 100 || strings.HasPrefix(p, " ") || strings.Contains(p, "wor ") {
			t.Errorf("bad cut %q", p)
		}
	}
}
