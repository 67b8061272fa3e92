package bot

import (
	"strings"
	"testing"

	"github.com/docent-bot/docent/retrieval"
)

func TestCut(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"fits", "Short.", 10, "Short."},
		{"at sentence", "First sentence here. Second sentence is long.", 30, "First sentence here.…"},
		{"at word", "one two three four five six seven", 20, "one two three four…"},
		{"no spaces", strings.Repeat("x", 30), 10, strings.Repeat("x", 9) + "…"},
		{"multibyte", "ééééé ééééé", 7, "ééééé…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cut(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("cut(%q, %d) = %q; want %q", tt.in, tt.max, got, tt.want)
			}
			if runes(got) > tt.max {
				t.Errorf("cut(%q, %d) has %d characters", tt.in, tt.max, runes(got))
			}
		})
	}
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"*bold* _it_ `code` ~~s~~ ||spoiler||", `\*bold\* \_it\_ \` + "`code\\`" + ` \~\~s\~\~ \|\|spoiler\|\|`},
		{"# heading\n> quote\n- item", "\\# heading\n\\> quote\n\\- item"},
		{"ping @everyone and @here and <@123> <@&9>", "ping @\u200beveryone and @\u200bhere and <@\u200b123> <@\u200b&9>"},
		{"[link](http://x)", `\[link\](http://x)`},
	}
	for _, tt := range tests {
		if got := escapeMarkdown(tt.in); got != tt.want {
			t.Errorf("escapeMarkdown(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestHighlight(t *testing.T) {
	text := "Gas flows west. Oil *flows* east."
	spans := []retrieval.Span{{Start: 0, End: 3}, {Start: 20, End: 27}, {Start: 100, End: 120}, {Start: 1, End: 2}}
	got := highlight(text, spans, 200)
	want := `**Gas** flows west. Oil **\*flows\*** east.`
	if got != want {
		t.Errorf("highlight = %q; want %q", got, want)
	}
	long := strings.Repeat("Gas flows west. ", 50)
	got = highlight(long, []retrieval.Span{{Start: 0, End: 3}}, 100)
	if runes(got) > 100 || !strings.HasSuffix(got, "west.…") || !strings.HasPrefix(got, "**Gas**") {
		t.Errorf("highlight(long, 100) = %q (%d characters)", got, runes(got))
	}
	stars := strings.Repeat("*", 500)
	if got := highlight(stars, nil, 300); runes(got) > 300 {
		t.Errorf("highlight of 500 stars has %d characters > 300", runes(got))
	}
}
