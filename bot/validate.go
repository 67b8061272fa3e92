package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// Interactions are checked before use. Discord sends well-formed ones, but a proxy, a
// replayed request or an API change can deliver missing data or a string where an object
// belongs; discordgo's accessors (ApplicationCommandData, StringValue, ...) panic on those.
// A malformed interaction gets a short ephemeral reply when it has an id and a token, and
// one warning line, not a panic and a stack trace.

// ErrMalformed marks an interaction payload the bot cannot use.
var ErrMalformed = errors.New("malformed interaction")

const msgMalformed = "That request was malformed, so I couldn't act on it."

// malformedData stands in for the data of an interaction that did not decode, carrying
// why, so that HandleInteraction can reply and log it.
type malformedData struct {
	typ    discordgo.InteractionType
	reason string
}

func (m malformedData) Type() discordgo.InteractionType { return m.typ }

// DecodeInteraction decodes an interaction as Discord sends it: the d of a gateway
// INTERACTION_CREATE or the body of an HTTP interaction. discordgo's decoding drops the
// whole interaction when one field has the wrong shape; then DecodeInteraction returns an
// error wrapping ErrMalformed together with what it could read (id, token, type, user),
// so that HandleInteraction can still tell the user. The interaction is nil only when
// raw is not a JSON object at all.
func DecodeInteraction(raw []byte) (*discordgo.Interaction, error) {
	var i discordgo.Interaction
	err := json.Unmarshal(raw, &i)
	if err == nil {
		return &i, nil
	}
	// The envelope, field by field: encoding/json skips a field of the wrong type and
	// goes on with the others.
	var env struct {
		ID        string                    `json:"id"`
		AppID     string                    `json:"application_id"`
		Type      discordgo.InteractionType `json:"type"`
		Token     string                    `json:"token"`
		GuildID   string                    `json:"guild_id"`
		ChannelID string                    `json:"channel_id"`
	}
	var syntax *json.SyntaxError
	if e := json.Unmarshal(raw, &env); errors.As(e, &syntax) || (e != nil && env.ID == "" && env.Token == "") {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	var who struct {
		Member struct {
			User *discordgo.User `json:"user"`
		} `json:"member"`
		User *discordgo.User `json:"user"`
	}
	json.Unmarshal(raw, &who) // best effort: only for the rate limiter and the log
	out := &discordgo.Interaction{ID: env.ID, AppID: env.AppID, Type: env.Type, Token: env.Token,
		GuildID: env.GuildID, ChannelID: env.ChannelID, User: who.User,
		Data: malformedData{typ: env.Type, reason: err.Error()}}
	if who.Member.User != nil {
		out.Member = &discordgo.Member{User: who.Member.User}
	}
	return out, fmt.Errorf("%w: %v", ErrMalformed, err)
}

// checkInteraction says what makes i unusable, or "". It checks exactly what the
// handlers read.
func checkInteraction(i *discordgo.Interaction) string {
	if m, ok := i.Data.(malformedData); ok {
		return m.reason
	}
	switch i.Type {
	case discordgo.InteractionPing:
		return ""
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		d, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok {
			return "data is missing or not a command"
		}
		if d.Name == "" {
			return "the command has no name"
		}
		if p := checkOptions(d.Options, 0); p != "" {
			return p
		}
		if p := checkTarget(d); p != "" {
			return p
		}
	case discordgo.InteractionModalSubmit:
		if d, ok := i.Data.(discordgo.ModalSubmitInteractionData); !ok || d.CustomID == "" {
			return "data is missing or not a modal submit"
		}
	case discordgo.InteractionMessageComponent:
		d, ok := i.Data.(discordgo.MessageComponentInteractionData)
		switch {
		case !ok:
			return "data is missing or not a component"
		case d.CustomID == "":
			return "the component has no custom_id"
		case i.Message == nil:
			return "the component's message is missing"
		}
		for _, e := range i.Message.Embeds {
			if e == nil {
				return "the component's message has a null embed"
			}
		}
	}
	if interactionUser(i) == "" {
		return "the invoking user is missing"
	}
	return ""
}

// checkTarget checks that a message context menu command carries its message.
func checkTarget(d discordgo.ApplicationCommandInteractionData) string {
	if d.CommandType != discordgo.MessageApplicationCommand {
		return ""
	}
	if d.TargetID == "" || d.Resolved == nil || d.Resolved.Messages[d.TargetID] == nil {
		return "the message command's target message is missing"
	}
	return ""
}

// checkOptions checks that every option has a name and a value of its declared type.
func checkOptions(opts []*discordgo.ApplicationCommandInteractionDataOption, depth int) string {
	if depth > 2 { // a command, a group, a subcommand: Discord nests no deeper
		return "options are nested too deeply"
	}
	for _, o := range opts {
		if o == nil || o.Name == "" {
			return "an option is null or has no name"
		}
		var ok bool
		switch o.Type {
		case discordgo.ApplicationCommandOptionSubCommand, discordgo.ApplicationCommandOptionSubCommandGroup:
			if p := checkOptions(o.Options, depth+1); p != "" {
				return p
			}
			ok = true
		case discordgo.ApplicationCommandOptionBoolean:
			_, ok = o.Value.(bool)
		case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
			_, ok = o.Value.(float64)
		default: // strings, and the ids of users, channels, roles, attachments
			_, ok = o.Value.(string)
		}
		if !ok {
			return fmt.Sprintf("option %q has a %T value for type %d", o.Name, o.Value, o.Type)
		}
	}
	return ""
}

// malformed answers an interaction that failed checkInteraction.
func (b *Bot) malformed(ctx context.Context, c *call, problem string) {
	b.obs.Error("malformed")
	c.log.Warn("malformed interaction", "type", int(c.i.Type), "problem", problem)
	if c.i.ID == "" || c.i.Token == "" {
		return // nothing to reply to
	}
	if c.i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		// Only choices may answer autocomplete; none at all is the honest answer.
		c.r.Respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}}})
		return
	}
	c.say(ctx, msgMalformed)
}
