package bot_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/docent-bot/docent/bot/feedback"
	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/retrievaltest"
)

const question = "Why is Azerbaijan moving closer to Israel?"

// expectAnswer checks that m shows the index's answer to q: the answer line, and each
// passage's title and paragraph with its citation.
func expectAnswer(t *testing.T, m discordtest.Message, q string) {
	t.Helper()
	res, err := retrievaltest.BundledIndex(t).Answer(context.Background(), retrieval.Query{Text: q, K: 3})
	if err != nil || res.NoAnswer {
		t.Fatalf("the index does not answer %q (%v); pick another test question", q, err)
	}
	if len(m.Embeds) != 1 {
		t.Fatalf("reply to %q has %d embeds; want 1: %+v", q, len(m.Embeds), m)
	}
	d := m.Embeds[0].Description
	if !strings.HasPrefix(d, "**Answer:** ") || !strings.Contains(d, "\n> ") && !strings.Contains(d, "\n\n> ") && !strings.Contains(d, "> ") {
		t.Errorf("reply to %q lacks the answer line or quotes:\n%s", q, d)
	}
	for _, p := range res.Passages {
		if !strings.Contains(d, "— “"+p.Citation.Title+"”") || !strings.Contains(d, p.Citation.Paragraph()) {
			t.Errorf("reply to %q lacks the citation %q:\n%s", q, p.Citation.String(), d)
		}
	}
	if !strings.Contains(d, "**") || strings.Count(d, "**") < 4 {
		t.Errorf("reply to %q bolds no matched term:\n%s", q, d)
	}
}

func TestE2EAskWithCitations(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: bot.Config{GuildID: "g1"}})
	h.fake.Wait(t, waitLong, "commands registered", func() bool { return len(h.fake.Commands("g1")) > 0 })
	names := map[string]bool{}
	for _, raw := range h.fake.Commands("g1") {
		var c struct{ Name string }
		json.Unmarshal(raw, &c)
		names[c.Name] = true
	}
	for _, want := range []string{"ask", "search", "sources", "help"} {
		if !names[want] {
			t.Errorf("command %q not registered on the guild; got %v", want, names)
		}
	}
	if names["reindex"] {
		t.Errorf("/reindex registered without a Reindexer")
	}

	id := h.fake.Command(guild, "ask", opt("question", question))
	in, m := h.finished(id)
	if in.Callbacks[0] != 5 || !m.Ephemeral() {
		t.Errorf("/ask: callbacks %v, ephemeral %v; want a deferred ephemeral reply", in.Callbacks, m.Ephemeral())
	}
	expectAnswer(t, m, question)
	for _, label := range []string{"More passages", "Post publicly", "Helpful", "Not helpful", "Full passage 1"} {
		if m.Button(label) == nil {
			t.Errorf("/ask reply has no %q button", label)
		}
	}
	if !strings.Contains(m.Embeds[0].Footer.Text, question) {
		t.Errorf("footer %q does not carry the question", m.Embeds[0].Footer.Text)
	}

	// public:true answers in the channel, without "Post publicly".
	id = h.fake.Command(guild, "ask", opt("question", question), opt("public", true))
	_, m = h.finished(id)
	if m.Ephemeral() || m.Button("Post publicly") != nil {
		t.Errorf("/ask public:true: ephemeral %v, Post publicly button %v", m.Ephemeral(), m.Button("Post publicly") != nil)
	}
	checkSafe(t, h.fake)
}

func TestE2EGlobalCommands(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.fake.Wait(t, waitLong, "global commands", func() bool { return len(h.fake.Commands("global")) > 0 })
	for _, raw := range h.fake.Commands("global") {
		var c struct {
			Name             string
			Contexts         []int `json:"contexts"`
			IntegrationTypes []int `json:"integration_types"`
		}
		json.Unmarshal(raw, &c)
		if len(c.Contexts) != 3 || len(c.IntegrationTypes) != 2 {
			t.Errorf("global /%s: contexts %v, integration types %v; want [0 1 2] and [0 1]", c.Name, c.Contexts, c.IntegrationTypes)
		}
	}
}

