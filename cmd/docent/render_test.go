package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
)

// spansOf marks every occurrence of words in text.
func spansOf(text string, words ...string) []retrieval.Span {
	var spans []retrieval.Span
	for _, w := range words {
		for off := 0; ; {
			i := strings.Index(text[off:], w)
			if i < 0 {
				break
			}
			spans = append(spans, retrieval.Span{Start: off + i, End: off + i + len(w)})
			off += i + len(w)
		}
	}
	return spans
}

// sampleResult is a hand-built answer with every citation part, a missing date, a
// multi-paragraph passage and matches that straddle a line break.
func sampleResult() retrieval.Result {
	cite := corpus.Citation{DocID: "000_bcba7ea90fc38e5c.txt", Title: "Azerbaijan and Afghanistan: A Partnership",
		Author: "Fuad Chiragov", Publication: "Baku Dialogues", Published: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC),
		ParaFirst: 12, ParaLast: 12}
	p1 := "In 2008 the Azerbaijan National Agency for Mine Action (ANAMA) in 2008 began clearing mines in Afghanistan, " +
		"training Afghan deminers and sharing the experience it gained at home."
	p2 := "Azerbaijani peacekeepers served in Afghanistan from 2002.\n\nThey guarded Kabul airport."
	c2 := cite
	c2.ParaFirst, c2.ParaLast = 20, 21
	c3 := corpus.Citation{DocID: "notes.md", Title: "", Author: "", ParaFirst: 1, ParaLast: 1}
	answer := "In 2008 the Azerbaijan National Agency for Mine Action (ANAMA) in 2008 began clearing mines in Afghanistan."
	return retrieval.Result{
		Question:       "What did ANAMA do in Afghanistan?",
		Answer:         answer,
		AnswerMatches:  spansOf(answer, "ANAMA", "Afghanistan"),
		AnswerCitation: cite,
		Passages: []retrieval.Passage{
			{Rank: 1, ID: "000#12-12", Text: p1, Matches: spansOf(p1, "ANAMA", "Afghanistan"), Score: 12.345678, Citation: cite},
			{Rank: 2, ID: "000#20-21", Text: p2, Matches: spansOf(p2, "Afghanistan"), Score: 7.5, Citation: c2},
			{Rank: 3, ID: "notes.md#1-1", Text: "A short note on Afghanistan.", Matches: spansOf("A short note on Afghanistan.", "Afghanistan"), Score: 1, Citation: c3},
		},
		Total: 9,
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test ./cmd/docent -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./cmd/docent -update rewrites it)\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestAskGolden(t *testing.T) {
	noAnswer := sampleResult()
	noAnswer.NoAnswer, noAnswer.Answer = true, ""
	hedged := sampleResult()
	hedged.Hedged = true
	tests := []struct {
		file   string
		res    retrieval.Result
		json   bool
		errMsg string
		style  textStyle
	}{
		{file: "ask.golden", res: sampleResult(), style: textStyle{width: 80}},
		{file: "ask-bold.golden", res: sampleResult(), style: textStyle{width: 60, bold: true}},
		{file: "ask-noanswer.golden", res: noAnswer, style: textStyle{width: 80}},
		{file: "ask.json.golden", res: sampleResult(), json: true},
		{file: "ask-noanswer.json.golden", res: noAnswer, json: true},
		{file: "ask-hedged.golden", res: hedged, style: textStyle{width: 80}},
		{file: "ask-hedged.json.golden", res: hedged, json: true},
		{file: "ask-error.json.golden", res: retrieval.Result{Question: "the of and"}, json: true,
			errMsg: "Your question has only very common words; ask about something specific."},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var b bytes.Buffer
			var err error
			if tt.json {
				err = writeJSON(&b, tt.res, tt.errMsg)
			} else {
				err = writeText(&b, tt.res, tt.style)
			}
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, b.Bytes())
		})
	}
}

