package bot_test

import (
	"strings"
	"testing"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
)

const (
	embassyQ = "What happened to Azerbaijan's embassy in Tehran?"
	whenQ    = "when was that?"
	goldWhen = "January 27, 2023"
)

func TestE2EFollowUpButton(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	id := h.fake.Command(guild, "ask", opt("question", embassyQ))
	_, m := h.finished(id)
	click := h.fake.ClickLabel(guild, m.ID, "Follow up")
	h.fake.Wait(t, waitLong, "follow-up modal", func() bool { _, ok := h.fake.Modal(click); return ok })
	md, _ := h.fake.Modal(click)
	if !strings.HasPrefix(md.CustomID, "fu:002_") {
		t.Errorf("follow-up modal custom id %q does not carry the cited document", md.CustomID)
	}
	sub := h.fake.ModalSubmit(discordtest.Invoke{GuildID: "g1", UserID: "u4"}, md.CustomID,
		map[string]string{"question": whenQ}, m.ID)
	in, fm := h.finished(sub)
	if in.Callbacks[0] != 5 || !fm.Ephemeral() || len(fm.Embeds) != 1 {
		t.Fatalf("follow-up: callbacks %v, ephemeral %v, %d embeds; want a deferred ephemeral answer", in.Callbacks, fm.Ephemeral(), len(fm.Embeds))
	}
	foot := fm.Embeds[0].Footer.Text
	if !strings.Contains(foot, whenQ) || !strings.Contains(foot, "embassy") {
		t.Errorf("follow-up footer %q: want the follow-up completed from %q", foot, embassyQ)
	}
	if !strings.Contains(fm.Embeds[0].Description, goldWhen) {
		t.Errorf("follow-up %q answered without %q:\n%s", whenQ, goldWhen, fm.Embeds[0].Description)
	}
	if fm.Button("Follow up") == nil {
		t.Errorf("a follow-up's answer cannot be followed up")
	}

	// A mention answer has the button too.
	h.fake.MessageCreate(discordtest.Invoke{GuildID: "g1", ChannelID: "c9"}, "<@100> "+embassyQ, true)
	var got []discordtest.Message
	h.fake.Wait(t, waitLong, "mention reply", func() bool { got = h.fake.ChannelMessages("c9"); return len(got) > 0 })
	if got[0].Button("Follow up") == nil {
		t.Errorf("a mention answer has no Follow up button")
	}
	checkSafe(t, h.fake)
}

func TestE2EDirectMessageConversation(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	dm := discordtest.Invoke{ChannelID: "dm3", UserID: "u3"}
	reply := func(n int) discordtest.Message {
		t.Helper()
		var got []discordtest.Message
		h.fake.Wait(t, waitLong, "DM reply", func() bool { got = h.fake.ChannelMessages("dm3"); return len(got) >= n })
		return got[n-1]
	}
	h.fake.MessageCreate(dm, embassyQ, false)
	reply(1)
	h.fake.MessageCreate(dm, whenQ, false)
	m := reply(2)
	if len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Footer.Text, "embassy") || !strings.Contains(m.Embeds[0].Description, goldWhen) {
		t.Errorf("a DM follow-up was not answered in context: %s", m.Text())
	}
	// /ask in the DM starts afresh: the next message stands alone.
	h.finished(h.fake.Command(dm, "ask", opt("question", "Who is Brenda Shaffer?")))
	h.fake.MessageCreate(dm, whenQ, false)
	m = reply(3)
	if strings.Contains(m.Text(), "Brenda") || strings.Contains(m.Text(), "embassy tehran") {
		t.Errorf("after /ask a DM still continued the old conversation: %s", m.Text())
	}
	checkSafe(t, h.fake)
}

// TestE2EConversationsSurviveRestart: with a data folder, a DM conversation and a thread
// docent opened continue after the bot restarts; without one, a restart forgets them.
func TestE2EConversationsSurviveRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := bot.Config{DataDir: dir, Community: bot.Community{MessageContent: true}}
	fake := discordtest.Options{AllowedIntents: 1 << 15}
	dm := discordtest.Invoke{ChannelID: "dm3", UserID: "u3"}
	dmReply := func(h *harness, n int) discordtest.Message {
		t.Helper()
		var got []discordtest.Message
		h.fake.Wait(t, waitLong, "DM reply", func() bool { got = h.fake.ChannelMessages("dm3"); return len(got) >= n })
		return got[n-1]
	}
	restart := func(h *harness, cfg bot.Config) *harness {
		t.Helper()
		h.stop()
		if err := h.returned("RunGateway did not return after cancel"); err != nil {
			t.Fatalf("RunGateway = %v; want nil", err)
		}
		return start(t, setup{cfg: cfg, fake: fake})
	}

	h := start(t, setup{cfg: cfg, fake: fake})
	h.fake.MessageCreate(dm, embassyQ, false)
	dmReply(h, 1)
	_, th := askInThread(t, h, opt("question", embassyQ), opt("thread", true))

	h = restart(h, cfg)
	h.fake.MessageCreate(dm, whenQ, false)
	if m := dmReply(h, 1); len(m.Embeds) == 0 || !strings.Contains(m.Embeds[0].Footer.Text, "embassy") || !strings.Contains(m.Embeds[0].Description, goldWhen) {
		t.Errorf("after a restart with a data folder a DM follow-up was not answered in context: %s", m.Text())
	}
	h.fake.MessageCreate(discordtest.Invoke{GuildID: "g1", ChannelID: th.ID, UserID: "u5"}, whenQ, false)
	if r := threadReply(t, h, th.ID, 1); len(r.Embeds) != 1 || !strings.Contains(r.Embeds[0].Footer.Text, "embassy") {
		t.Errorf("after a restart with a data folder a thread follow-up was not answered in context: %s", r.Text())
	}

	// Without the data folder the next process starts afresh.
	h = restart(h, bot.Config{Community: cfg.Community})
	h.fake.MessageCreate(dm, whenQ, false)
	if m := dmReply(h, 1); strings.Contains(m.Text(), "embassy") {
		t.Errorf("after a restart without a data folder a DM still continued the old conversation: %s", m.Text())
	}
	checkSafe(t, h.fake)
}
