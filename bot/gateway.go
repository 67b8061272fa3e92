package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Errors RunGateway returns instead of reconnecting forever.
var (
	ErrBadToken          = errors.New("discord rejected the token (close code 4004); check DISCORD_TOKEN")
	ErrDisallowedIntents = errors.New("discord refused a privileged intent the application may not use (close code 4014); enable it in the developer portal or drop it")
)

// GatewayError is a gateway close that reconnecting cannot fix. errors.Is matches
// ErrBadToken for 4004 and ErrDisallowedIntents for 4014.
type GatewayError struct {
	Shard int
	Code  int
}

var fatalCodes = map[int]string{
	4004: "authentication failed",
	4010: "invalid shard; check DISCORD_SHARD_ID and DISCORD_SHARD_COUNT",
	4011: "sharding required; set DISCORD_SHARD_COUNT=auto",
	4012: "invalid API version",
	4013: "invalid intents",
	4014: "disallowed intents",
}

func (e *GatewayError) Error() string {
	switch e.Code {
	case 4004:
		return ErrBadToken.Error()
	case 4014:
		return ErrDisallowedIntents.Error()
	}
	return fmt.Sprintf("discord closed the gateway of shard %d with %d (%s)", e.Shard, e.Code, fatalCodes[e.Code])
}

// Is makes errors.Is(err, ErrBadToken) and errors.Is(err, ErrDisallowedIntents) work.
func (e *GatewayError) Is(target error) bool {
	return (target == ErrBadToken && e.Code == 4004) || (target == ErrDisallowedIntents && e.Code == 4014)
}

// RunGateway connects to Discord's gateway, one session per shard (Config.ShardID and
// ShardCount; ShardsAuto asks Discord for the recommended count and runs them all), and
// serves interactions and messages until ctx ends. Then it stops taking questions, lets
// those in flight finish (up to ShutdownTimeout), closes the sessions and returns nil.
// A dropped connection is reopened with backoff; a close that cannot be fixed by
// reconnecting (4004 bad token, 4014 disallowed intents, 4010–4013) ends it with a
// *GatewayError.
func (b *Bot) RunGateway(ctx context.Context) error {
	first, count, err := b.shardRange(ctx)
	if err != nil {
		return err
	}
	b.shards.Store(int32(len(first)))
	defer b.shards.Store(0)
	// Answers run on a context that outlives ctx by the shutdown grace period.
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()

	runCtx, stopShards := context.WithCancel(ctx)
	defer stopShards()
	errs := make(chan error, len(first))
	sessions := make([]*discordgo.Session, len(first))
	for n, id := range first {
		s, sh := b.shardSession(work, id, count)
		sessions[n] = s
		go func() { errs <- b.runShard(runCtx, s, sh) }()
	}
	var fatal error
	for range first {
		if err := <-errs; err != nil && fatal == nil {
			fatal = err
			stopShards() // one fatal shard stops the others
		}
	}
	// Every shard loop has returned; sessions may still be open.
	grace, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.ShutdownTimeout)
	if err := b.Shutdown(grace); err != nil {
		b.log.Warn("answers still in flight at shutdown are abandoned", "err", err)
	}
	cancel()
	stopWork()
	var wg sync.WaitGroup
	for _, s := range sessions {
		wg.Add(1)
		go func() { defer wg.Done(); s.Close() }() // each Close sleeps about a second
	}
	wg.Wait()
	b.log.Info("gateway closed")
	return fatal
}

// shardRange returns the shard ids this process runs and the total count.
func (b *Bot) shardRange(ctx context.Context) ([]int, int, error) {
	switch n := b.cfg.ShardCount; {
	case n == ShardsAuto:
		var gb *discordgo.GatewayBotResponse
		err := b.call(ctx, func(opts ...discordgo.RequestOption) error {
			var err error
			gb, err = b.rest.GatewayBot(opts...)
			return err
		})
		if err != nil {
			return nil, 0, fmt.Errorf("ask discord for the shard count: %w", err)
		}
		count := max(gb.Shards, 1)
		ids := make([]int, count)
		for i := range ids {
			ids[i] = i
		}
		b.log.Info("running the recommended shards", "count", count)
		return ids, count, nil
	case n > 1:
		return []int{b.cfg.ShardID}, n, nil
	}
	return []int{0}, 1, nil
}

// shard is a gateway session's bookkeeping, kept by the handlers and the close sniffer.
type shard struct {
	id        int
	closeCode atomic.Int32 // last close code the server sent
	connected atomic.Bool
	drops     chan struct{} // a disconnect happened

	mu   sync.Mutex
	conn *gwConn // the newest raw connection
}

func (sh *shard) setConn(c *gwConn) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.conn = c
}

func (sh *shard) current() *gwConn {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.conn
}

// cut closes the raw connection, failing whatever discordgo is reading from it.
func (sh *shard) cut() {
	if c := sh.current(); c != nil {
		c.Close()
	}
}

// openTimeout bounds the gateway handshake: discordgo's Open waits for READY forever.
const openTimeout = 30 * time.Second

// open runs s.Open, cutting the connection when ctx ends or the handshake takes longer
// than openTimeout, so that neither a shutdown nor a reconnect can hang on it.
func (sh *shard) open(ctx context.Context, s *discordgo.Session) error {
	ctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	stop := context.AfterFunc(ctx, sh.cut)
	err := s.Open()
	if !stop() && err == nil {
		// The cut raced a successful Open; the read loop will see the closed
		// connection and report a drop.
		return nil
	}
	return err
}

