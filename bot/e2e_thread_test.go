package bot_test

import (
	"strings"
	"testing"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
)

// threadReply waits for the n-th message docent posts in a thread.
func threadReply(t *testing.T, h *harness, thread string, n int) discordtest.Message {
	t.Helper()
	var got []discordtest.Message
	h.fake.Wait(t, waitLong, "reply in the thread", func() bool { got = h.fake.ChannelMessages(thread); return len(got) >= n })
	return got[n-1]
}

// askInThread runs /ask with opts in guild and returns the public answer and the thread
// opened on it.
func askInThread(t *testing.T, h *harness, opts ...discordtest.Option) (discordtest.Message, discordtest.Channel) {
	t.Helper()
	_, m := h.finished(h.fake.Command(guild, "ask", opts...))
	if m.Ephemeral() || len(m.Embeds) != 1 {
		t.Fatalf("/ask with a thread: ephemeral %v, %d embeds; want a public answer", m.Ephemeral(), len(m.Embeds))
	}
	var threads []discordtest.Channel
	h.fake.Wait(t, waitLong, "thread on the answer", func() bool { threads = h.fake.StartedThreads(); return len(threads) > 0 })
	th := threads[len(threads)-1]
	if th.ID != m.ID || th.ParentID != guild.ChannelID {
		t.Fatalf("thread %+v; want one on the answer %s in %s", th, m.ID, guild.ChannelID)
	}
	// the fake shows the thread when docent asks for it; docent takes it for its own once
	// Discord's answer is back: a message sent in between would not be docent's to answer
	h.fake.Wait(t, waitLong, "docent to take in its thread", func() bool {
		return strings.Contains(h.logs.String(), `msg="thread opened on the answer"`) &&
			strings.Contains(h.logs.String(), "thread="+th.ID)
	})
	return m, th
}

func TestE2EAskThreadFollowUps(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: bot.Config{Community: bot.Community{MessageContent: true}}, fake: discordtest.Options{AllowedIntents: 1 << 15}})
	long := embassyQ + " " + strings.Repeat("Please tell me everything about it. ", 5)
	_, th := askInThread(t, h, opt("question", long), opt("thread", true))
	if n := len([]rune(th.Name)); n > 100 || !strings.HasPrefix(th.Name, embassyQ) {
		t.Errorf("thread name %q (%d characters); want the question cut to 100", th.Name, n)
	}

	// A plain message in the thread is a follow-up, answered there in context.
	member := discordtest.Invoke{GuildID: "g1", ChannelID: th.ID, UserID: "u5"}
	asked := h.fake.MessageCreate(member, whenQ, false)
	r := threadReply(t, h, th.ID, 1)
	if r.MessageReference == nil || r.MessageReference.MessageID != asked {
		t.Errorf("thread follow-up does not reply to the member's message: %+v", r.MessageReference)
	}
	if len(r.Embeds) != 1 || !strings.Contains(r.Embeds[0].Footer.Text, "embassy") || !strings.Contains(r.Embeds[0].Description, goldWhen) {
		t.Fatalf("thread follow-up %q was not answered in context (want %q):\n%s", whenQ, goldWhen, r.Text())
	}
	if r.Button("Follow up") == nil {
		t.Errorf("a thread answer has no Follow up button")
	}
	// The conversation goes on from the follow-up.
	h.fake.MessageCreate(member, "who wrote it?", false)
	if r := threadReply(t, h, th.ID, 2); len(r.Embeds) != 1 {
		t.Errorf("second follow-up in the thread: %s", r.Text())
	}
	followUps := func() int { return h.obs.count("followup/answered") + h.obs.count("followup/hedged") }
	// the outcome is counted once the reply is sent: the fake may show the reply first
	h.fake.Wait(t, waitLong, "both follow-ups counted", func() bool { return followUps() >= 2 })
	if got := followUps(); got != 2 {
		t.Errorf("followup outcomes = %d; want 2", got)
	}

	// Plain messages elsewhere, and in threads docent did not open, stay unanswered.
	h.fake.MessageCreate(discordtest.Invoke{GuildID: "g1", ChannelID: "c7"}, whenQ, false)
	other := h.fake.Thread(discordtest.Invoke{GuildID: "g1"}, discordtest.Channel{ParentID: "c1", Name: "chat"}, "", true)
	h.fake.MessageCreate(discordtest.Invoke{GuildID: "g1", ChannelID: other}, whenQ, false)
	settle()
	if n := len(h.fake.ChannelMessages("c7")) + len(h.fake.ChannelMessages(other)); n != 0 {
		t.Errorf("docent answered %d plain messages outside its threads", n)
	}
	checkSafe(t, h.fake)
}