func TestE2EDirectMessage(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	dm := discordtest.Invoke{ChannelID: "dm1", UserID: "u7"}
	msgID := h.fake.MessageCreate(dm, question, false)
	var got []discordtest.Message
	h.fake.Wait(t, waitLong, "DM reply", func() bool { got = h.fake.ChannelMessages("dm1"); return len(got) > 0 })
	m := got[0]
	if m.MessageReference == nil || m.MessageReference.MessageID != msgID {
		t.Errorf("DM reply does not reference the question: %+v", m.MessageReference)
	}
	expectAnswer(t, m, question)
	if m.Button("Post publicly") != nil {
		t.Errorf("a DM reply is not ephemeral and needs no Post publicly button")
	}
	for _, id := range h.fake.Identifies() {
		if id.Intents&(1<<15|1<<1|1<<8) != 0 {
			t.Errorf("IDENTIFY asks for privileged intents %b", id.Intents)
		}
	}
	checkSafe(t, h.fake)
}

func TestE2EMention(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	// A server message that doesn't mention the bot is not for it.
	h.fake.MessageCreate(guild, "just chatting about Azerbaijan", false)
	msgID := h.fake.MessageCreate(guild, "<@"+discordtest.BotUserID+"> "+question, true)
	var got []discordtest.Message
	h.fake.Wait(t, waitLong, "mention reply", func() bool { got = h.fake.ChannelMessages("c1"); return len(got) > 0 })
	time.Sleep(50 * time.Millisecond)
	got = h.fake.ChannelMessages("c1")
	if len(got) != 1 {
		t.Fatalf("channel got %d messages; want 1 (only the mention is answered)", len(got))
	}
	m := got[0]
	if m.MessageReference == nil || m.MessageReference.MessageID != msgID {
		t.Errorf("mention answer is not a reply to the message: %+v", m.MessageReference)
	}
	if m.AllowedMentions == nil || m.AllowedMentions.RepliedUser {
		t.Errorf("mention reply may ping the author: %+v", m.AllowedMentions)
	}
	if !strings.Contains(m.Embeds[0].Footer.Text, question) || strings.Contains(m.Embeds[0].Footer.Text, "<@") {
		t.Errorf("footer = %q; want the question without the bot's mention", m.Embeds[0].Footer.Text)
	}
	checkSafe(t, h.fake)
}

func TestE2EAutocomplete(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	tests := []struct {
		input string
		want  string // a DocID that must be offered first
		n     int
	}{
		{"afgh", "000_bcba7ea90fc38e5c.txt", 1},
		{"blank", "001_b9bde344a18e4a0c.txt", 1},
		{"", "000_bcba7ea90fc38e5c.txt", 5},
		{"zzzz", "", 0},
	}
	for _, tt := range tests {
		id := h.fake.Autocomplete(guild, "ask", opt("question", "x"),
			discordtest.Option{Name: "source", Type: 3, Value: tt.input, Focused: true})
		in, _ := h.finished(id)
		if in.Callbacks[0] != 8 {
			t.Fatalf("autocomplete callback = %v; want 8", in.Callbacks)
		}
		got := h.fake.Choices(id)
		if len(got) != tt.n || (tt.n > 0 && got[0].Value != tt.want) {
			t.Errorf("autocomplete(%q) = %+v; want %d choices starting with %s", tt.input, got, tt.n, tt.want)
		}
		for _, c := range got {
			if len([]rune(c.Name)) > 100 {
				t.Errorf("choice name of %d characters", len([]rune(c.Name)))
			}
		}
	}
	// The chosen id filters /ask to that document.
	id := h.fake.Command(guild, "ask", opt("question", "Iran relations"), opt("source", "002_0ae4c268afa050ca.txt"))
	_, m := h.finished(id)
	if len(m.Embeds) == 0 || strings.Contains(m.Embeds[0].Description, "Mirwais Balkhi") || !strings.Contains(m.Embeds[0].Footer.Text, "Source: 002_0ae4c268afa050ca.txt") {
		t.Errorf("/ask with source: %s", m.Text())
	}
	id = h.fake.Command(guild, "ask", opt("question", "Iran"), opt("source", "no such document"))
	_, m = h.finished(id)
	if !strings.Contains(m.Content, "don't know a source") || !m.Ephemeral() {
		t.Errorf("/ask with an unknown source = %+v", m)
	}
}

