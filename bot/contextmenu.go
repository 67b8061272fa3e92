package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/bot/faq"
	"github.com/docent-bot/docent/retrieval"
)

// Message context menu commands (right click on a message → Apps).
const (
	cmdFindSources = "Find sources"
	cmdSaveAnswer  = "Save as answer"
	idSaveModal    = "faq:" // faq:<channel>:<message>, the modal of "Save as answer"
)

const (
	msgNoText       = "That message has no text I could look up."
	msgNoSaveRight  = "Only members who can manage messages (or have the FAQ role) can save answers."
	msgSaveDisabled = "Saving answers is not enabled here."
	msgSaveFailed   = "I couldn't save that answer. The log has the details."
)

// messageCommand serves a message context menu command; false when name is not one.
func (b *Bot) messageCommand(ctx context.Context, c *call, data discordgo.ApplicationCommandInteractionData) bool {
	if data.CommandType != discordgo.MessageApplicationCommand {
		return false
	}
	m := data.Resolved.Messages[data.TargetID] // checkInteraction made sure it is there
	switch data.Name {
	case cmdFindSources:
		c.surface = SurfaceMenu
		q := messageText(m)
		if strings.TrimSpace(q) == "" {
			c.say(ctx, msgNoText)
			c.outcome(OutcomeInvalid, 0)
			return true
		}
		// A message is not written as a query: ask with its first words rather than
		// refuse it for length.
		b.ask(ctx, c, cutWords(q, retrieval.MaxQueryRunes), "", false, false)
	case cmdSaveAnswer:
		b.saveAnswerModal(ctx, c, data, m)
	default:
		return false
	}
	return true
}

// messageText is what a message says: its content, or else its first embed's text.
func messageText(m *discordgo.Message) string {
	if t := strings.TrimSpace(m.Content); t != "" {
		return t
	}
	if len(m.Embeds) > 0 && m.Embeds[0] != nil {
		return strings.TrimSpace(m.Embeds[0].Title + "\n" + m.Embeds[0].Description)
	}
	return ""
}

// cutWords cuts s to at most max characters at a word boundary, without an ellipsis.
func cutWords(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if runes(s) <= max {
		return s
	}
	r := []rune(s)[:max]
	if i := strings.LastIndexByte(string(r), ' '); i > 0 {
		return string(r)[:i]
	}
	return string(r)
}

// maySave checks, again, what Discord checked with default_member_permissions: a server
// member with Manage Messages, or with the configured FAQ role.
func (b *Bot) maySave(i *discordgo.Interaction) bool {
	if i.Member == nil || i.GuildID == "" {
		return false
	}
	if i.Member.Permissions&discordgo.PermissionManageMessages != 0 {
		return true
	}
	return b.cfg.FAQRole != "" && slices.Contains(i.Member.Roles, b.cfg.FAQRole)
}

// saveAllowed tells whether c may save answers, checked on the command and again on the
// form's submit; when not, it says why.
func (b *Bot) saveAllowed(ctx context.Context, c *call) bool {
	switch {
	case b.cfg.FAQDir == "":
		c.say(ctx, msgSaveDisabled)
		return false
	case !b.maySave(c.i):
		c.log.Warn("save as answer refused: no permission")
		c.say(ctx, msgNoSaveRight)
		return false
	}
	return true
}

// saveAnswerModal opens the modal of "Save as answer", prefilled from the message and
// the message it replies to.
func (b *Bot) saveAnswerModal(ctx context.Context, c *call, data discordgo.ApplicationCommandInteractionData, m *discordgo.Message) {
	switch {
	case !b.saveAllowed(ctx, c):
		return
	case messageText(m) == "":
		c.say(ctx, msgNoText)
		return
	}
	question := b.repliedTo(ctx, c, m)
	author := ""
	if m.Author != nil {
		author = m.Author.DisplayName()
		if mem := data.Resolved.Members[m.Author.ID]; mem != nil && mem.Nick != "" {
			author = mem.Nick
		}
	}
	title := question
	if title == "" {
		title = messageText(m)
	}
	channel := orDefault(m.ChannelID, c.i.ChannelID)
	c.showModal(ctx, modal(idSaveModal+channel+":"+m.ID, "Save as answer",
		field{ID: "title", Label: "Title", Value: cutWords(title, 100), Required: true, Max: 100},
		field{ID: "question", Label: "Question (optional)", Value: question, Long: true, Max: 1000},
		field{ID: "answer", Label: "Answer", Value: messageText(m), Long: true, Required: true, Max: maxInputValue},
		field{ID: "author", Label: "Author", Value: author, Required: true, Max: 100},
	))
}

// repliedTo is the text of the message m replies to: from the interaction's resolved
// data when Discord included it, else fetched (needs Read Message History; without the
// Message Content intent Discord returns other people's messages without their text).
func (b *Bot) repliedTo(ctx context.Context, c *call, m *discordgo.Message) string {
	if m.ReferencedMessage != nil {
		return messageText(m.ReferencedMessage)
	}
	ref := m.MessageReference
	if ref == nil || ref.MessageID == "" {
		return ""
	}
	// The modal must open within Discord's 3 seconds: the fetch gets one of them.
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var q *discordgo.Message
	err := b.call(ctx, func(opts ...discordgo.RequestOption) error {
		var err error
		q, err = b.rest.ChannelMessage(orDefault(ref.ChannelID, m.ChannelID), ref.MessageID, opts...)
		return err
	})
	if err != nil {
		c.log.Warn("fetch the message replied to", "message", ref.MessageID, "err", err)
		return ""
	}
	return messageText(q)
}

// saveAnswer writes a submitted "Save as answer" modal into the FAQ folder, has the
// corpus reloaded, and confirms with a link.
func (b *Bot) saveAnswer(ctx context.Context, c *call, target string, values map[string]string) {
	channel, msgID, ok := strings.Cut(target, ":")
	switch {
	case !b.saveAllowed(ctx, c):
		return
	case !ok || channel == "" || msgID == "" || values["answer"] == "" || values["title"] == "":
		c.say(ctx, msgStale)
		return
	}
	if c.deferReply(ctx, true) != nil {
		return
	}
	date, err := discordgo.SnowflakeTimestamp(msgID)
	if err != nil {
		date = time.Now()
	}
	link := fmt.Sprintf("https://discord.com/channels/%s/%s/%s", c.i.GuildID, channel, msgID)
	e := faq.Entry{Title: values["title"], Question: values["question"], Answer: values["answer"],
		Author: values["author"], Date: date, URL: link, ID: msgID}
	name, err := faq.Save(b.cfg.FAQDir, e)
	if err != nil {
		b.obs.Error("faq")
		c.log.Error("save answer", "err", err)
		c.say(ctx, msgSaveFailed)
		return
	}
	c.log.Info("answer saved", "file", name, "message", msgID)
	indexed := "It is in the corpus folder and will be indexed on the next reload."
	if b.comm.afterSave != nil {
		rctx, cancel := context.WithTimeout(ctx, 10*time.Minute) // within the token's 15
		err := b.comm.afterSave(rctx)
		cancel()
		if err != nil {
			b.obs.Error("reindex")
			c.log.Error("reload after saving an answer", "err", err)
		} else {
			indexed = "It is indexed: later answers can cite it."
		}
	}
	c.edit(ctx, reply{Content: cut(fmt.Sprintf("Saved **%s** as `%s`. %s\n%s", escapeMarkdown(values["title"]),
		name, indexed, link), maxContent), Ephemeral: true})
}
