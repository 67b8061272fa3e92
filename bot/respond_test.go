package bot_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/docent-bot/docent/retrieval/retrievaltest"
)

// HTTP interactions mode: the first response comes back through an InlineResponder
// (the HTTP reply body) and the edit goes over REST.
func TestInlineResponder(t *testing.T) {
	t.Parallel()
	f := discordtest.New(t, discordtest.Options{})
	ix := retrievaltest.BundledIndex(t)
	b, err := bot.New(bot.Config{Token: f.Token(), HTTPClient: f.Client()}, ix, ix, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()

	r := bot.NewInlineResponder()
	b.HandleInteraction(ctx, &discordgo.Interaction{ID: "1", Type: discordgo.InteractionPing}, r)
	if resp, err := r.Wait(ctx); err != nil || resp.Type != discordgo.InteractionResponsePong {
		t.Errorf("PING = %+v, %v; want PONG", resp, err)
	}
	if err := r.Respond(ctx, &discordgo.InteractionResponse{Type: 1}); err == nil {
		t.Errorf("a second Respond succeeded")
	}

	id, body := f.HTTPCommand(discordtest.Invoke{GuildID: "g1"}, "ask", opt("question", question))
	var i discordgo.Interaction
	if err := i.UnmarshalJSON(body); err != nil {
		t.Fatal(err)
	}
	r = bot.NewInlineResponder()
	done := make(chan struct{})
	go func() { b.HandleInteraction(ctx, &i, r); close(done) }()
	resp, err := r.Wait(ctx)
	if err != nil || resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("/ask inline response = %+v, %v; want a deferred reply", resp, err)
	}
	raw, _ := discordgo.Marshal(resp)
	if status, out := f.InlineResponse(id, raw); status != 204 {
		t.Fatalf("the fake refused the inline response: %d %s", status, out)
	}
	<-done
	in, _ := f.Interaction(id)
	m, _ := f.Message(in.Original)
	if in.Edits != 1 || len(m.Embeds) == 0 {
		t.Errorf("after the inline deferral: %d edits, message %+v", in.Edits, m)
	}
}
