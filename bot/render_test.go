package bot

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name.golden, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from %s (run go test ./bot -update if the change is intended)\ngot:\n%s", name, path, got)
	}
}

// messageJSON renders r the way it is sent, for goldens and the limit checks.
func messageJSON(t *testing.T, r reply) []byte {
	t.Helper()
	flags := 0
	if r.Ephemeral {
		flags = int(discordgo.MessageFlagsEphemeral)
	}
	b, err := json.MarshalIndent(map[string]any{"content": r.Content, "embeds": r.Embeds,
		"components": r.Components, "flags": flags}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if problems := discordtest.CheckMessage(b); len(problems) > 0 {
		t.Errorf("rendered message breaks Discord's limits: %v", problems)
	}
	return append(b, '\n')
}

var cite = corpus.Citation{DocID: "001_b9bde344a18e4a0c.txt", Title: "Azerbaijan and *Energy* Security",
	Author: "A. Writer", Publication: "Baku Dialogues", Published: time.Date(2021, 3, 4, 0, 0, 0, 0, time.UTC),
	ParaFirst: 4, ParaLast: 5}

func spanOf(text, word string) retrieval.Span {
	i := strings.Index(text, word)
	return retrieval.Span{Start: i, End: i + len(word)}
}

func fixtureResult() retrieval.Result {
	answer := "The pipeline carries gas from the Caspian to Europe."
	p1 := "The pipeline carries gas from the Caspian to Europe. It was opened in 2006 — @everyone knew it mattered. Some called it a *game changer* for <@123456> and friends."
	long := strings.Repeat("Energy security shapes every decision the region makes about transit. ", 60)
	return retrieval.Result{
		Question:       "What does the pipeline carry?",
		Answer:         answer,
		AnswerMatches:  []retrieval.Span{spanOf(answer, "pipeline"), spanOf(answer, "gas")},
		AnswerCitation: cite,
		Passages: []retrieval.Passage{
			{Rank: 1, ID: "001_b9bde344a18e4a0c.txt#4-5", Text: p1, Citation: cite,
				Matches: []retrieval.Span{spanOf(p1, "pipeline"), spanOf(p1, "gas")}},
			{Rank: 2, ID: "002_0ae4c268afa050ca.txt#7-7", Text: long, Citation: corpus.Citation{DocID: "002_0ae4c268afa050ca.txt", Title: "Transit", ParaFirst: 7, ParaLast: 7},
				Matches: []retrieval.Span{spanOf(long, "Energy")}},
			{Rank: 3, ID: "003_13cec1daa4145e93.txt#2-2", Text: "# Heading-like line\n- a list | with ~~strike~~ and `code` and @here",
				Citation: corpus.Citation{DocID: "003_13cec1daa4145e93.txt", ParaFirst: 2, ParaLast: 2}},
		},
		Total: 7,
	}
}

func TestRenderGolden(t *testing.T) {
	res := fixtureResult()
	st := state{Question: "What does the pipeline carry? @everyone", DocID: ""}
	srcs := []retrieval.Source{{Citation: cite, Passages: 12}, {Citation: corpus.Citation{DocID: "x.txt"}, Passages: 1}}
	hedged := fixtureResult()
	hedged.Hedged = true
	tests := []struct {
		name string
		r    reply
	}{
		{"answer_ephemeral", renderAnswer(res, answerView{State: st, Ephemeral: true, PageSize: 3, FollowUp: true})},
		{"answer_public_page2", renderAnswer(res, answerView{State: state{Question: "pipeline", DocID: cite.DocID, Page: 1}, SourceTitle: cite.Title, PageSize: 3})},
		{"answer_hedged", renderAnswer(hedged, answerView{State: st, PageSize: 3, FollowUp: true})},
		{"no_answer", renderNoAnswer(true)},
		{"answer_hedged_human", renderAnswer(hedged, answerView{State: st, PageSize: 3, FollowUp: true, AskHuman: true})},
		{"no_answer_human", helpBot.noAnswerReply(st, true)},
		{"search", renderSearch(res, state{Search: true, Question: "energy"}, "", 10)},
		{"full", renderFull(res.Passages[1])},
		{"sources", renderSources(srcs)},
		{"help", renderHelp(srcs)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, messageJSON(t, tt.r))
		})
	}
}