func TestE2EButtons(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: bot.Config{PageSize: 2}})
	id := h.fake.Command(guild, "ask", opt("question", question))
	in, first := h.finished(id)
	msg := in.Original

	// More passages: the ephemeral reply turns to page 2 in place.
	click := h.fake.ClickLabel(guild, msg, "More passages")
	cin, page2 := h.finished(click)
	if cin.Callbacks[0] != 6 || cin.Original != msg {
		t.Errorf("More passages: callbacks %v on %s; want a deferred update of %s", cin.Callbacks, cin.Original, msg)
	}
	if !strings.Contains(page2.Embeds[0].Footer.Text, "Page 2") || page2.Embeds[0].Description == first.Embeds[0].Description {
		t.Errorf("More passages did not show page 2: footer %q", page2.Embeds[0].Footer.Text)
	}
	if page2.Button("Full passage 3") == nil {
		t.Errorf("page 2 should offer the passages ranked 3 and 4")
	}

	// Full passage: a new ephemeral message with the whole passage.
	click = h.fake.ClickLabel(guild, msg, "Full passage 3")
	cin, full := h.finished(click)
	if cin.Callbacks[0] != 4 || !full.Ephemeral() || len(full.Embeds) == 0 || full.Embeds[0].Footer == nil ||
		!strings.Contains(full.Embeds[0].Footer.Text, "¶") {
		t.Errorf("Full passage: callbacks %v, message %+v", cin.Callbacks, full)
	}

	// Post publicly: the same answer in the channel, for everyone, without that button.
	click = h.fake.ClickLabel(guild, msg, "Post publicly")
	cin, pub := h.finished(click)
	if cin.Callbacks[0] != 4 || pub.Ephemeral() || pub.Button("Post publicly") != nil || pub.Embeds[0].Description != page2.Embeds[0].Description {
		t.Errorf("Post publicly: callbacks %v, ephemeral %v, embeds equal %v", cin.Callbacks, pub.Ephemeral(),
			len(pub.Embeds) > 0 && pub.Embeds[0].Description == page2.Embeds[0].Description)
	}
	// More passages on the public message gives the clicker their own ephemeral page.
	click = h.fake.ClickLabel(discordtest.Invoke{GuildID: "g1", UserID: "u2"}, cin.Original, "More passages")
	cin, own := h.finished(click)
	if cin.Callbacks[0] != 5 || !own.Ephemeral() || !strings.Contains(own.Embeds[0].Footer.Text, "Page 3") {
		t.Errorf("More on a public message: callbacks %v, ephemeral %v", cin.Callbacks, own.Ephemeral())
	}

	// A passage that left the corpus, and a button from an incompatible version.
	_, m := h.finished(h.fake.Click(guild, msg, "ask:full:gone.txt#p1"))
	if !strings.Contains(m.Content, "no longer in the corpus") {
		t.Errorf("Full passage of a removed passage = %+v", m)
	}
	_, m = h.finished(h.fake.Click(guild, msg, "ask:more:x"))
	if !strings.Contains(m.Content, "too old") {
		t.Errorf("a malformed More passages = %+v", m)
	}

	// 👎 is recorded with the question, the user and the passages.
	click = h.fake.ClickLabel(guild, msg, "Not helpful")
	_, thanks := h.finished(click)
	if !strings.Contains(thanks.Content, "Thanks") || !thanks.Ephemeral() {
		t.Errorf("feedback reply = %+v", thanks)
	}
	var got []feedback.Entry
	h.fake.Wait(t, waitLong, "feedback recorded", func() bool {
		got, _ = h.store.List(feedback.Down)
		return len(got) == 1
	})
	if e := got[0]; e.Question != question || e.UserID != "u1" || len(e.Passages) != 2 {
		t.Errorf("feedback entry = %+v", e)
	}
	checkSafe(t, h.fake)
}

func TestE2ESearchPaging(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	id := h.fake.Command(guild, "search", opt("query", "Azerbaijan Iran"))
	in, m := h.finished(id)
	if len(m.Embeds) == 0 || len(m.Embeds[0].Fields) != 10 {
		t.Fatalf("/search: %+v", m)
	}
	if !strings.HasPrefix(m.Embeds[0].Fields[0].Name, "1. ") || !strings.Contains(m.Embeds[0].Fields[0].Name, "¶") {
		t.Errorf("/search field name %q lacks rank or citation", m.Embeds[0].Fields[0].Name)
	}
	click := h.fake.ClickLabel(guild, in.Original, "Next ▶")
	_, m = h.finished(click)
	if !strings.HasPrefix(m.Embeds[0].Fields[0].Name, "11. ") || m.Button("◀ Previous") == nil {
		t.Errorf("/search page 2 starts with %q", m.Embeds[0].Fields[0].Name)
	}
}

