package bot

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/retrieval"
)

// Help and forum channels: in Community.AutoChannels docent answers messages and new
// forum posts nobody addressed to it, but only when the answer engine is confident;
// otherwise it stays silent (or reacts with Community.AutoReact). One answer per post,
// never in other channels, at most AutoRate questions per channel per minute.

// autoState is the Bot's state for the auto-answer channels.
type autoState struct {
	channels map[string]bool
	limit    *limiter   // per auto channel (a forum counts as one)
	posts    *convStore // forum threads already handled, so a replayed event answers nothing

	mu    sync.Mutex
	kinds map[string]discordgo.ChannelType // auto channels' types, looked up once
}

func newAutoState(c Community) autoState {
	chans := map[string]bool{}
	for _, id := range c.AutoChannels {
		if id = strings.TrimSpace(id); id != "" {
			chans[id] = true
		}
	}
	return autoState{channels: chans, limit: newLimiter(c.AutoRate, time.Minute),
		posts: newConvStore(10000, 7*24*time.Hour), kinds: map[string]discordgo.ChannelType{}}
}

func (b *Bot) autoState() *autoState {
	b.initCommunity()
	return &b.comm.auto
}

// isAuto tells whether channel is one of the auto-answer channels.
func (b *Bot) isAuto(channel string) bool {
	return len(b.cfg.AutoChannels) > 0 && b.autoState().channels[channel]
}

// confident tells whether an auto channel gets res: never a refusal; with AutoConfidence
// set, a confidence at least that; otherwise the engine's confident outcome only.
func (c Community) confident(res retrieval.Result) bool {
	if res.NoAnswer || len(res.Passages) == 0 {
		return false
	}
	if c.AutoConfidence > 0 {
		return res.Confidence >= c.AutoConfidence
	}
	return !res.Hedged
}

// autoMessage considers a message posted in an auto channel without mentioning docent.
// Its content is empty unless the Message Content intent is on: then there is nothing
// to answer.
func (b *Bot) autoMessage(ctx context.Context, m *discordgo.Message) {
	if strings.TrimSpace(m.Content) == "" {
		return
	}
	b.autoAnswer(ctx, autoQuestion{channel: m.ChannelID, guild: m.GuildID, user: m.Author.ID, text: m.Content,
		ref: &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}})
}

// HandleThread considers a thread just created: a new post in an auto forum is answered
// in its thread, with its title and (with the Message Content intent) first message as
// the question. Threads elsewhere, older threads docent was added to, threads of text
// channels and private threads are left alone.
func (b *Bot) HandleThread(ctx context.Context, t *discordgo.Channel, newly bool) {
	if t == nil || !newly || t.Type != discordgo.ChannelTypeGuildPublicThread || !b.isAuto(t.ParentID) {
		return
	}
	if t.OwnerID != "" && t.OwnerID == b.botUserID(nil) {
		return
	}
	log := b.log.With("thread", t.ID, "forum", t.ParentID, "surface", SurfaceAuto)
	if !b.isForum(ctx, log, t.ParentID) {
		return
	}
	st := b.autoState()
	if _, done := st.posts.get(t.ID); done {
		return // one answer per post
	}
	st.posts.put(t.ID, conversation{})
	text := t.Name
	var alternatives []string
	if body := b.starterText(ctx, log, t); body != "" {
		text = cut(t.Name+"\n"+body, retrieval.MaxQueryRunes)
		alternatives = []string{cut(body, retrieval.MaxQueryRunes), t.Name}
	}
	// The post's first message has the thread's id; the answer goes in the thread. The
	// forum's scope applies.
	b.autoAnswer(b.withScope(ctx, t.GuildID, t.ParentID), autoQuestion{channel: t.ParentID, guild: t.GuildID, user: t.OwnerID, text: text,
		alternatives: alternatives, post: t.ID, ref: &discordgo.MessageReference{MessageID: t.ID, ChannelID: t.ID, GuildID: t.GuildID}})
}

// isForum tells whether an auto channel is a forum (or media) channel, asking Discord
// once per channel.
func (b *Bot) isForum(ctx context.Context, log *slog.Logger, id string) bool {
	st := b.autoState()
	st.mu.Lock()
	kind, ok := st.kinds[id]
	st.mu.Unlock()
	if !ok {
		ch, err := b.fetchChannel(ctx, id)
		if err != nil {
			b.obs.Error("send")
			log.Warn("cannot look up an auto channel; is docent allowed to view it?", "err", err)
			return false
		}
		kind = ch.Type
		st.mu.Lock()
		st.kinds[id] = kind
		st.mu.Unlock()
	}
	return kind == discordgo.ChannelTypeGuildForum || kind == discordgo.ChannelTypeGuildMedia
}