// TestRenderHedged checks that a hedged answer says it is unsure, shows the passages and
// claims no answer.
func TestRenderHedged(t *testing.T) {
	res := fixtureResult()
	res.Hedged = true
	d := renderAnswer(res, answerView{State: state{Question: "q"}, PageSize: 3}).Embeds[0].Description
	if !strings.Contains(d, msgHedged) || strings.Contains(d, "**Answer:**") || !strings.Contains(d, "> ") {
		t.Errorf("hedged answer = %q; want the hedge, the passages and no **Answer:**", d)
	}
	if got := answeredOutcome(res); got != OutcomeHedged {
		t.Errorf("answeredOutcome(hedged) = %q; want %q", got, OutcomeHedged)
	}
}

func TestRenderAnswerEscapes(t *testing.T) {
	r := renderAnswer(fixtureResult(), answerView{State: state{Question: "q"}, PageSize: 3})
	d := r.Embeds[0].Description
	for _, bad := range []string{"@everyone", "@here", "<@123456>", "*game changer*"} {
		if strings.Contains(d, bad) {
			t.Errorf("description contains %q unescaped:\n%s", bad, d)
		}
	}
	for _, want := range []string{"**pipeline**", "**gas**", "¶¶ 4–5", "Baku Dialogues", "4 March 2021", "…"} {
		if !strings.Contains(d, want) {
			t.Errorf("description lacks %q:\n%s", want, d)
		}
	}
}

func TestRenderSearchManyLongPassages(t *testing.T) {
	res := retrieval.Result{Total: 95}
	text := strings.Repeat("Long passage text with **stars** and _under_ scores. ", 80)
	for i := range 10 {
		res.Passages = append(res.Passages, retrieval.Passage{Rank: 11 + i, ID: "d#1", Text: text,
			Citation: corpus.Citation{Title: strings.Repeat("T", 300), Author: "A", ParaFirst: 1}})
	}
	r := renderSearch(res, state{Search: true, Question: strings.Repeat("q", 300), Page: 1}, "", 10)
	messageJSON(t, r) // checks the limits
	if got := len(r.Embeds[0].Fields); got != 10 {
		t.Errorf("fields = %d; want 10", got)
	}
}

func TestRenderFullLongPassage(t *testing.T) {
	p := retrieval.Passage{ID: "d#1", Text: strings.Repeat("A sentence of a very long passage. ", 400), Citation: cite}
	r := renderFull(p)
	messageJSON(t, r)
	if len(r.Embeds[0].Fields) == 0 {
		t.Errorf("a 14,000-character passage should spill into fields")
	}
}

func TestRenderSourcesMany(t *testing.T) {
	var srcs []retrieval.Source
	for range 500 {
		srcs = append(srcs, retrieval.Source{Citation: cite, Passages: 3})
	}
	srcs[0].Title = strings.Repeat("Very long title ", 400)
	r := renderSources(srcs)
	messageJSON(t, r)
	if !strings.Contains(r.Embeds[0].Description, "more") {
		t.Errorf("500 sources should end with “…and N more”")
	}
}

func TestStateRoundTrip(t *testing.T) {
	tests := []state{
		{Question: "What is @everyone doing?"},
		{Question: "energy", DocID: "001_b9bde344a18e4a0c.txt", Page: 2},
		{Search: true, Question: "pipeline (gas)", DocID: "sub dir/a b.md", Page: 3, Pages: 9},
	}
	for _, st := range tests {
		m := &discordgo.Message{Embeds: []*discordgo.MessageEmbed{{Footer: &discordgo.MessageEmbedFooter{Text: st.footer("A Title")}}}}
		got, ok := stateOf(m)
		if !ok || got != st {
			t.Errorf("stateOf(footer(%+v)) = %+v, %v", st, got, ok)
		}
	}
	if _, ok := stateOf(&discordgo.Message{}); ok {
		t.Errorf("stateOf(empty message) reported a state")
	}
}

var helpBot = &Bot{cfg: Config{Community: Community{HelpRole: "777", HelpChannel: "888"}}}

// TestModalGoldens keeps the modals as Discord receives them: text inputs in action rows.
func TestModalGoldens(t *testing.T) {
	for _, tt := range []struct {
		name string
		m    *discordgo.InteractionResponse
	}{
		{"modal_followup", followUpModal(cite.DocID)},
		{"modal_save", modal(idSaveModal+"c1:123", "Save as answer",
			field{ID: "title", Label: "Title", Value: "How do I *reset* it?", Required: true, Max: 100},
			field{ID: "answer", Label: "Answer", Value: strings.Repeat("long ", 900), Long: true, Required: true, Max: 4000})},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.MarshalIndent(tt.m, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, tt.name, append(b, '\n'))
		})
	}
}
