package discordtest_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/bot/discordtest"
)

func TestMessageThreadStart(t *testing.T) {
	f := discordtest.New(t, discordtest.Options{})
	s := session(t, f, f.Token())
	none := &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
	m, err := s.ChannelMessageSendComplex("c1", &discordgo.MessageSend{Content: "answer", AllowedMentions: none})
	if err != nil {
		t.Fatal(err)
	}
	f.AddChannel(discordtest.Channel{ID: "f1", Type: discordtest.ChannelForum, GuildID: "g1"})
	tests := []struct {
		name             string
		channel, message string
		threadName       string
		code             int // 0: created
	}{
		{"name too long", "c1", m.ID, strings.Repeat("x", 101), 50035},
		{"empty name", "c1", m.ID, " ", 50035},
		{"unknown message", "c1", "999", "q", 10008},
		{"message in another channel", "c2", m.ID, "q", 10008},
		{"not a text channel", "f1", m.ID, "q", 50024},
		{"created", "c1", m.ID, strings.Repeat("é", 100), 0},
		{"once per message", "c1", m.ID, "q", 160004},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			th, err := s.MessageThreadStartComplex(tt.channel, tt.message, &discordgo.ThreadStart{Name: tt.threadName, AutoArchiveDuration: 1440})
			var re *discordgo.RESTError
			switch {
			case tt.code == 0 && err != nil:
				t.Fatalf("MessageThreadStartComplex = %v; want a thread", err)
			case tt.code == 0 && (th.ID != m.ID || th.ParentID != "c1" || th.Type != discordgo.ChannelTypeGuildPublicThread || th.Name != tt.threadName):
				t.Errorf("thread = %+v; want a public thread with the message's id under c1", th)
			case tt.code != 0 && (!errors.As(err, &re) || re.Message == nil || re.Message.Code != tt.code):
				t.Errorf("MessageThreadStartComplex = %v; want code %d", err, tt.code)
			}
		})
	}
	if got := f.StartedThreads(); len(got) != 1 || got[0].ID != m.ID {
		t.Errorf("StartedThreads = %+v; want the one thread", got)
	}
}
