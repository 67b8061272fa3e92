package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/docent-bot/docent/bot/feedback"
	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/retrievaltest"
)

const (
	offTopic  = "What is the airspeed velocity of an unladen swallow?"
	autoForum = "f1"
	autoChan  = "c5"
	autoChan2 = "c6"
)

// settle gives the bot time to act on events a test expects it to ignore.
func settle() { time.Sleep(300 * time.Millisecond) }

func autoSetup(c bot.Community, fake discordtest.Options) setup {
	c.AutoChannels = append([]string{autoForum, autoChan, autoChan2}, c.AutoChannels...)
	return setup{cfg: bot.Config{Community: c}, fake: fake}
}

func TestE2EAutoForumPost(t *testing.T) {
	t.Parallel()
	h := start(t, autoSetup(bot.Community{AutoReact: "🤔"}, discordtest.Options{}))
	member := discordtest.Invoke{GuildID: "g1", UserID: "u7"}

	post := h.fake.ForumPost(member, autoForum, question, "Asking for a friend.")
	var got []discordtest.Message
	h.fake.Wait(t, waitLong, "answer in the forum post", func() bool { got = h.fake.ChannelMessages(post); return len(got) > 0 })
	a := got[0]
	if len(a.Embeds) != 1 || !strings.Contains(a.Embeds[0].Description, "**Answer:**") || a.MessageReference != nil {
		t.Errorf("forum answer = %+v; want one embed with the answer, posted in the thread", a)
	}
	for _, r := range h.fake.Requests() {
		if r.Method == "GET" && strings.Contains(r.Path, "/messages/") {
			t.Errorf("%s %s: without Message Content the post is answered from its title alone", r.Method, r.Path)
		}
	}

	// One answer per post: the same THREAD_CREATE again, and the post's thread joined later.
	h.fake.Thread(member, discordtest.Channel{ID: post, ParentID: autoForum, Name: question}, "", true)
	h.fake.Thread(member, discordtest.Channel{ID: post, ParentID: autoForum, Name: question}, "", false)
	// Never elsewhere: a post in another forum, a thread in a text channel.
	other := h.fake.ForumPost(member, "f9", question, "")
	h.fake.AddChannel(discordtest.Channel{ID: "c7", Type: discordtest.ChannelText, GuildID: "g1"})
	h.fake.AddChannel(discordtest.Channel{ID: autoChan, Type: discordtest.ChannelText, GuildID: "g1"})
	inText := h.fake.Thread(member, discordtest.Channel{ParentID: autoChan, Name: question}, "", true)

	// Not confident: silence and a reaction on the post's first message, recorded for gaps.
	vague := h.fake.ForumPost(member, autoForum, offTopic, "")
	h.fake.Wait(t, waitLong, "reaction on the unanswered post", func() bool { return len(h.fake.Reactions()) > 0 })
	settle()
	if r := h.fake.Reactions(); len(r) != 1 || r[0] != (discordtest.Reaction{ChannelID: vague, MessageID: vague, Emoji: "🤔"}) {
		t.Errorf("reactions = %+v; want 🤔 on post %s", r, vague)
	}
	for ch, want := range map[string]int{post: 1, vague: 0, other: 0, inText: 0} {
		if n := len(h.fake.ChannelMessages(ch)); n != want {
			t.Errorf("%d messages in thread %s; want %d", n, ch, want)
		}
	}
	gaps, _ := h.store.List(feedback.NoAnswer)
	if len(gaps) != 1 || gaps[0].Question != offTopic || gaps[0].Surface != bot.SurfaceAuto {
		t.Errorf("unanswered = %+v; want the silent forum post", gaps)
	}
	if n := h.obs.count("auto/answered"); n != 1 {
		t.Errorf("auto/answered = %d; want 1", n)
	}
	checkSafe(t, h.fake)
}

