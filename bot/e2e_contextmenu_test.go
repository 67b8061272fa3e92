package bot_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
)

const manageMessages = "8192"

func TestE2EContextMenuCommands(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "faq")
	var reloads atomic.Int32
	h := start(t, setup{cfg: bot.Config{GuildID: "g1", Community: bot.Community{FAQDir: dir, FAQRole: "r-faq"}},
		opts: []bot.Option{bot.WithAfterSave(func(context.Context) error { reloads.Add(1); return nil })}})

	h.fake.Wait(t, waitLong, "commands registered", func() bool { return len(h.fake.Commands("g1")) > 0 })
	kinds := map[string]struct {
		Type int
		Perm *string `json:"default_member_permissions"`
	}{}
	for _, raw := range h.fake.Commands("g1") {
		var c struct {
			Name string
			Type int
			Perm *string `json:"default_member_permissions"`
		}
		json.Unmarshal(raw, &c)
		kinds[c.Name] = struct {
			Type int
			Perm *string `json:"default_member_permissions"`
		}{c.Type, c.Perm}
	}
	if k := kinds["Find sources"]; k.Type != 3 || k.Perm != nil {
		t.Errorf("Find sources registered as type %d, permissions %v; want a message command for everyone", k.Type, k.Perm)
	}
	if k := kinds["Save as answer"]; k.Type != 3 || k.Perm == nil || *k.Perm != manageMessages {
		t.Errorf("Save as answer registered as type %d, permissions %v; want a message command for Manage Messages", k.Type, k.Perm)
	}

	t.Run("find sources", func(t *testing.T) {
		msg := h.fake.PostUserMessage(discordtest.UserMessage{GuildID: "g1", Content: question})
		id := h.fake.MessageCommand(discordtest.Invoke{GuildID: "g1", UserID: "u5"}, "Find sources", msg, true)
		in, m := h.finished(id)
		if in.Callbacks[0] != 5 || !m.Ephemeral() {
			t.Errorf("Find sources: callbacks %v, ephemeral %v; want a deferred ephemeral reply", in.Callbacks, m.Ephemeral())
		}
		expectAnswer(t, m, question)
	})

	q := h.fake.PostUserMessage(discordtest.UserMessage{GuildID: "g1", Content: "How do I reset the widget?",
		Author: discordtest.User{ID: "u2", Username: "asker"}})
	a := h.fake.PostUserMessage(discordtest.UserMessage{GuildID: "g1", Content: "Hold the button for ten seconds until it blinks.",
		Author: discordtest.User{ID: "u3", Username: "helper"}, Nick: "Helpful Hana", ReplyTo: q})

	t.Run("save refused without permission", func(t *testing.T) {
		id := h.fake.MessageCommand(discordtest.Invoke{GuildID: "g1", UserID: "u6"}, "Save as answer", a, true)
		_, m := h.finished(id)
		if _, ok := h.fake.Modal(id); ok || !strings.Contains(m.Content, "Only members") {
			t.Errorf("Save as answer without permission: modal shown or reply %q", m.Content)
		}
		sub := h.fake.ModalSubmit(discordtest.Invoke{GuildID: "g1", UserID: "u6"}, "faq:c1:"+a,
			map[string]string{"title": "x", "answer": "y", "author": "z"}, "")
		if _, m := h.finished(sub); !strings.Contains(m.Content, "Only members") {
			t.Errorf("modal submit without permission: reply %q", m.Content)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("a refused save wrote %d files", len(entries))
		}
	})

	for _, tc := range []struct {
		name       string
		who        discordtest.Invoke
		referenced bool
	}{
		{"manage messages, reply fetched", discordtest.Invoke{GuildID: "g1", UserID: "u7", Permissions: manageMessages}, false},
		{"faq role, reply resolved", discordtest.Invoke{GuildID: "g1", UserID: "u8", Roles: []string{"r-faq"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := h.fake.MessageCommand(tc.who, "Save as answer", a, tc.referenced)
			h.fake.Wait(t, waitLong, "modal", func() bool { _, ok := h.fake.Modal(id); return ok })
			md, _ := h.fake.Modal(id)
			for field, want := range map[string]string{"title": "How do I reset the widget?", "question": "How do I reset the widget?",
				"answer": "Hold the button for ten seconds until it blinks.", "author": "Helpful Hana"} {
				if got, _ := md.Value(field); got != want {
					t.Errorf("modal field %s = %q; want %q", field, got, want)
				}
			}
			before := reloads.Load()
			sub := h.fake.ModalSubmit(tc.who, md.CustomID, map[string]string{"title": "Resetting the widget",
				"question": "How do I reset the widget?", "answer": "Hold the button for ten seconds until it blinks.",
				"author": "Helpful Hana"}, "")
			_, m := h.finished(sub)
			if !m.Ephemeral() || !strings.Contains(m.Content, "https://discord.com/channels/g1/c1/"+a) || !strings.Contains(m.Content, "indexed") {
				t.Errorf("confirmation %q: want an ephemeral message with the jump link, saying it is indexed", m.Content)
			}
			if reloads.Load() != before+1 {
				t.Errorf("the corpus was reloaded %d times; want once", reloads.Load()-before)
			}
		})
	}
	fetched := 0
	for _, r := range h.fake.Requests() {
		if r.Method == "GET" && r.Path == "/channels/c1/messages/"+q {
			fetched++
		}
	}
	if fetched != 1 {
		t.Errorf("the message replied to was fetched %d times; want once (when the payload lacked it)", fetched)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Fatalf("FAQ folder holds %d files; want 2 (one per save, never overwritten)", len(entries))
	}
	data, _ := os.ReadFile(filepath.Join(dir, entries[0].Name()))
	for _, want := range []string{"title: Resetting the widget", "author: Helpful Hana", "url: https://discord.com/channels/g1/c1/" + a,
		"**Question:** How do I reset the widget?", "Hold the button for ten seconds"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("%s lacks %q:\n%s", entries[0].Name(), want, data)
		}
	}
	checkSafe(t, h.fake)
}
