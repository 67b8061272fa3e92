package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/retrievaltest"
)

// gated is an Answerer that holds every question until released: a slow index.
type gated struct {
	ix      *retrieval.Index
	entered chan struct{}
	release chan struct{}
}

func newGated(t *testing.T) *gated {
	return &gated{ix: retrievaltest.BundledIndex(t), entered: make(chan struct{}, 16), release: make(chan struct{})}
}

func (g *gated) Answer(ctx context.Context, q retrieval.Query) (retrieval.Result, error) {
	g.entered <- struct{}{}
	select {
	case <-g.release:
	case <-ctx.Done():
		return retrieval.Result{}, ctx.Err()
	}
	return g.ix.Answer(ctx, q)
}

type answerFunc func(ctx context.Context, q retrieval.Query) (retrieval.Result, error)

func (f answerFunc) Answer(ctx context.Context, q retrieval.Query) (retrieval.Result, error) {
	return f(ctx, q)
}

func TestE2ERESTRateLimit(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: bot.Config{MaxRetryAfter: 2 * time.Second}})
	// The first edit is refused with a 429: the bot waits as told and retries.
	h.fake.FailNext("PATCH", "/webhooks/", 429, `{"message":"You are being rate limited.","retry_after":0.3,"global":false}`)
	begin := time.Now()
	in, m := h.finished(h.fake.Command(guild, "ask", opt("question", question)))
	if len(m.Embeds) == 0 || in.Edits != 1 {
		t.Fatalf("after a 429 the answer was not delivered: edits %d, %+v", in.Edits, m)
	}
	if took := time.Since(begin); took < 300*time.Millisecond {
		t.Errorf("answer delivered %v after a 429 asking for 300 ms", took)
	}
	statuses := []int{}
	for _, r := range h.fake.Requests() {
		if r.Method == "PATCH" {
			statuses = append(statuses, r.Status)
		}
	}
	if len(statuses) != 2 || statuses[0] != 429 || statuses[1] != 200 {
		t.Errorf("PATCH statuses = %v; want [429 200]", statuses)
	}
	// A 429 asking for longer than the cap is not obeyed: the bot gives up and logs it.
	h.fake.FailNext("PATCH", "/webhooks/", 429, `{"message":"You are being rate limited.","retry_after":3600,"global":false}`)
	begin = time.Now()
	id := h.fake.Command(guild, "ask", opt("question", question))
	h.fake.Wait(t, waitLong, "the capped 429 logged", func() bool {
		return strings.Contains(h.logs.String(), "interaction="+id) && strings.Contains(h.logs.String(), "rate limited by discord for 1h0m0s")
	})
	if took := time.Since(begin); took > 5*time.Second {
		t.Errorf("a 1-hour retry_after held the answer for %v", took)
	}
}

func TestE2EGatewayReconnect(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.fake.CloseGateway(0, 4000) // unknown error: Discord expects a resume
	// Sent while the bot is away: Discord replays it when the bot resumes.
	missed := h.fake.Command(guild, "ask", opt("question", question))
	h.fake.Wait(t, waitLong, "reconnected", func() bool { return h.fake.Connected(0) && h.bot.Connected() })
	_, m := h.finished(missed)
	expectAnswer(t, m, question)
	_, m = h.finished(h.fake.Command(guild, "ask", opt("question", question)))
	expectAnswer(t, m, question)
	if n := len(h.fake.Identifies()); n != 1 {
		t.Errorf("%d IDENTIFYs; want 1 (the reconnect resumes)", n)
	}
	// A plain TCP-level drop (no close frame) reconnects too.
	h.fake.CloseGateway(0, 1001)
	h.fake.Wait(t, waitLong, "reconnected again", func() bool { return h.fake.Connected(0) && h.bot.Connected() })
	_, m = h.finished(h.fake.Command(guild, "help"))
	if len(m.Embeds) == 0 {
		t.Errorf("/help after the second reconnect = %+v", m)
	}
	// Discord asks for a reconnect (op 7): discordgo closes, the runner reopens.
	h.fake.RequestReconnect(0)
	h.fake.Wait(t, waitLong, "reconnected after op 7", func() bool {
		return strings.Count(h.logs.String(), "gateway connection lost; reconnecting") >= 3 && h.fake.Connected(0) && h.bot.Connected()
	})
	_, m = h.finished(h.fake.Command(guild, "sources"))
	if len(m.Embeds) == 0 {
		t.Errorf("/sources after op 7 = %+v", m)
	}
}

