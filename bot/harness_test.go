package bot_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/docent-bot/docent/bot/feedback"
	"github.com/docent-bot/docent/retrieval/retrievaltest"
)

type harness struct {
	t     testing.TB
	fake  *discordtest.Server
	bot   *bot.Bot
	store *feedback.Store
	logs  *discordtest.LogBuffer
	obs   *observer
	stop  context.CancelFunc
	done  chan error
}

type setup struct {
	cfg      bot.Config
	fake     discordtest.Options
	answerer bot.Answerer // nil: the bundled index
	reindex  bot.Reindexer
	noWait   bool // don't wait for the gateway (the test expects it to fail)
	opts     []bot.Option
	// beforeRun arranges the fake Discord before the bot first connects: a fault set after
	// start returns may come after the first IDENTIFY.
	beforeRun func(*discordtest.Server)
}

const waitLong = 10 * time.Second

// start runs the real RunGateway path against a fake Discord.
func start(t testing.TB, s setup) *harness {
	t.Helper()
	if s.fake.HeartbeatInterval == 0 {
		s.fake.HeartbeatInterval = time.Second
	}
	f := discordtest.New(t, s.fake)
	ix := retrievaltest.BundledIndex(t)
	var a bot.Answerer = ix
	if s.answerer != nil {
		a = s.answerer
	}
	store, err := feedback.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cfg := s.cfg
	cfg.Token = f.Token()
	cfg.HTTPClient = f.Client()
	cfg.RegisterCommands = true
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 5 * time.Second
	}
	logs := &discordtest.LogBuffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	obs := &observer{outcomes: map[string]int{}, errors: map[string]int{}}
	opts := []bot.Option{bot.WithFeedback(store), bot.WithObserver(obs)}
	if s.reindex != nil {
		opts = append(opts, bot.WithReindexer(s.reindex))
	}
	if s.fake.TLS {
		opts = append(opts, bot.WithGatewayTLS(f.TLSConfig()))
	}
	opts = append(opts, s.opts...)
	b, err := bot.New(cfg, a, ix, logger, opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &harness{t: t, fake: f, bot: b, store: store, logs: logs, obs: obs, stop: cancel, done: make(chan error, 1)}
	if s.beforeRun != nil {
		s.beforeRun(f)
	}
	go func() { h.done <- b.RunGateway(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-h.done:
		case <-time.After(waitLong):
			t.Errorf("RunGateway did not return after cancel")
		}
		if strings.Contains(logs.String(), strings.TrimPrefix(f.Token(), "Bot ")) {
			t.Errorf("the token appears in the log")
		}
		if t.Failed() {
			t.Logf("bot log:\n%s", logs.String())
		}
	})
	if !s.noWait {
		wctx, wcancel := context.WithTimeout(context.Background(), waitLong)
		defer wcancel()
		if err := f.WaitConnected(wctx, cfg.ShardID); err != nil {
			t.Fatal(err)
		}
		f.Wait(t, waitLong, "bot.Connected", b.Connected)
	}
	return h
}

// finished waits until the interaction has been acknowledged and, when it was deferred,
// edited; it returns the interaction and the message the user sees.
func (h *harness) finished(id string) (discordtest.Interaction, discordtest.Message) {
	h.t.Helper()
	var in discordtest.Interaction
	h.fake.Wait(h.t, waitLong, "interaction "+id+" answered", func() bool {
		in, _ = h.fake.Interaction(id)
		if in.Late {
			return true
		}
		if len(in.Callbacks) == 0 {
			return false
		}
		switch in.Callbacks[0] {
		case 5, 6:
			return in.Edits > 0 || len(in.Followups) > 0
		}
		return true
	})
	if in.Late {
		h.t.Fatalf("interaction %s acknowledged after Discord's deadline", id)
	}
	target := in.Original
	if len(in.Followups) > 0 {
		target = in.Followups[len(in.Followups)-1]
	}
	m, ok := h.fake.Message(target)
	if !ok {
		h.t.Fatalf("interaction %s: no message %s", id, target)
	}
	return in, m
}

// checkSafe asserts what every message must hold: no mention can ping.
func checkSafe(t *testing.T, f *discordtest.Server) {
	t.Helper()
	for _, r := range f.Requests() {
		if r.Method == "GET" || len(r.Body) == 0 || strings.HasSuffix(r.Path, "/commands") || strings.HasSuffix(r.Path, "/typing") ||
			strings.HasSuffix(r.Path, "/threads") { // a thread's name and settings, no message
			continue
		}
		var m struct {
			Type int                  `json:"type"`
			Data *discordtest.Message `json:"data"`
			discordtest.Message
		}
		if r.Status >= 400 && r.Status != 429 {
			t.Errorf("%s %s = %d: the bot sent something Discord refuses: %s", r.Method, r.Path, r.Status, r.Body)
		}
		json.Unmarshal(r.Body, &m)
		msg := m.Message
		if strings.HasPrefix(r.Path, "/interactions/") {
			if m.Type == 6 || m.Type == 8 || m.Type == 9 || m.Data == nil { // 9: a modal sends no message
				continue
			}
			msg = *m.Data
		}
		if r.Path == "/channels/"+helpChannel+"/messages" && helpOnly(msg) {
			continue // "Ask a human" pings the help role, and only it (checked in its test)
		}
		if !msg.MentionsNone() {
			t.Errorf("%s %s does not set allowed mentions to none: %s", r.Method, r.Path, r.Body)
		}
		text := strings.ReplaceAll(msg.Text(), "\u200b", "")
		if strings.Contains(msg.Text(), "@everyone") || strings.Contains(msg.Text(), "@here") {
			t.Errorf("%s %s shows a live @everyone/@here: %s", r.Method, r.Path, text)
		}
	}
}

func opt(name string, value any) discordtest.Option {
	typ := 3
	if _, ok := value.(bool); ok {
		typ = 5
	}
	return discordtest.Option{Name: name, Type: typ, Value: value}
}

var guild = discordtest.Invoke{GuildID: "g1", ChannelID: "c1"}

// observer records what the bot reports for metrics.
type observer struct {
	mu       sync.Mutex
	outcomes map[string]int // "surface/outcome"
	errors   map[string]int
}

func (o *observer) Question(s bot.Surface, out bot.Outcome, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.outcomes[s+"/"+out]++
}

func (o *observer) Error(step string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.errors[step]++
}

func (o *observer) count(key string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	if strings.Contains(key, "/") {
		return o.outcomes[key]
	}
	return o.errors[key]
}

// returned waits for RunGateway's result and leaves it for the cleanup; if RunGateway
// has not returned within waitLong, the test fails with the message hung.
func (h *harness) returned(hung string) error {
	h.t.Helper()
	select {
	case err := <-h.done:
		h.done <- err
		return err
	case <-time.After(waitLong):
		h.t.Fatal(hung)
		return nil
	}
}

// The "Ask a human" settings of the tests.
const (
	helpRole    = "777"
	helpChannel = "help1"
)

// helpOnly tells whether m may ping the help role and nothing else.
func helpOnly(m discordtest.Message) bool {
	a := m.AllowedMentions
	return a != nil && a.Parse != nil && len(a.Parse) == 0 && len(a.Users) == 0 && len(a.Roles) == 1 && a.Roles[0] == helpRole && !a.RepliedUser
}
