package corpus

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"spaces", "  \n ", nil},
		{"one", "Just one sentence.", []string{"Just one sentence."}},
		{"no terminator", "A fragment without a full stop", []string{"A fragment without a full stop"}},
		{"two", "Iran is modifying its policies. Azerbaijan is alone.",
			[]string{"Iran is modifying its policies.", "Azerbaijan is alone."}},
		{"question and exclamation", "Is it taking place? It is! Really.",
			[]string{"Is it taking place?", "It is!", "Really."}},
		{"U.S. inside", "Naval officers of the U.S. Navy came. They left.",
			[]string{"Naval officers of the U.S. Navy came.", "They left."}},
		{"U.S. at the end", "It was backed by the U.S. The deal failed.",
			[]string{"It was backed by the U.S.", "The deal failed."}},
		{"initials", "Oped S. Frederick Starr wrote it. Then he left.",
			[]string{"Oped S. Frederick Starr wrote it.", "Then he left."}},
		{"titles", "Dr. Alexander Murinson and Prof. Brenda Shaffer met Mr. Cohen. They talked.",
			[]string{"Dr. Alexander Murinson and Prof. Brenda Shaffer met Mr. Cohen.", "They talked."}},
		{"e.g. and i.e.", "Some states, e.g. Iran, objected, i.e. they refused. Others agreed.",
			[]string{"Some states, e.g. Iran, objected, i.e. they refused.", "Others agreed."}},
		{"quotes close the sentence", "He said “this is terror.” Then he left.",
			[]string{"He said “this is terror.”", "Then he left."}},
		{"quote opens the next", "It ended. “So, after each complication, ties will follow.”",
			[]string{"It ended.", "“So, after each complication, ties will follow.”"}},
		{"decimal and times", "Growth was 3.5 percent in 2020. It fell.",
			[]string{"Growth was 3.5 percent in 2020.", "It fell."}},
		{"lower case continues", "He wrote to the A.B.C. committee. ok then. Next one.",
			[]string{"He wrote to the A.B.C. committee. ok then.", "Next one."}},
		{"ellipsis", "They never had drills in that area… So we responded. Fine.",
			[]string{"They never had drills in that area…", "So we responded.", "Fine."}},
		{"no space after period", "The site example.com is down. Yes.",
			[]string{"The site example.com is down.", "Yes."}},
		{"blank line breaks", "A heading\n\nThe text follows.", []string{"A heading", "The text follows."}},
		{"number abbreviation", "See No. 5 for details. It is short.",
			[]string{"See No. 5 for details.", "It is short."}},
		{"month abbreviation", "It was signed on Jan. 5 in Baku. Then ratified.",
			[]string{"It was signed on Jan. 5 in Baku.", "Then ratified."}},
		{"closing bracket", "The war ended (in 1994.) Peace followed.",
			[]string{"The war ended (in 1994.)", "Peace followed."}},
		{"digits start", "It grew. 2020 was different.", []string{"It grew.", "2020 was different."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitSentences(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("SplitSentences(%q) =\n%q\nwant\n%q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSentenceSpansCoverText(t *testing.T) {
	text := "Iran is substantially modifying its policies. The visit received glowing reporting in both " +
		"countries. However, the key is that Iranian Supreme Leader Seyid Ali Khamenei expressed assurances."
	spans := SentenceSpans(text)
	if len(spans) != 3 {
		t.Fatalf("SentenceSpans: %d spans; want 3", len(spans))
	}
	checkSpans(t, text, spans)
}

// checkSpans asserts the invariants of SentenceSpans: in order, non-overlapping,
// trimmed, within text, on rune boundaries, covering every non-space character.
func checkSpans(t *testing.T, text string, spans []Span) {
	t.Helper()
	prev := 0
	for _, s := range spans {
		if s.Start < prev || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("bad span %v after %d in %q", s, prev, text)
		}
		if utf8.ValidString(text) && (!utf8.RuneStart(text[s.Start]) || (s.End < len(text) && !utf8.RuneStart(text[s.End]))) {
			t.Fatalf("span %v splits a rune in %q", s, text)
		}
		sent := text[s.Start:s.End]
		if strings.TrimSpace(sent) != sent {
			t.Fatalf("span %v is not trimmed: %q", s, sent)
		}
		if strings.TrimSpace(text[prev:s.Start]) != "" {
			t.Fatalf("text between spans is lost: %q", text[prev:s.Start])
		}
		prev = s.End
	}
	if strings.TrimSpace(text[prev:]) != "" {
		t.Fatalf("text after the last span is lost: %q", text[prev:])
	}
}

func FuzzSplitSentences(f *testing.F) {
	for _, s := range []string{
		"", "A. B. C.", "U.S. The end.", "He said “no.” Then", "…", "e.g. i.e. etc. Dr.", "a\n\nb",
		"Iran is clearly trying. It is negotiating an agreement with Russia!", "\xff. A", "?!?! ...",
		"S. Frederick Starr & Albert Barro, Political and Economic Reforms.", "(“.”) A",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		spans := SentenceSpans(text)
		checkSpans(t, text, spans)
		if got := SplitSentences(text); len(got) != len(spans) {
			t.Fatalf("SplitSentences gave %d sentences, SentenceSpans %d", len(got), len(spans))
		}
	})
}