func TestE2ECloseCode4004(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		code   int
		target error
		later  bool // close after a successful start instead of at the first IDENTIFY
	}{
		{"bad token at start", 4004, bot.ErrBadToken, false},
		{"token revoked while connected", 4004, bot.ErrBadToken, true},
		{"disallowed intents", 4014, bot.ErrDisallowedIntents, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := setup{noWait: !tt.later}
			if !tt.later {
				// Refused before the bot first connects, not raced against its IDENTIFY.
				s.beforeRun = func(f *discordtest.Server) { f.RefuseNext(0, tt.code) }
			}
			h := start(t, s)
			if tt.later {
				h.fake.RefuseNext(0, tt.code) // the reconnect is refused too
				h.fake.CloseGateway(0, tt.code)
			}
			err := h.returned(fmt.Sprintf("RunGateway kept reconnecting after close code %d", tt.code))
			if !errors.Is(err, tt.target) {
				t.Fatalf("RunGateway = %v; want %v", err, tt.target)
			}
			var ge *bot.GatewayError
			if !errors.As(err, &ge) || ge.Code != tt.code {
				t.Errorf("RunGateway = %#v; want a *GatewayError with code %d", err, tt.code)
			}
			if h.bot.Connected() {
				t.Errorf("Connected() after a fatal close")
			}
		})
	}
}

func TestE2EShutdownWithQuestionInFlight(t *testing.T) {
	t.Parallel()
	g := newGated(t)
	h := start(t, setup{answerer: g})
	id := h.fake.Command(guild, "ask", opt("question", question))
	<-g.entered // the index is working on it, slowly
	in, _ := h.fake.Interaction(id)
	if len(in.Callbacks) != 1 || in.Callbacks[0] != 5 {
		t.Fatalf("a slow answer was not deferred at once: callbacks %v", in.Callbacks)
	}
	h.stop() // SIGTERM
	h.fake.Wait(t, waitLong, "shutdown to begin", func() bool { return strings.Contains(h.logs.String(), "waiting for questions in flight") })
	// A new question while draining gets a short answer, not silence.
	late := h.fake.Command(guild, "ask", opt("question", question))
	_, m := h.finished(late)
	if !strings.Contains(m.Content, "restarting") {
		t.Errorf("question during shutdown got %+v", m)
	}
	select {
	case err := <-h.done:
		t.Fatalf("RunGateway returned (%v) with a question in flight", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(g.release)
	_, m = h.finished(id)
	expectAnswer(t, m, question)
	if err := h.returned("RunGateway did not return after the last answer"); err != nil {
		t.Errorf("RunGateway after shutdown = %v; want nil", err)
	}
}

func TestE2EShutdownTimeout(t *testing.T) {
	t.Parallel()
	g := newGated(t) // never released
	h := start(t, setup{answerer: g, cfg: bot.Config{ShutdownTimeout: 200 * time.Millisecond}})
	h.fake.Command(guild, "ask", opt("question", question))
	<-g.entered
	h.stop()
	if err := h.returned("RunGateway waited past the shutdown timeout"); err != nil {
		t.Errorf("RunGateway = %v; want nil", err)
	}
}

func TestE2EErrorsAndPanics(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	a := answerFunc(func(ctx context.Context, q retrieval.Query) (retrieval.Result, error) {
		switch calls.Add(1) {
		case 1:
			return retrieval.Result{}, errors.New("index file /var/lib/docent/index is corrupt")
		case 2:
			panic("boom")
		case 3:
			return retrieval.Result{}, &retrieval.QueryError{Reason: "Your question has no words I can search for."}
		}
		return retrievaltest.BundledIndex(t).Answer(ctx, q)
	})
	h := start(t, setup{answerer: a})
	cases := []struct {
		want, log string
	}{
		{"couldn't search the corpus", "answer failed"},
		{"couldn't search the corpus", "panic while handling an interaction"},
		{"no words I can search for", ""},
	}
	for i, c := range cases {
		id := h.fake.Command(guild, "ask", opt("question", question))
		_, m := h.finished(id)
		if !strings.Contains(m.Content, c.want) || !m.Ephemeral() || strings.Contains(m.Content, "corrupt") {
			t.Errorf("case %d: reply %+v; want an ephemeral %q without details", i, m, c.want)
		}
		if c.log != "" && !strings.Contains(h.logs.String(), "interaction="+id) {
			t.Errorf("case %d: the log lacks the interaction id %s", i, id)
		}
		if c.log != "" && !strings.Contains(h.logs.String(), c.log) {
			t.Errorf("case %d: the log lacks %q", i, c.log)
		}
	}
	// The bot still answers after all that.
	_, m := h.finished(h.fake.Command(guild, "ask", opt("question", question)))
	expectAnswer(t, m, question)
}

func TestE2ETwoShards(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: bot.Config{ShardCount: bot.ShardsAuto}, fake: discordtest.Options{Shards: 2}, noWait: true})
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	for shard := range 2 {
		if err := h.fake.WaitConnected(ctx, shard); err != nil {
			t.Fatal(err)
		}
	}
	h.fake.Wait(t, waitLong, "both shards connected", h.bot.Connected)
	seen := map[[2]int]bool{}
	for _, id := range h.fake.Identifies() {
		if id.Shard == nil {
			t.Fatalf("IDENTIFY without a shard with two shards")
		}
		seen[*id.Shard] = true
	}
	if !seen[[2]int{0, 2}] || !seen[[2]int{1, 2}] {
		t.Errorf("identified shards %v; want [0 2] and [1 2]", seen)
	}
	for shard := range 2 {
		v := discordtest.Invoke{Shard: shard, GuildID: "g" + string(rune('0'+shard)), UserID: "u" + string(rune('0'+shard))}
		_, m := h.finished(h.fake.Command(v, "ask", opt("question", question)))
		expectAnswer(t, m, question)
	}
	// A drop on one shard leaves the other serving, and the dropped one comes back.
	h.fake.CloseGateway(1, 4000)
	_, m := h.finished(h.fake.Command(discordtest.Invoke{Shard: 0, GuildID: "g0"}, "help"))
	if len(m.Embeds) == 0 {
		t.Errorf("/help on shard 0 while shard 1 reconnects = %+v", m)
	}
	h.fake.Wait(t, waitLong, "shard 1 back", func() bool { return h.fake.Connected(1) && h.bot.Connected() })
}

