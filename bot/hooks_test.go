package bot

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/bot/discordtest"
)

// The three replies hooks sends reach the fake as discordgo would have sent them.
func TestHooksReplies(t *testing.T) {
	f := discordtest.New(t, discordtest.Options{})
	id, _ := f.HTTPCommand(discordtest.Invoke{GuildID: "g1"}, "ask")
	i := &discordgo.Interaction{ID: id, AppID: f.AppID(), Token: "tok" + id}
	h := newHooks(f.Client(), f.Token(), "test")
	ctx := context.Background()
	none := &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	if err := h.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{AllowedMentions: none}}); err != nil {
		t.Fatalf("respond: %v", err)
	}
	content := "the answer"
	m, err := h.edit(ctx, i, &discordgo.WebhookEdit{Content: &content, AllowedMentions: none})
	if err != nil || m.Content != content {
		t.Fatalf("edit = %+v, %v; want the edited message", m, err)
	}
	fm, err := h.followup(ctx, i, &discordgo.WebhookParams{Content: "more", AllowedMentions: none})
	if err != nil || fm.Content != "more" || fm.ID == "" {
		t.Fatalf("followup = %+v, %v; want the new message", fm, err)
	}
	in, _ := f.Interaction(id)
	if len(in.Callbacks) != 1 || in.Edits != 1 || len(in.Followups) != 1 || in.Followups[0] != fm.ID {
		t.Errorf("fake saw %+v; want one callback, one edit, one follow-up", in)
	}
	// A second callback is Discord's 40060, as a *discordgo.RESTError.
	err = h.respond(ctx, i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Message == nil || re.Message.Code != discordgo.ErrCodeInteractionHasAlreadyBeenAcknowledged {
		t.Errorf("second respond = %v; want code 40060", err)
	}
}

// A global 429 holds every token's replies; a bucket's 429 only its own.
func TestHooksGlobal429(t *testing.T) {
	f := discordtest.New(t, discordtest.Options{})
	h := newHooks(f.Client(), f.Token(), "test")
	ctx := context.Background()
	ints := make([]*discordgo.Interaction, 2)
	for n := range ints {
		id, _ := f.HTTPCommand(discordtest.Invoke{GuildID: "g1"}, "ask")
		ints[n] = &discordgo.Interaction{ID: id, AppID: f.AppID(), Token: "tok" + id}
	}
	f.Inject(discordtest.Fault{Method: "POST", Path: "/interactions/" + ints[0].ID, Status: 429, RetryAfter: 300 * time.Millisecond, Global: true})
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	var rl *discordgo.RateLimitError
	if err := h.respond(ctx, ints[0], resp); !errors.As(err, &rl) || rl.RetryAfter != 300*time.Millisecond {
		t.Fatalf("respond = %v; want a 429 asking for 300ms", err)
	}
	if d := h.limits.reserve(routeCallback, ints[1].Token); d <= 0 {
		t.Errorf("after a global 429, another token may go at once; want it held")
	}
	begin := time.Now()
	if err := h.respond(ctx, ints[1], resp); err != nil {
		t.Fatalf("respond after the global limit: %v", err)
	}
	if took := time.Since(begin); took < 200*time.Millisecond {
		t.Errorf("another token's callback went after %v; want it held by the global 429 (300ms)", took)
	}
}
