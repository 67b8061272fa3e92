package bot

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Modals are built from text inputs in action rows only: discordgo v0.29 cannot decode
// the newer Label component (type 18), so a modal using it would come back as an
// interaction the bot cannot read.

const (
	maxModalTitle = 45
	maxInputLabel = 45
	maxInputValue = 4000
	maxModalRows  = 5
)

// field is one text input of a modal.
type field struct {
	ID, Label, Value, Placeholder string
	Long                          bool // paragraph instead of one line
	Required                      bool
	Max                           int // 1..4000; 0: 4000
}

// modal renders a modal response (type 9); prefilled values are cut to fit each field.
func modal(customID, title string, fields ...field) *discordgo.InteractionResponse {
	rows := make([]discordgo.MessageComponent, 0, len(fields))
	for _, f := range fields[:min(len(fields), maxModalRows)] {
		max := f.Max
		if max <= 0 || max > maxInputValue {
			max = maxInputValue
		}
		style := discordgo.TextInputShort
		if f.Long {
			style = discordgo.TextInputParagraph
		}
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.TextInput{
			CustomID: f.ID, Label: cut(f.Label, maxInputLabel), Style: style, Required: f.Required,
			Value: cut(f.Value, max), Placeholder: cut(f.Placeholder, 100), MaxLength: max}}})
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal,
		Data: &discordgo.InteractionResponseData{CustomID: customID, Title: cut(title, maxModalTitle), Components: rows}}
}

// showModal answers the interaction with a modal; nothing else may follow it.
func (c *call) showModal(ctx context.Context, m *discordgo.InteractionResponse) error {
	return c.first(ctx, m, ackDone)
}

// modalValues reads a submitted modal's text inputs by custom id.
func modalValues(d discordgo.ModalSubmitInteractionData) map[string]string {
	out := map[string]string{}
	for _, comp := range d.Components {
		row, ok := comp.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, x := range row.Components {
			if in, ok := x.(*discordgo.TextInput); ok {
				out[in.CustomID] = strings.TrimSpace(in.Value)
			}
		}
	}
	return out
}

// modalSubmit routes a submitted modal by its custom id.
func (b *Bot) modalSubmit(ctx context.Context, c *call) {
	d := c.i.ModalSubmitData()
	values := modalValues(d)
	switch {
	case strings.HasPrefix(d.CustomID, idFollowUp):
		c.surface = SurfaceFollow
		b.followUp(ctx, c, strings.TrimPrefix(d.CustomID, idFollowUp), values["question"])
	case strings.HasPrefix(d.CustomID, idSaveModal):
		b.saveAnswer(ctx, c, strings.TrimPrefix(d.CustomID, idSaveModal), values)
	default:
		c.log.Warn("unknown modal", "custom_id", d.CustomID)
		c.say(ctx, msgStale)
	}
}