func TestE2EAskThreadWithoutMessageContent(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: bot.Config{Community: bot.Community{AskThreads: true}}})
	// The server default opens a thread without the option.
	m, th := askInThread(t, h, opt("question", embassyQ))
	if m.Button("Follow up") == nil {
		t.Errorf("the answer in a thread has no Follow up button")
	}

	// Discord delivers plain messages empty: nothing to answer.
	member := discordtest.Invoke{GuildID: "g1", ChannelID: th.ID, UserID: "u5"}
	h.fake.MessageCreate(member, whenQ, false)
	settle()
	if got := h.fake.ChannelMessages(th.ID); len(got) != 0 {
		t.Fatalf("a plain message without Message Content got %d replies", len(got))
	}
	// A mention carries its text, and is answered in the thread's context.
	h.fake.MessageCreate(member, "<@100> "+whenQ, true)
	if r := threadReply(t, h, th.ID, 1); len(r.Embeds) != 1 || !strings.Contains(r.Embeds[0].Description, goldWhen) {
		t.Errorf("a mention in docent's thread was not answered in context (want %q):\n%s", goldWhen, r.Text())
	}

	// A member who asks privately gets no thread despite the default.
	_, pm := h.finished(h.fake.Command(guild, "ask", opt("question", "Who is Brenda Shaffer?"), opt("public", false)))
	settle()
	if !pm.Ephemeral() || len(h.fake.StartedThreads()) != 1 {
		t.Errorf("public:false under the thread default: ephemeral %v, %d threads; want private, no new thread", pm.Ephemeral(), len(h.fake.StartedThreads()))
	}
	checkSafe(t, h.fake)
}

func TestE2EAskThreadRefused(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	// Discord refuses (no Create Public Threads): the answer stands, the log says why.
	h.fake.FailNext("POST", "/channels/c1/messages/", 403, `{"message":"Missing Permissions","code":50013}`)
	_, m := h.finished(h.fake.Command(guild, "ask", opt("question", embassyQ), opt("thread", true)))
	if m.Ephemeral() || len(m.Embeds) != 1 || !strings.Contains(m.Embeds[0].Description, "**Answer:**") {
		t.Errorf("answer without its thread = %s; want the public answer", m.Text())
	}
	h.fake.Wait(t, waitLong, "the refusal logged", func() bool {
		return strings.Contains(h.logs.String(), "cannot open a thread on the answer") && strings.Contains(h.logs.String(), "Create Public Threads")
	})
	if h.obs.count("thread") != 1 {
		t.Errorf("thread errors = %d; want 1", h.obs.count("thread"))
	}

	// No threads in DMs: docent does not try, and says so in the log.
	dm := discordtest.Invoke{ChannelID: "dm4", UserID: "u4"}
	_, dmm := h.finished(h.fake.Command(dm, "ask", opt("question", embassyQ), opt("thread", true)))
	if len(dmm.Embeds) != 1 {
		t.Errorf("DM answer with thread:true = %s", dmm.Text())
	}
	h.fake.Wait(t, waitLong, "no thread in DMs logged", func() bool { return strings.Contains(h.logs.String(), "no threads in DMs") })
	for _, r := range h.fake.Requests() {
		if strings.HasSuffix(r.Path, "/threads") && r.Status < 400 {
			t.Errorf("%s %s: a thread was opened", r.Method, r.Path)
		}
	}
}