func TestJSONContract(t *testing.T) {
	var b bytes.Buffer
	if err := writeJSON(&b, sampleResult(), ""); err != nil {
		t.Fatal(err)
	}
	if strings.Count(b.String(), "\n") != 1 {
		t.Errorf("writeJSON wrote %q; want exactly one line", b.String())
	}
	var got map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"question", "answer", "no_answer", "confidence", "passages"} {
		if _, ok := got[k]; !ok {
			t.Errorf("answer lacks %q: %s", k, b.String())
		}
	}
	if _, ok := got["error"]; ok {
		t.Errorf("answer without error has an error field: %s", b.String())
	}
	p := got["passages"].([]any)[1].(map[string]any)
	want := map[string]any{"rank": 2.0, "doc": "000_bcba7ea90fc38e5c.txt", "title": "Azerbaijan and Afghanistan: A Partnership",
		"author": "Fuad Chiragov", "published": "2021-03-01", "paragraph": "¶¶ 20–21", "score": 7.5,
		"citation": "“Azerbaijan and Afghanistan: A Partnership”, Fuad Chiragov, Baku Dialogues, 1 March 2021, ¶¶ 20–21"}
	for k, v := range want {
		if p[k] != v {
			t.Errorf("passage 2 %s = %#v; want %#v", k, p[k], v)
		}
	}
	if len(p) != 9 {
		t.Errorf("passage has %d fields; want the 9 of the contract: %v", len(p), p)
	}
}

// TestConfidenceWord checks the three outcomes as the JSON contract names them.
func TestConfidenceWord(t *testing.T) {
	tests := []struct {
		name             string
		noAnswer, hedged bool
		want             string
	}{
		{"confident answer", false, false, "high"},
		{"hedged answer", false, true, "low"},
		{"refusal", true, false, "low"},
	}
	for _, tt := range tests {
		res := sampleResult()
		res.NoAnswer, res.Hedged = tt.noAnswer, tt.hedged
		var b bytes.Buffer
		if err := writeJSON(&b, res, ""); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Confidence string `json:"confidence"`
			NoAnswer   bool   `json:"no_answer"`
		}
		if err := json.Unmarshal(b.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Confidence != tt.want || got.NoAnswer != tt.noAnswer {
			t.Errorf("%s: confidence %q, no_answer %v; want %q, %v", tt.name, got.Confidence, got.NoAnswer, tt.want, tt.noAnswer)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		text  string
		width int
		want  []string
	}{
		{"", 10, nil},
		{"one two three four", 9, []string{"one two", "three", "four"}},
		{"  leading   and   trailing  ", 40, []string{"leading   and   trailing"}},
		{"a verylongwordthatdoesnotfit b", 8, []string{"a", "verylongwordthatdoesnotfit", "b"}},
		{"first\n\n\n\nsecond", 40, []string{"first", "", "second"}},
		{"line one\nline two\n", 40, []string{"line one", "line two"}},
		{"ünïcödé wörds här", 11, []string{"ünïcödé", "wörds här"}},
	}
	for _, tt := range tests {
		var got []string
		for _, ln := range wrap(tt.text, tt.width) {
			got = append(got, tt.text[ln.start:ln.end])
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrap(%q, %d) = %q; want %q", tt.text, tt.width, got, tt.want)
		}
		for _, s := range got {
			if n := utf8.RuneCountInString(s); n > tt.width && !strings.Contains(s, "verylong") {
				t.Errorf("wrap(%q, %d) line %q has %d runes", tt.text, tt.width, s, n)
			}
		}
	}
}

func TestCleanSpans(t *testing.T) {
	got := cleanSpans([]retrieval.Span{{Start: 5, End: 8}, {Start: -1, End: 2}, {Start: 0, End: 3}, {Start: 2, End: 4}, {Start: 9, End: 20}, {Start: 7, End: 7}}, 10)
	want := []retrieval.Span{{Start: 0, End: 3}, {Start: 5, End: 8}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("cleanSpans = %v; want %v", got, want)
	}
}
