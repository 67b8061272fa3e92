package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Responder sends an interaction's first (and only) response: a REST callback in gateway
// mode, the HTTP reply body in HTTP interactions mode. Later edits and follow-ups go
// through REST either way.
type Responder interface {
	Respond(ctx context.Context, resp *discordgo.InteractionResponse) error
}

// RESTResponder answers i with a REST callback (gateway mode). Make it when i arrives:
// retries of the callback stop at Discord's 3 s deadline, counted from then.
func (b *Bot) RESTResponder(i *discordgo.Interaction) Responder {
	return restResponder{b: b, i: i, received: time.Now()}
}

type restResponder struct {
	b        *Bot
	i        *discordgo.Interaction
	received time.Time
}

func (r restResponder) Respond(ctx context.Context, resp *discordgo.InteractionResponse) error {
	tries := 0
	return r.b.do(ctx, r.b.replyRetry(r.received.Add(ackWindow)), func(ctx context.Context) error {
		tries++
		err := r.b.hooks.respond(ctx, r.i, resp)
		var re *discordgo.RESTError
		if tries > 1 && errors.As(err, &re) && re.Message != nil && re.Message.Code == discordgo.ErrCodeInteractionHasAlreadyBeenAcknowledged {
			// The attempt before reached Discord; only its answer was lost.
			return nil
		}
		return err
	})
}

// InlineResponder hands the first response to an HTTP interactions endpoint, which writes
// it as the body of its reply to Discord:
//
//	r := bot.NewInlineResponder()
//	go b.HandleInteraction(workCtx, i, r) // workCtx must outlive the HTTP request
//	resp, err := r.Wait(req.Context())    // then write resp as JSON
type InlineResponder struct {
	once sync.Once
	ch   chan *discordgo.InteractionResponse
}

// NewInlineResponder makes an InlineResponder.
func NewInlineResponder() *InlineResponder {
	return &InlineResponder{ch: make(chan *discordgo.InteractionResponse, 1)}
}

// Respond passes resp to Wait; a second call is an error, as on Discord.
func (r *InlineResponder) Respond(ctx context.Context, resp *discordgo.InteractionResponse) error {
	sent := false
	r.once.Do(func() { r.ch <- resp; sent = true })
	if !sent {
		return errors.New("interaction already acknowledged")
	}
	return nil
}

// Wait returns the first response once the handler has produced it.
func (r *InlineResponder) Wait(ctx context.Context) (*discordgo.InteractionResponse, error) {
	select {
	case resp := <-r.ch:
		return resp, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// none allows no mention at all; every message sets it.
func none() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func (r reply) flags() discordgo.MessageFlags {
	if r.Ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

func (r reply) data() *discordgo.InteractionResponseData {
	return &discordgo.InteractionResponseData{Content: r.Content, Embeds: r.Embeds, Components: r.Components,
		Flags: r.flags(), AllowedMentions: none()}
}

func (r reply) edit() *discordgo.WebhookEdit {
	embeds := r.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	comps := r.Components
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	return &discordgo.WebhookEdit{Content: &r.Content, Embeds: &embeds, Components: &comps, AllowedMentions: none()}
}

// ack is how an interaction has been acknowledged so far.
type ack int

const (
	ackNone     ack = iota
	ackDeferred     // type 5: a "thinking…" message to edit
	ackUpdate       // type 6: the button's message is edited in place
	ackDone         // type 4, 7 or 8: nothing more to send
)

// call is one interaction being served.
type call struct {
	b       *Bot
	i       *discordgo.Interaction
	r       Responder
	log     *slog.Logger
	surface Surface
	ack     ack
	start   time.Time
}

func (c *call) userID() string { return interactionUser(c.i) }

func interactionUser(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}

// respond sends r as the first response (type 4).
func (c *call) respond(ctx context.Context, r reply) error {
	return c.first(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: r.data()}, ackDone)
}

// deferReply acknowledges with "thinking…" (type 5), to be replaced by edit.
func (c *call) deferReply(ctx context.Context, ephemeral bool) error {
	d := &discordgo.InteractionResponseData{AllowedMentions: none()}
	if ephemeral {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return c.first(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: d}, ackDeferred)
}

// deferUpdate acknowledges a button so that edit changes its message in place (type 6).
func (c *call) deferUpdate(ctx context.Context) error {
	return c.first(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}, ackUpdate)
}

func (c *call) first(ctx context.Context, resp *discordgo.InteractionResponse, next ack) error {
	if err := c.r.Respond(ctx, resp); err != nil {
		c.b.obs.Error("respond")
		c.log.Error("acknowledge interaction", "err", err, "type", resp.Type)
		c.ack = ackDone // the token is probably dead; don't try again
		return err
	}
	c.ack = next
	return nil
}

// expires is when the interaction's token stops working, less a margin for the clock
// and the round trip: no retry waits past it.
func (c *call) expires() time.Time { return c.start.Add(tokenLife - 10*time.Second) }

// edit replaces the deferred message (or, after deferUpdate, the button's message).
func (c *call) edit(ctx context.Context, r reply) error {
	_, err := c.edited(ctx, r)
	return err
}

// edited is edit returning the message as Discord now holds it (its id and channel).
func (c *call) edited(ctx context.Context, r reply) (*discordgo.Message, error) {
	var m *discordgo.Message
	err := c.b.do(ctx, c.b.replyRetry(c.expires()), func(ctx context.Context) error {
		var err error
		m, err = c.b.hooks.edit(ctx, c.i, r.edit())
		return err
	})
	if err != nil {
		c.b.obs.Error("edit")
		c.log.Error("edit interaction response", "err", err)
	}
	return m, err
}

// followup sends an extra message (ephemeral when r says so).
func (c *call) followup(ctx context.Context, r reply) error {
	p := &discordgo.WebhookParams{Content: r.Content, Embeds: r.Embeds, Components: r.Components,
		Flags: r.flags(), AllowedMentions: none()}
	err := c.b.do(ctx, c.b.replyRetry(c.expires()), func(ctx context.Context) error {
		_, err := c.b.hooks.followup(ctx, c.i, p)
		return err
	})
	if err != nil {
		c.b.obs.Error("send")
		c.log.Error("send follow-up", "err", err)
	}
	return err
}

// say shows a short ephemeral message in whatever way the interaction still allows.
func (c *call) say(ctx context.Context, text string) {
	r := reply{Content: text, Ephemeral: true}
	switch c.ack {
	case ackNone:
		c.respond(ctx, r)
	case ackDeferred:
		c.edit(ctx, r)
	case ackUpdate:
		c.followup(ctx, r)
	}
}

// outcome reports a finished question to the observer.
func (c *call) outcome(o Outcome, latency time.Duration) {
	c.log.Debug("question done", "surface", c.surface, "outcome", o, "index_time", latency, "total_time", time.Since(c.start))
	c.b.obs.Question(c.surface, o, latency)
}
