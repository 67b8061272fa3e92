package bot_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
)

type reindexer struct {
	calls chan struct{}
	err   error
}

func (r *reindexer) Reindex(ctx context.Context) error {
	r.calls <- struct{}{}
	return r.err
}

func TestE2EReindex(t *testing.T) {
	t.Parallel()
	r := &reindexer{calls: make(chan struct{}, 4)}
	h := start(t, setup{reindex: r, cfg: bot.Config{GuildID: "g1"}})
	h.fake.Wait(t, waitLong, "commands registered", func() bool { return len(h.fake.Commands("g1")) > 0 })
	var perm string
	for _, raw := range h.fake.Commands("g1") {
		var c struct {
			Name string
			Perm *string `json:"default_member_permissions"`
		}
		json.Unmarshal(raw, &c)
		if c.Name == "reindex" && c.Perm != nil {
			perm = *c.Perm
		}
	}
	if perm != "32" {
		t.Errorf("/reindex default_member_permissions = %q; want \"32\" (Manage Server)", perm)
	}
	// Discord hides the command from others, but a stale client or a server override
	// can still send it: the member's permissions are checked when it runs.
	_, m := h.finished(h.fake.Command(discordtest.Invoke{GuildID: "g1", Permissions: "8192"}, "reindex"))
	if !strings.Contains(m.Content, "Manage Server") || len(r.calls) != 0 {
		t.Errorf("/reindex without Manage Server: %+v, %d rebuilds", m, len(r.calls))
	}
	_, m = h.finished(h.fake.Command(discordtest.Invoke{ChannelID: "dm"}, "reindex"))
	if !strings.Contains(m.Content, "Manage Server") || len(r.calls) != 0 {
		t.Errorf("/reindex in a DM: %+v, %d rebuilds", m, len(r.calls))
	}
	_, m = h.finished(h.fake.Command(discordtest.Invoke{GuildID: "g1", Permissions: "40"}, "reindex"))
	if !strings.Contains(m.Content, "rebuilt") || len(r.calls) != 1 || !m.Ephemeral() {
		t.Errorf("/reindex with Manage Server: %+v, %d rebuilds", m, len(r.calls))
	}
	r.err = errors.New("corpus folder unreadable")
	_, m = h.finished(h.fake.Command(discordtest.Invoke{GuildID: "g1", Permissions: "32"}, "reindex"))
	if !strings.Contains(m.Content, "previous index keeps answering") || strings.Contains(m.Content, "unreadable") {
		t.Errorf("/reindex failing: %+v", m)
	}
}