func TestE2EStaticShard(t *testing.T) {
	t.Parallel()
	h := start(t, setup{cfg: bot.Config{ShardID: 1, ShardCount: 3}})
	ids := h.fake.Identifies()
	if len(ids) != 1 || ids[0].Shard == nil || *ids[0].Shard != [2]int{1, 3} {
		t.Fatalf("IDENTIFY shards = %+v; want [1 3]", ids)
	}
	_, m := h.finished(h.fake.Command(discordtest.Invoke{Shard: 1, GuildID: "g1"}, "sources"))
	if len(m.Embeds) == 0 {
		t.Errorf("/sources on shard 1 = %+v", m)
	}
}

func TestE2EConcurrencyCap(t *testing.T) {
	t.Parallel()
	g := newGated(t)
	h := start(t, setup{answerer: g, cfg: bot.Config{MaxConcurrent: 1, QueueTimeout: 200 * time.Millisecond}})
	first := h.fake.Command(guild, "ask", opt("question", question))
	<-g.entered // the only slot is taken
	second := h.fake.Command(discordtest.Invoke{GuildID: "g1", UserID: "u2"}, "ask", opt("question", question))
	in, m := h.finished(second)
	if in.Callbacks[0] != 5 || !strings.Contains(m.Content, "a lot of questions") || !m.Ephemeral() {
		t.Errorf("question over the concurrency cap: callbacks %v, reply %+v", in.Callbacks, m)
	}
	close(g.release)
	_, m = h.finished(first)
	expectAnswer(t, m, question)
	h.fake.Wait(t, waitLong, "the observer to count it", func() bool { return h.obs.count("slash/rate_limited") == 1 })
}

func TestE2EShutdownDuringHandshake(t *testing.T) {
	t.Parallel()
	h := start(t, setup{fake: discordtest.Options{HoldReady: true}, noWait: true})
	h.fake.Wait(t, waitLong, "IDENTIFY", func() bool { return len(h.fake.Identifies()) > 0 })
	h.stop() // discordgo's Open is waiting for a READY that never comes
	if err := h.returned("RunGateway hung in the gateway handshake after cancel"); err != nil {
		t.Errorf("RunGateway = %v; want nil", err)
	}
}
