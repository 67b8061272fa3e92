package bot_test

import (
	"strings"
	"testing"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
)

func TestE2EAskAHuman(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: bot.Config{Community: bot.Community{HelpRole: helpRole, HelpChannel: helpChannel}}})
	asker := discordtest.Invoke{GuildID: "g1", ChannelID: "c1", UserID: "u42"}
	q := "What is the airspeed velocity of an unladen swallow?"
	_, m := h.finished(h.fake.Command(asker, "ask", opt("question", q)))
	if !strings.Contains(m.Content, "couldn't find anything") || m.Button("Ask a human") == nil {
		t.Fatalf("refusal with help configured = %+v; want the refusal and an Ask a human button", m)
	}
	_, done := h.finished(h.fake.ClickLabel(asker, m.ID, "Ask a human"))
	if !done.Ephemeral() || !strings.Contains(done.Content, "<#"+helpChannel+">") {
		t.Errorf("confirmation %q: want an ephemeral note naming the help channel", done.Content)
	}
	posts := h.fake.ChannelMessages(helpChannel)
	if len(posts) != 1 {
		t.Fatalf("%d posts in the help channel; want 1", len(posts))
	}
	p := posts[0]
	if !strings.Contains(p.Content, "<@&"+helpRole+">") || !strings.Contains(p.Content, "<@u42>") || !strings.Contains(p.Text(), q) ||
		!strings.Contains(p.Text(), "found nothing") {
		t.Errorf("help post lacks the role, the member, the question or docent's answer: %s", p.Text())
	}
	if !helpOnly(p) {
		t.Errorf("help post allowed mentions %+v; want only the help role", p.AllowedMentions)
	}

	// Once per question: a second click (by anyone) posts nothing more.
	_, again := h.finished(h.fake.ClickLabel(discordtest.Invoke{GuildID: "g1", UserID: "u43"}, m.ID, "Ask a human"))
	if !strings.Contains(again.Content, "already") || len(h.fake.ChannelMessages(helpChannel)) != 1 {
		t.Errorf("second Ask a human: %q, %d posts; want one post only", again.Content, len(h.fake.ChannelMessages(helpChannel)))
	}

	// 👎 offers it too, with docent's answer kept for the helpers.
	_, ans := h.finished(h.fake.Command(asker, "ask", opt("question", question)))
	if ans.Button("Ask a human") != nil && !strings.Contains(ans.Embeds[0].Description, "not sure") {
		t.Errorf("a confident answer offers Ask a human")
	}
	_, thanks := h.finished(h.fake.ClickLabel(asker, ans.ID, "Not helpful"))
	if thanks.Button("Ask a human") == nil || !thanks.Ephemeral() {
		t.Fatalf("👎 reply = %+v; want an ephemeral thanks with Ask a human", thanks)
	}
	h.finished(h.fake.ClickLabel(asker, thanks.ID, "Ask a human"))
	posts = h.fake.ChannelMessages(helpChannel)
	if len(posts) != 2 || !strings.Contains(posts[1].Text(), question) || !strings.Contains(posts[1].Text(), "Answer:") {
		t.Errorf("after 👎 → Ask a human: %d posts, last %q; want the question and docent's answer", len(posts), posts[len(posts)-1].Text())
	}
	checkSafe(t, h.fake)
}

// TestE2EHedgedAnswerOffersAHuman checks that an answer docent is unsure of says so,
// shows the passages and offers a person.
func TestE2EHedgedAnswerOffersAHuman(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: bot.Config{Community: bot.Community{HelpRole: helpRole, HelpChannel: helpChannel}}})
	asker := discordtest.Invoke{GuildID: "g1", ChannelID: "c1", UserID: "u44"}
	_, m := h.finished(h.fake.Command(asker, "ask", opt("question", "how many people live in nakhichevan")))
	if len(m.Embeds) != 1 || !strings.Contains(m.Embeds[0].Description, "not sure this answers it") ||
		!strings.Contains(m.Embeds[0].Description, "> ") || strings.Contains(m.Embeds[0].Description, "**Answer:**") {
		t.Fatalf("hedged answer = %+v; want the hedge and the passages, no answer claimed", m)
	}
	if m.Button("Ask a human") == nil {
		t.Errorf("hedged answer lacks the Ask a human button")
	}
	checkSafe(t, h.fake)
}

