package discordtest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/gorilla/websocket"
)

func session(t *testing.T, f *discordtest.Server, token string) *discordgo.Session {
	t.Helper()
	s, err := discordgo.New(token)
	if err != nil {
		t.Fatal(err)
	}
	s.Client = f.Client()
	s.Dialer = &websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	s.LogLevel = -1
	return s
}

func TestGatewayInteractionRoundTrip(t *testing.T) {
	f := discordtest.New(t, discordtest.Options{HeartbeatInterval: 50 * time.Millisecond})
	s := session(t, f, f.Token())
	got := make(chan *discordgo.InteractionCreate, 1)
	s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got <- i })
	if err := s.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := f.WaitConnected(ctx, 0); err != nil {
		t.Fatal(err)
	}
	id := f.Command(discordtest.Invoke{GuildID: "g1"}, "ask", discordtest.Option{Name: "question", Type: 3, Value: "why?"})
	var i *discordgo.InteractionCreate
	select {
	case i = <-got:
	case <-ctx.Done():
		t.Fatal("no INTERACTION_CREATE")
	}
	if i.ID != id || i.ApplicationCommandData().Name != "ask" || i.Member.User.ID != "u1" {
		t.Fatalf("interaction = %+v", i.Interaction)
	}
	none := &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	if err := s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{Type: 5,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}}); err != nil {
		t.Fatalf("respond: %v", err)
	}
	err := s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{Type: 5})
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != 40060 {
		t.Fatalf("second respond = %v; want code 40060", err)
	}
	content := "hello"
	if _, err := s.InteractionResponseEdit(i.Interaction, &discordgo.WebhookEdit{Content: &content, AllowedMentions: none}); err != nil {
		t.Fatalf("edit: %v", err)
	}
	long := strings.Repeat("x", 2001)
	_, err = s.InteractionResponseEdit(i.Interaction, &discordgo.WebhookEdit{Content: &long})
	if !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != 50035 {
		t.Fatalf("oversize edit = %v; want code 50035", err)
	}
	st, _ := f.Interaction(id)
	m, _ := f.Message(st.Original)
	if m.Content != "hello" || !m.Ephemeral() || !m.MentionsNone() {
		t.Errorf("original = %+v", m)
	}
}

func TestGatewayRefusesBadToken(t *testing.T) {
	f := discordtest.New(t, discordtest.Options{})
	s := session(t, f, "Bot wrong")
	s.ShouldReconnectOnError = false
	err := s.Open()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4004 {
		t.Fatalf("Open with a bad token = %v; want close 4004", err)
	}
}

func TestLateAcknowledgement(t *testing.T) {
	f := discordtest.New(t, discordtest.Options{AckDeadline: 50 * time.Millisecond})
	s := session(t, f, f.Token())
	got := make(chan *discordgo.InteractionCreate, 1)
	s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) { got <- i })
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := f.WaitConnected(ctx, 0); err != nil {
		t.Fatal(err)
	}
	id := f.Command(discordtest.Invoke{}, "help")
	i := <-got
	time.Sleep(100 * time.Millisecond)
	err := s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{Type: 4,
		Data: &discordgo.InteractionResponseData{Content: "late"}})
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != 10062 {
		t.Errorf("late respond = %v; want 10062", err)
	}
	if in, _ := f.Interaction(id); !in.Late {
		t.Errorf("interaction not marked late")
	}
}