func TestE2ESourcesAndHelp(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	_, m := h.finished(h.fake.Command(guild, "sources"))
	if !strings.Contains(m.Embeds[0].Description, "Stephen Blank") || !strings.Contains(m.Embeds[0].Description, "10 passages") {
		t.Errorf("/sources = %s", m.Text())
	}
	_, m = h.finished(h.fake.Command(guild, "help"))
	if !strings.Contains(m.Embeds[0].Description, "/ask") || !strings.Contains(m.Embeds[0].Description, "5 documents") {
		t.Errorf("/help = %s", m.Text())
	}
}

func TestE2ENoAnswer(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	q := "What is the airspeed velocity of an unladen swallow?"
	in, m := h.finished(h.fake.Command(guild, "ask", opt("question", q)))
	if in.Callbacks[0] != 5 || !strings.Contains(m.Content, "couldn't find anything") || !strings.Contains(m.Content, "/sources") || len(m.Embeds) != 0 {
		t.Errorf("no-answer reply = %+v", m)
	}
	got, _ := h.store.List(feedback.NoAnswer)
	if len(got) != 1 || got[0].Question != q {
		t.Errorf("no-answer entries = %+v", got)
	}
	h.fake.Wait(t, waitLong, "the observer to see a no-answer", func() bool { return h.obs.count("slash/no_answer") == 1 })
}

func TestE2ERateLimit(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: bot.Config{RateLimit: 2, RateWindow: time.Minute}})
	for range 2 {
		_, m := h.finished(h.fake.Command(guild, "ask", opt("question", question)))
		if len(m.Embeds) == 0 {
			t.Fatalf("question within the limit not answered: %+v", m)
		}
	}
	in, m := h.finished(h.fake.Command(guild, "ask", opt("question", question)))
	if in.Callbacks[0] != 4 || !m.Ephemeral() || !strings.Contains(m.Content, "Slow down") || !strings.Contains(m.Content, " s.") {
		t.Errorf("third question: callbacks %v, reply %+v; want an ephemeral slow-down", in.Callbacks, m)
	}
	h.fake.Wait(t, waitLong, "the observer to count one rate-limited question", func() bool { return h.obs.count("slash/rate_limited") == 1 })
	// Another user is not affected.
	_, m = h.finished(h.fake.Command(discordtest.Invoke{GuildID: "g1", UserID: "u9"}, "ask", opt("question", question)))
	if len(m.Embeds) == 0 {
		t.Errorf("another user's question was refused: %+v", m)
	}
}

func TestE2EEveryoneInQuestion(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	q := "@everyone @here <@123> why is Azerbaijan moving closer to Israel?"
	_, m := h.finished(h.fake.Command(guild, "ask", opt("question", q), opt("public", true)))
	if len(m.Embeds) == 0 {
		t.Fatalf("no answer: %+v", m)
	}
	if strings.Contains(m.Embeds[0].Title, "@everyone") || strings.Contains(m.Embeds[0].Title, "<@123>") {
		t.Errorf("title shows a live mention: %q", m.Embeds[0].Title)
	}
	expectAnswer(t, m, "why is Azerbaijan moving closer to Israel?") // the index gets no mentions
	h.fake.MessageCreate(discordtest.Invoke{ChannelID: "dm2"}, "@everyone Afghanistan", false)
	h.fake.Wait(t, waitLong, "DM reply", func() bool { return len(h.fake.ChannelMessages("dm2")) > 0 })
	checkSafe(t, h.fake)
}

func TestE2ELongQuestion(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	q := strings.Repeat("Azerbaijan ", 182)[:2000]
	in, m := h.finished(h.fake.Command(guild, "ask", opt("question", q)))
	if in.Callbacks[0] != 4 || !m.Ephemeral() || !strings.Contains(m.Content, "keep it under 300") {
		t.Errorf("2,000-character /ask: callbacks %v, reply %+v", in.Callbacks, m)
	}
	h.fake.MessageCreate(discordtest.Invoke{ChannelID: "dm3"}, q, false)
	var got []discordtest.Message
	h.fake.Wait(t, waitLong, "DM reply", func() bool { got = h.fake.ChannelMessages("dm3"); return len(got) > 0 })
	if !strings.Contains(got[0].Content, "keep it under 300") {
		t.Errorf("2,000-character DM answered with %+v", got[0])
	}
	for _, r := range h.fake.Requests() {
		if r.Status >= 400 {
			t.Errorf("%s %s = %d: %s", r.Method, r.Path, r.Status, r.Body)
		}
	}
}