func TestE2EAutoMessages(t *testing.T) {
	t.Parallel()
	h := start(t, autoSetup(bot.Community{MessageContent: true, AutoReact: "🤔"},
		discordtest.Options{AllowedIntents: 1 << 15}))
	in := func(ch string) discordtest.Invoke {
		return discordtest.Invoke{GuildID: "g1", ChannelID: ch, UserID: "u8"}
	}

	id := h.fake.MessageCreate(in(autoChan), question, false)
	h.fake.MessageCreate(in("c1"), question, false) // not an auto channel
	var got []discordtest.Message
	h.fake.Wait(t, waitLong, "answer in the help channel", func() bool { got = h.fake.ChannelMessages(autoChan); return len(got) > 0 })
	if ref := got[0].MessageReference; ref == nil || ref.MessageID != id || len(got[0].Embeds) != 1 {
		t.Errorf("help channel answer = %+v; want an answer replying to %s", got[0], id)
	}
	off := h.fake.MessageCreate(in(autoChan2), offTopic, false)
	h.fake.Wait(t, waitLong, "reaction", func() bool { return len(h.fake.Reactions()) > 0 })

	// With Message Content a forum post's first message completes a vague title.
	post := h.fake.ForumPost(discordtest.Invoke{GuildID: "g1", UserID: "u8"}, autoForum, "Question about the Caucasus", question)
	h.fake.Wait(t, waitLong, "forum answer from the first message", func() bool { return len(h.fake.ChannelMessages(post)) > 0 })
	settle()
	if n := len(h.fake.ChannelMessages("c1")); n != 0 {
		t.Errorf("%d answers in a channel that is not an auto channel", n)
	}
	if n := len(h.fake.ChannelMessages(autoChan2)); n != 0 || h.fake.Reactions()[0].MessageID != off {
		t.Errorf("off-topic message: %d answers, reactions %+v; want silence and a reaction", n, h.fake.Reactions())
	}
	checkSafe(t, h.fake)
}

func TestE2EAutoWithoutMessageContent(t *testing.T) {
	t.Parallel()
	h := start(t, autoSetup(bot.Community{AutoReact: "🤔"}, discordtest.Options{}))
	h.fake.MessageCreate(discordtest.Invoke{GuildID: "g1", ChannelID: autoChan}, question, false)
	settle()
	if n, r := len(h.fake.ChannelMessages(autoChan)), h.fake.Reactions(); n != 0 || len(r) != 0 {
		t.Errorf("without Message Content a message arrives empty: got %d answers, reactions %v; want nothing", n, r)
	}
	if id := h.fake.Identifies()[0]; id.Intents&(1<<0) == 0 || id.Intents&(1<<15) != 0 {
		t.Errorf("intents %b: want Guilds (thread events) and not Message Content", id.Intents)
	}
}

func TestE2EAutoRateLimitPerChannel(t *testing.T) {
	t.Parallel()
	h := start(t, autoSetup(bot.Community{MessageContent: true, AutoRate: 2}, discordtest.Options{AllowedIntents: 1 << 15}))
	for range 3 {
		h.fake.MessageCreate(discordtest.Invoke{GuildID: "g1", ChannelID: autoChan}, question, false)
	}
	h.fake.Wait(t, waitLong, "rate limited", func() bool { return h.obs.count("auto/rate_limited") == 1 })
	h.fake.MessageCreate(discordtest.Invoke{GuildID: "g1", ChannelID: autoChan2}, question, false)
	h.fake.Wait(t, waitLong, "answer in the other channel", func() bool { return len(h.fake.ChannelMessages(autoChan2)) == 1 })
	h.fake.Wait(t, waitLong, "two answers", func() bool { return len(h.fake.ChannelMessages(autoChan)) == 2 })
	settle()
	if n := len(h.fake.ChannelMessages(autoChan)); n != 2 {
		t.Errorf("%d answers in %s with AutoRate 2; want 2", n, autoChan)
	}
}

// hedging answers from the bundled index but marks every result hedged, with confidence 0.4.
type hedging struct{ ix *retrieval.Index }

func (a hedging) Answer(ctx context.Context, q retrieval.Query) (retrieval.Result, error) {
	res, err := a.ix.Answer(ctx, q)
	res.Hedged, res.Confidence = true, 0.4
	return res, err
}

func TestE2EAutoConfidence(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		threshold float64
		answered  bool
	}{
		{"default answers only confident", 0, false},
		{"threshold below", 0.35, true},
		{"threshold above", 0.5, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := autoSetup(bot.Community{AutoConfidence: tc.threshold, AutoReact: "🤔"}, discordtest.Options{})
			s.answerer = hedging{retrievaltest.BundledIndex(t)}
			h := start(t, s)
			post := h.fake.ForumPost(discordtest.Invoke{GuildID: "g1"}, autoForum, question, "")
			h.fake.Wait(t, waitLong, "answer or reaction", func() bool {
				return len(h.fake.ChannelMessages(post)) > 0 || len(h.fake.Reactions()) > 0
			})
			if got := len(h.fake.ChannelMessages(post)) > 0; got != tc.answered {
				t.Errorf("hedged answer (confidence 0.4) with AutoConfidence %v: answered %v; want %v", tc.threshold, got, tc.answered)
			}
		})
	}
}
