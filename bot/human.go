package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// "Ask a human": when docent refuses, hedges, or a member says 👎, a button posts the
// question, who asked it (a mention shown as a link: allowed mentions let only the help
// role ping) and docent's answer to the help channel, once per question.

const (
	idHuman       = "human"
	msgHumanAsked = "I've asked the helpers in <#%s>; someone will get back to you."
	msgHumanDup   = "This question has already been sent to the helpers."
	msgHumanOff   = "Asking a human is not enabled here."
	msgAskHuman   = "Want a person to look at it?"
)

func (b *Bot) helpOn() bool { return b.cfg.HelpRole != "" && b.cfg.HelpChannel != "" }

// humanRow is the row with the "Ask a human" button, or nil when the feature is off.
func (b *Bot) humanRow() []discordgo.MessageComponent {
	if !b.helpOn() {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		button("Ask a human", idHuman, discordgo.SecondaryButton)}}}
}

// noAnswerReply is the refusal; with "Ask a human" on, it carries the question in an
// embed's footer, as answers do, for the button.
func (b *Bot) noAnswerReply(st state, ephemeral bool) reply {
	r := renderNoAnswer(ephemeral)
	if !b.helpOn() {
		return r
	}
	r.Embeds = []*discordgo.MessageEmbed{{Title: cut(escapeMarkdown(st.Question), maxTitle), Color: colorSearch,
		Footer: &discordgo.MessageEmbedFooter{Text: st.footer(b.sourceTitle(context.Background(), st.DocID))}}}
	r.Components = b.humanRow()
	return r
}

// downReply thanks for a 👎 and, with "Ask a human" on, offers it, keeping the question
// and a short copy of the answer for the helpers.
func (b *Bot) downReply(m *discordgo.Message, st state) reply {
	if !b.helpOn() || st.Question == "" {
		return reply{Content: msgThanks, Ephemeral: true}
	}
	desc := ""
	if len(m.Embeds) > 0 {
		desc = cut(m.Embeds[0].Description, 1500)
	}
	e := &discordgo.MessageEmbed{Title: cut(escapeMarkdown(st.Question), maxTitle), Description: desc, Color: colorSearch,
		Footer: &discordgo.MessageEmbedFooter{Text: st.footer(b.sourceTitle(context.Background(), st.DocID))}}
	return reply{Content: msgThanks + " " + msgAskHuman, Embeds: []*discordgo.MessageEmbed{e},
		Components: b.humanRow(), Ephemeral: true}
}

// askHuman posts the question of the button's message to the help channel.
func (b *Bot) askHuman(ctx context.Context, c *call) {
	if !b.helpOn() {
		c.say(ctx, msgHumanOff)
		return
	}
	st, ok := stateOf(c.i.Message)
	if !ok {
		c.say(ctx, msgStale)
		return
	}
	key := c.i.GuildID + "\x00" + strings.ToLower(strings.Join(strings.Fields(st.Question), " "))
	asked := b.askedStore()
	if _, dup := asked.get(key); dup {
		c.say(ctx, msgHumanDup)
		return
	}
	asked.put(key, conversation{})
	if c.deferReply(ctx, true) != nil {
		asked.drop(key) // nothing was posted: a later click may try again
		return
	}
	if err := b.postToHelpers(ctx, c, st); err != nil {
		asked.drop(key) // let a later click try again
		b.obs.Error("send")
		c.log.Error("post to the help channel", "channel", b.cfg.HelpChannel, "err", err)
		c.say(ctx, msgError)
		return
	}
	c.log.Info("question sent to the helpers", "question", st.Question)
	c.edit(ctx, reply{Content: fmt.Sprintf(msgHumanAsked, b.cfg.HelpChannel), Ephemeral: true})
}

func (b *Bot) askedStore() *convStore {
	b.initCommunity()
	return b.comm.asked
}

// postToHelpers sends the help channel the question, the member and docent's answer.
func (b *Bot) postToHelpers(ctx context.Context, c *call, st state) error {
	answer := "*docent found nothing in the corpus that answers it.*"
	if m := c.i.Message; len(m.Embeds) > 0 && strings.TrimSpace(m.Embeds[0].Description) != "" {
		answer = m.Embeds[0].Description
	}
	where := "a direct message"
	if c.i.GuildID != "" {
		where = "<#" + c.i.ChannelID + ">"
		if c.i.Message.Flags&discordgo.MessageFlagsEphemeral == 0 {
			where = fmt.Sprintf("https://discord.com/channels/%s/%s/%s", c.i.GuildID, c.i.ChannelID, c.i.Message.ID)
		}
	}
	e := &discordgo.MessageEmbed{Title: cut(escapeMarkdown(st.Question), maxTitle), Color: colorAnswer,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "docent's answer", Value: cut(answer, maxFieldValue)},
			{Name: "Asked in", Value: where},
		}}
	msg := &discordgo.MessageSend{
		Content: fmt.Sprintf("<@&%s> <@%s> asked something docent could not answer well.", b.cfg.HelpRole, c.userID()),
		Embeds:  []*discordgo.MessageEmbed{e},
		// The member is shown as a link, never pinged: only the help role may be.
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Roles: []string{b.cfg.HelpRole}},
	}
	return b.call(ctx, func(opts ...discordgo.RequestOption) error {
		_, err := b.rest.ChannelMessageSendComplex(b.cfg.HelpChannel, msg, opts...)
		return err
	})
}
