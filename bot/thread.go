package bot

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Threads. /ask thread:true (or Community.AskThreads, the server default) posts the
// answer publicly and opens a thread on it, named after the question. docent remembers
// the threads it opened, with the question and the document the answer cited, in a
// bounded store that forgets a thread threadLife after its last exchange. A member's
// message in such a thread is answered there as a follow-up in context: a plain message
// when the Message Content intent is on (without it Discord delivers the text empty), a
// message mentioning docent always. The answers' "Follow up" button works in a thread as
// anywhere else.

// threadLife is how long docent keeps a thread's conversation after its last exchange:
// the thread's auto-archive duration, after which Discord hides it anyway.
const threadLife = 24 * time.Hour

// threadArchive is the auto-archive duration docent asks for, in minutes.
const threadArchive = 1440

// maxThreadName is Discord's limit on a thread's name, in characters.
const maxThreadName = 100

// threadName is the name of the thread opened on the answer to question: the question
// on one line, cut to Discord's limit.
func threadName(question string) string {
	name := strings.Join(strings.Fields(question), " ")
	if name == "" {
		return "Follow-ups"
	}
	return cut(name, maxThreadName)
}

// askMode decides how /ask answers: publicly or not, with a thread or not. thread and
// public are the member's options (nil when not given); def is the server default
// (Community.AskThreads), which applies in servers only and yields to a member who asked
// for a private answer. A thread implies a public answer.
func askMode(inGuild bool, public, thread *bool, def bool) (pub, thr bool) {
	if public != nil {
		pub = *public
	}
	switch {
	case thread != nil:
		thr = *thread
	default:
		thr = def && inGuild && (public == nil || *public)
	}
	return pub || thr, thr
}

// threadConvs returns the store of the threads docent opened, made on first use.
func (b *Bot) threadConvs() *convStore {
	b.initCommunity()
	return b.comm.threads
}

// threadOf returns the conversation of a thread docent opened, if channel is one.
func (b *Bot) threadOf(channel string) (conversation, bool) {
	if channel == "" {
		return conversation{}, false
	}
	return b.threadConvs().get(channel)
}

// openThread opens a thread on m, the public answer to c's /ask, and remembers it with
// conv. A failure leaves the answer as it is and is logged with the reason.
func (b *Bot) openThread(ctx context.Context, c *call, m *discordgo.Message, conv conversation) {
	log := c.log.With("channel", c.i.ChannelID)
	if c.i.GuildID == "" {
		log.Info("no thread on the answer: Discord has no threads in DMs")
		return
	}
	if m == nil || m.ID == "" {
		log.Warn("no thread on the answer: Discord did not return the answer's message")
		return
	}
	channel := m.ChannelID
	if channel == "" {
		channel = c.i.ChannelID
	}
	var th *discordgo.Channel
	err := b.call(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		th, err = b.rest.MessageThreadStartComplex(channel, m.ID,
			&discordgo.ThreadStart{Name: threadName(conv.Question), AutoArchiveDuration: threadArchive}, opts...)
		return err
	})
	if err == nil && (th == nil || th.ID == "") {
		err = errors.New("discord returned no thread")
	}
	if err != nil {
		b.obs.Error("thread")
		log.Warn("cannot open a thread on the answer; it stands without one", "message", m.ID, "err", err, "hint", threadHint(err))
		return
	}
	conv.Channel = channel
	b.threadConvs().put(th.ID, conv)
	log.Info("thread opened on the answer", "thread", th.ID, "message", m.ID)
}

// threadHint says why Discord refused a thread, when it can be told.
func threadHint(err error) string {
	var re *discordgo.RESTError
	if !errors.As(err, &re) {
		return ""
	}
	switch {
	case re.Response != nil && re.Response.StatusCode == http.StatusForbidden:
		return "docent needs View Channel, Create Public Threads and Send Messages in Threads in this channel (and must be a member of the server, not only installed by the member)"
	case re.Message != nil && re.Message.Code == discordgo.ErrCodeCannotExecuteActionOnThisChannelType:
		return "threads cannot be opened in this kind of channel (a thread, a forum post, a voice channel or a DM)"
	case re.Message != nil && re.Message.Code == 160004:
		return "the message already has a thread"
	}
	return ""
}

// threadMessage tells whether m, a server message, is one docent answers as a follow-up
// in one of its threads, and returns that thread's conversation: a member's message with
// text (plain with the Message Content intent, or mentioning docent), not a system one.
func (b *Bot) threadMessage(m *discordgo.Message, mentioned bool) (conversation, bool) {
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return conversation{}, false
	}
	if !mentioned && (!b.cfg.MessageContent || strings.TrimSpace(m.Content) == "") {
		return conversation{}, false
	}
	return b.threadOf(m.ChannelID)
}