func TestE2EAskAHumanOff(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	_, m := h.finished(h.fake.Command(guild, "ask", opt("question", "What is the airspeed velocity of an unladen swallow?")))
	if m.Button("Ask a human") != nil || len(m.Embeds) != 0 {
		t.Errorf("without help settings the refusal offers a human: %+v", m)
	}
}

// TestE2EAskAHumanOnceAcrossRestart checks that the questions sent to the helpers are
// kept in the data folder: after a restart the same question is not posted again.
func TestE2EAskAHumanOnceAcrossRestart(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	cfg := bot.Config{DataDir: data, Community: bot.Community{HelpRole: helpRole, HelpChannel: helpChannel}}
	asker := discordtest.Invoke{GuildID: "g1", ChannelID: "c1", UserID: "u42"}
	q := "What is the airspeed velocity of an unladen swallow?"
	askHuman := func(h *harness) string {
		t.Helper()
		_, m := h.finished(h.fake.Command(asker, "ask", opt("question", q)))
		if m.Button("Ask a human") == nil {
			t.Fatalf("refusal = %+v; want an Ask a human button", m)
		}
		_, done := h.finished(h.fake.ClickLabel(asker, m.ID, "Ask a human"))
		return done.Content
	}

	first := start(t, setup{cfg: cfg})
	if got := askHuman(first); strings.Contains(got, "already") || len(first.fake.ChannelMessages(helpChannel)) != 1 {
		t.Fatalf("first Ask a human: %q, %d posts; want one post", got, len(first.fake.ChannelMessages(helpChannel)))
	}
	first.stop()
	if err := first.returned("RunGateway did not return after cancel"); err != nil {
		t.Fatalf("RunGateway = %v; want nil", err)
	}

	second := start(t, setup{cfg: cfg})
	if got := askHuman(second); !strings.Contains(got, "already") || len(second.fake.ChannelMessages(helpChannel)) != 0 {
		t.Errorf("Ask a human after a restart: %q, %d posts; want \"already sent\" and no post", got, len(second.fake.ChannelMessages(helpChannel)))
	}
	if !strings.Contains(second.logs.String(), "asked.json") {
		t.Errorf("the restart did not read asked.json:\n%s", second.logs.String())
	}
}

// TestE2EAskAHumanAfterFailedClick: a click whose acknowledgement Discord refuses posts
// nothing, so it must not count as asked: the next click posts the question.
func TestE2EAskAHumanAfterFailedClick(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: bot.Config{Community: bot.Community{HelpRole: helpRole, HelpChannel: helpChannel}}})
	asker := discordtest.Invoke{GuildID: "g1", ChannelID: "c1", UserID: "u45"}
	_, m := h.finished(h.fake.Command(asker, "ask", opt("question", "What is the airspeed velocity of an unladen swallow?")))
	h.fake.FailNext("POST", "/interactions/", 404, `{"message":"Unknown interaction","code":10062}`)
	id := h.fake.ClickLabel(asker, m.ID, "Ask a human")
	h.fake.Wait(t, waitLong, "the refused acknowledgement", func() bool {
		for _, r := range h.fake.Requests() {
			if r.Method == "POST" && strings.HasPrefix(r.Path, "/interactions/"+id+"/") && r.Status == 404 {
				return true
			}
		}
		return false
	})
	if n := len(h.fake.ChannelMessages(helpChannel)); n != 0 {
		t.Fatalf("%d posts after a refused click; want none", n)
	}
	_, done := h.finished(h.fake.ClickLabel(asker, m.ID, "Ask a human"))
	if strings.Contains(done.Content, "already") || len(h.fake.ChannelMessages(helpChannel)) != 1 {
		t.Errorf("click after a refused one: %q, %d posts; want the question posted once", done.Content, len(h.fake.ChannelMessages(helpChannel)))
	}
	// no checkSafe: the refused acknowledgement is the fake's own 404
}