// starterText is the text of a forum post's first message; "" without the Message
// Content intent (Discord would send it empty) or when it cannot be read.
func (b *Bot) starterText(ctx context.Context, log *slog.Logger, t *discordgo.Channel) string {
	if !b.cfg.MessageContent {
		return ""
	}
	var m *discordgo.Message
	err := b.call(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		m, err = b.rest.ChannelMessage(t.ID, t.ID, opts...)
		return err
	})
	if err != nil {
		log.Info("forum post's first message unreadable; answering from the title", "err", err)
		return ""
	}
	return strings.TrimSpace(m.Content)
}

// autoQuestion is a question docent found in an auto channel.
type autoQuestion struct {
	channel string // the auto channel (the forum, for a post): the rate limit's key
	guild   string
	user    string
	text    string
	// alternatives are asked in turn when text gets no confident answer: a forum post's
	// first message alone, then its title alone. A vague title ("Question about the
	// Caucasus") dilutes the message it heads, and a title can say it all.
	alternatives []string
	post         string                      // the forum thread, for a post; "" for a message
	ref          *discordgo.MessageReference // the message the answer replies to or reacts on
}

// autoAnswer answers q when docent is confident and otherwise stays silent or reacts.
// Nothing here tells the member about a failure: nobody asked docent.
func (b *Bot) autoAnswer(ctx context.Context, q autoQuestion) {
	log := b.log.With("channel", q.channel, "message", q.ref.MessageID, "user", q.user, "surface", SurfaceAuto)
	defer func() {
		if p := recover(); p != nil {
			b.obs.Error("panic")
			log.Error("panic while auto-answering", "panic", p, "stack", string(debug.Stack()))
		}
	}()
	if !b.begin() {
		return
	}
	defer b.end()
	text, problem := checkQuestion(q.text)
	if problem != "" {
		b.obs.Question(SurfaceAuto, OutcomeInvalid, 0)
		return
	}
	if ok, _ := b.autoState().limit.allow(q.channel); !ok {
		log.Info("auto channel over its rate; question left alone")
		b.obs.Question(SurfaceAuto, OutcomeRateLimited, 0)
		return
	}
	res, lat, err := b.query(ctx, retrieval.Query{Text: queryText(text), K: b.cfg.PageSize})
	for _, alt := range q.alternatives {
		if err != nil || b.cfg.confident(res) {
			break
		}
		alt, problem := checkQuestion(alt)
		if problem != "" {
			continue
		}
		r, l, e := b.query(ctx, retrieval.Query{Text: queryText(alt), K: b.cfg.PageSize})
		lat += l
		if e == nil && b.cfg.confident(r) {
			res, text = r, alt
		}
	}
	st := state{Question: text}
	switch {
	case err != nil:
		_, o := b.userError(log, err)
		b.obs.Question(SurfaceAuto, o, lat)
	case !b.cfg.confident(res):
		log.Debug("not confident; staying silent", "confidence", res.Confidence, "hedged", res.Hedged, "no_answer", res.NoAnswer)
		if q.post != "" {
			b.noAnswer(ctx, st, q.user, q.guild, SurfaceAuto, passageIDsOf(res))
		}
		b.react(ctx, log, q.ref)
		b.obs.Question(SurfaceAuto, OutcomeNoAnswer, lat)
	default:
		r := renderAnswer(res, answerView{State: st, PageSize: b.cfg.PageSize, FollowUp: true, AskHuman: res.Hedged && b.helpOn()})
		ref := q.ref
		if q.post != "" {
			ref = nil // in the post's own thread: no need to quote its first message
		}
		if err := b.post(ctx, q.ref.ChannelID, ref, r); err != nil {
			b.obs.Error("send")
			log.Error("send auto answer", "err", err, "hint", permissionHint(err))
		}
		b.obs.Question(SurfaceAuto, answeredOutcome(res), lat)
	}
}

// react adds AutoReact to the message docent leaves unanswered, if configured.
func (b *Bot) react(ctx context.Context, log *slog.Logger, ref *discordgo.MessageReference) {
	emoji := strings.Trim(b.cfg.AutoReact, "<:>")
	if emoji == "" {
		return
	}
	err := b.call(ctx, func(opts ...discordgo.RequestOption) error {
		return b.rest.MessageReactionAdd(ref.ChannelID, ref.MessageID, emoji, opts...)
	})
	if err != nil {
		b.obs.Error("send")
		log.Warn("react on an unanswered message", "err", err, "hint", permissionHint(err))
	}
}

// permissionHint names the permissions an auto channel needs when Discord refused.
func permissionHint(err error) string {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusForbidden {
		return "docent needs View Channel, Send Messages, Send Messages in Threads, Read Message History and Add Reactions in auto channels"
	}
	return ""
}
