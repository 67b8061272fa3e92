package bot

import (
	"context"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/retrieval"
)

// HandleMessage answers a direct message, or a server message that mentions the bot, as
// if it were /ask; the answer is a reply to that message. Messages from bots, and server
// messages that don't mention the bot, are ignored. Neither case needs the privileged
// Message Content intent: Discord delivers the content of DMs and of mentions.
func (b *Bot) HandleMessage(ctx context.Context, s *discordgo.Session, m *discordgo.Message) {
	if m.Author == nil || m.Author.Bot || m.WebhookID != "" {
		return // bots (docent included) and webhooks don't ask questions
	}
	botID := b.botUserID(s)
	surface, scopeChannel := SurfaceDM, m.ChannelID
	if m.GuildID != "" {
		mentioned := mentions(m, botID)
		if conv, ok := b.threadMessage(m, mentioned); ok {
			surface, scopeChannel = SurfaceFollow, orDefault(conv.Channel, m.ChannelID)
		} else if !mentioned {
			if b.isAuto(m.ChannelID) {
				b.autoMessage(b.withScope(ctx, m.GuildID, m.ChannelID), m)
			}
			return
		} else {
			surface = SurfaceMention
		}
	}
	ctx = b.withScope(ctx, m.GuildID, scopeChannel)
	log := b.log.With("message", m.ID, "channel", m.ChannelID, "user", m.Author.ID, "surface", surface)
	defer func() {
		if p := recover(); p != nil {
			b.obs.Error("panic")
			log.Error("panic while handling a message", "panic", p, "stack", string(debug.Stack()))
			b.send(ctx, log, m, reply{Content: msgError})
		}
	}()
	if !b.begin() {
		b.send(ctx, log, m, reply{Content: msgShuttingDown})
		return
	}
	defer b.end()
	q, problem := checkQuestion(stripMention(m.Content, botID))
	if problem != "" {
		b.send(ctx, log, m, reply{Content: problem})
		b.obs.Question(surface, OutcomeInvalid, 0)
		return
	}
	if ok, wait := b.limiter.allow(m.Author.ID); !ok {
		b.send(ctx, log, m, reply{Content: msgSlowDown(waitSeconds(wait))})
		b.obs.Question(surface, OutcomeRateLimited, 0)
		return
	}
	if s != nil {
		go s.ChannelTyping(m.ChannelID, discordgo.WithContext(ctx)) // best effort
	}
	st, res, lat, err := b.messageAnswer(ctx, m, surface, q)
	switch {
	case err != nil:
		msg, o := b.userError(log, err)
		b.send(ctx, log, m, reply{Content: msg})
		b.obs.Question(surface, o, lat)
	case res.NoAnswer || len(res.Passages) == 0:
		b.noAnswer(ctx, st, m.Author.ID, m.GuildID, surface, passageIDsOf(res))
		b.send(ctx, log, m, b.noAnswerReply(st, false))
		b.obs.Question(surface, OutcomeNoAnswer, lat)
	default:
		b.send(ctx, log, m, renderAnswer(res, answerView{State: st, SourceTitle: b.sourceTitle(ctx, st.DocID),
			PageSize: b.cfg.PageSize, FollowUp: true, AskHuman: res.Hedged && b.helpOn()}))
		b.obs.Question(surface, answeredOutcome(res), lat)
	}
}

// messageAnswer answers a message's question. In a DM every message continues the
// conversation until a 10-minute pause (or /ask) ends it; in a thread docent opened,
// every message continues the thread's (thread.go).
func (b *Bot) messageAnswer(ctx context.Context, m *discordgo.Message, surface Surface, q string) (state, retrieval.Result, time.Duration, error) {
	var convs *convStore
	switch surface {
	case SurfaceDM:
		convs = b.conversations()
	case SurfaceFollow:
		convs = b.threadConvs()
	default:
		res, lat, err := b.query(ctx, retrieval.Query{Text: queryText(q), K: b.cfg.PageSize})
		return state{Question: q}, res, lat, err
	}
	conv, _ := convs.get(m.ChannelID) // none: an empty conversation completes nothing
	res, st, lat, err := b.inContext(ctx, conv, q)
	if err == nil {
		convs.put(m.ChannelID, nextConversation(conv, st, res, surface == SurfaceFollow))
	}
	return st, res, lat, err
}

// nextConversation is what a conversation becomes after an exchange. A thread keeps the
// source its /ask chose, its channel, and the document cited last when this answer cites
// none; a DM keeps only the question and what it cited.
func nextConversation(prev conversation, st state, res retrieval.Result, thread bool) conversation {
	next := conversation{Question: st.Question, Cited: topDoc(res)}
	if thread {
		next.DocID, next.Channel = prev.DocID, prev.Channel
		next.Cited = orDefault(next.Cited, prev.Cited)
	}
	return next
}

// send posts r in m's channel as a reply to m, pinging no one.
func (b *Bot) send(ctx context.Context, log interface{ Error(string, ...any) }, m *discordgo.Message, r reply) {
	ref := &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}
	if err := b.post(ctx, m.ChannelID, ref, r); err != nil {
		b.obs.Error("send")
		log.Error("send reply", "err", err)
	}
}

// post sends r to a channel, as a reply to ref when not nil, pinging no one.
func (b *Bot) post(ctx context.Context, channel string, ref *discordgo.MessageReference, r reply) error {
	msg := &discordgo.MessageSend{Content: r.Content, Embeds: r.Embeds, Components: r.Components,
		AllowedMentions: none(), Reference: ref}
	return b.deliver(ctx, time.Time{}, func(opts ...discordgo.RequestOption) error {
		_, err := b.rest.ChannelMessageSendComplex(channel, msg, opts...)
		return err
	})
}

func (b *Bot) botUserID(s *discordgo.Session) string {
	b.mu.Lock()
	id := b.botID
	b.mu.Unlock()
	if id == "" && s != nil && s.State != nil && s.State.User != nil {
		id = s.State.User.ID
	}
	return id
}

func mentions(m *discordgo.Message, botID string) bool {
	if botID == "" {
		return false
	}
	for _, u := range m.Mentions {
		if u != nil && u.ID == botID {
			return true
		}
	}
	return false
}

// stripMention removes the bot's own mention (<@id> or <@!id>) from a question.
func stripMention(content, botID string) string {
	if botID == "" {
		return content
	}
	return strings.NewReplacer("<@"+botID+">", " ", "<@!"+botID+">", " ").Replace(content)
}