// shardSession makes the session of one shard; work is the context answers run on.
func (b *Bot) shardSession(work context.Context, id, count int) (*discordgo.Session, *shard) {
	s := b.newSession()
	s.ShardID, s.ShardCount = id, count
	s.ShouldReconnectOnError = false // runShard reconnects, so it can stop on fatal codes
	// One cache for all shards: a channel's parent is found whichever shard saw it.
	s.State = b.state
	// The cache keeps a thread until it is deleted; one archived goes, so the cache holds
	// the live threads, not every thread seen since the start (an archived thread asked in
	// comes back by its unarchiving THREAD_UPDATE, or else from Discord).
	s.AddHandler(func(s *discordgo.Session, t *discordgo.ThreadUpdate) {
		if t.Channel != nil && t.ThreadMetadata != nil && t.ThreadMetadata.Archived {
			_ = s.State.ChannelRemove(t.Channel)
		}
	})
	// A guild docent leaves: discordgo drops the guild but keeps its channels and threads
	// (an outage, Unavailable, keeps everything: the guild comes back).
	s.AddHandler(func(s *discordgo.Session, g *discordgo.GuildDelete) {
		if !g.Unavailable && g.BeforeDelete != nil {
			forgetGuild(s.State, g.BeforeDelete)
		}
	})
	sh := &shard{id: id, drops: make(chan struct{}, 1)}
	s.Dialer = gatewayDialer(connHooks{
		dial:  sh.setConn,
		close: func(code int) { sh.closeCode.Store(int32(code)) },
		invalid: func() time.Duration {
			d := b.invalidWait()
			b.log.Warn("discord invalidated the gateway session; identifying again after a pause", "shard", id, "pause", d)
			return d
		},
		proxy: b.cfg.Proxy,
		tls:   b.gatewayTLS,
	})
	s.AddHandler(func(s *discordgo.Session, r *discordgo.Ready) {
		b.mu.Lock()
		if r.User != nil {
			b.botID = r.User.ID
		}
		if b.appID == "" && r.Application != nil {
			b.appID = r.Application.ID
		}
		app := b.appID
		b.mu.Unlock()
		b.log.Info("gateway ready", "shard", id, "shards", count)
		b.registerInBackground(work, app)
	})
	s.AddHandler(func(*discordgo.Session, *discordgo.Connect) {
		if sh.connected.CompareAndSwap(false, true) {
			b.connected.Add(1)
		}
	})
	s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) {
		if sh.connected.CompareAndSwap(true, false) {
			b.connected.Add(-1)
		}
		select {
		case sh.drops <- struct{}{}:
		default:
		}
	})
	s.AddHandler(func(s *discordgo.Session, e *discordgo.Event) {
		if e.Type != "INTERACTION_CREATE" {
			return
		}
		// Decoded from the raw event, not taken from discordgo's *InteractionCreate:
		// discordgo logs a payload with one field of the wrong shape and hands on an
		// interaction with nothing in it, not even the id and token a reply needs.
		i, err := DecodeInteraction(e.RawData)
		if i == nil {
			b.obs.Error("malformed")
			b.log.Warn("malformed interaction dropped: nothing to reply to", "shard", id, "err", err)
			return
		}
		b.HandleInteraction(work, i, b.RESTResponder(i))
	})
	s.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
		b.HandleMessage(work, s, m.Message)
	})
	s.AddHandler(func(s *discordgo.Session, t *discordgo.ThreadCreate) {
		b.HandleThread(work, t.Channel, t.NewlyCreated)
	})
	return s, sh
}

// runShard keeps one shard connected until ctx ends (nil) or a fatal close (error).
func (b *Bot) runShard(ctx context.Context, s *discordgo.Session, sh *shard) error {
	id := sh.id
	defer func() {
		if sh.connected.CompareAndSwap(true, false) {
			b.connected.Add(-1)
		}
	}()
	backoff := time.Second
	for {
		sh.closeCode.Store(0)
		drain(sh.drops) // a late Disconnect of the previous connection is not this one's
		err := sh.open(ctx, s)
		if ctx.Err() != nil {
			return nil
		}
		if errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			// A Disconnect of the previous connection arrived after the new one was up
			// (handlers run in goroutines): nothing dropped, keep watching this one.
			err = nil
		}
		if code := closeCode(err, sh); fatalCodes[code] != "" {
			b.obs.Error("gateway")
			return &GatewayError{Shard: id, Code: code}
		}
		if err != nil {
			b.obs.Error("gateway")
			b.log.Warn("gateway connect failed; retrying", "shard", id, "err", err, "in", backoff)
			if !sleep(ctx, backoff) {
				return nil
			}
			backoff = min(backoff*2, time.Minute)
			continue
		}
		backoff = time.Second
		if !b.watch(ctx, s, sh) {
			return nil
		}
		if code := int(sh.closeCode.Load()); fatalCodes[code] != "" {
			b.obs.Error("gateway")
			return &GatewayError{Shard: id, Code: code}
		}
		b.log.Warn("gateway connection lost; reconnecting", "shard", id, "close_code", sh.closeCode.Load())
		if !sleep(ctx, 100*time.Millisecond) {
			return nil
		}
	}
}

// closeCode is the close code behind a failed Open, or the last one the server sent.
func closeCode(err error, sh *shard) int {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Code
	}
	if err != nil {
		return int(sh.closeCode.Load())
	}
	return 0
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// forgetGuild removes the channels and threads of guild g, already removed, from the
// cache. discordgo's ChannelRemove needs the channel's guild, so g is put back for the
// moment it takes.
func forgetGuild(st *discordgo.State, g *discordgo.Guild) {
	if err := st.GuildAdd(g); err != nil {
		return
	}
	for _, c := range append(slices.Clone(g.Channels), g.Threads...) {
		_ = st.ChannelRemove(c)
	}
	_ = st.GuildRemove(g)
}
