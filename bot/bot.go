// Package bot is docent's Discord front end: it turns slash commands, buttons, direct
// messages and mentions into retrieval queries and renders the results as Discord messages
// within Discord's limits.
//
// The core is transport-neutral. (*Bot).HandleInteraction serves one interaction; its
// first response goes through a Responder (NewRESTResponder for the gateway, or an
// InlineResponder whose response an HTTP interactions endpoint writes as its reply body),
// and everything after it — edits and follow-ups — goes through REST. RunGateway connects
// one gateway session per shard and feeds HandleInteraction and HandleMessage. A reply
// carries all the state its buttons need (custom ids plus the question, source and page in
// its footer), so the process holds nothing per question and any replica can serve a click.
//
// Wiring, for cmd/docent:
//
//	b, err := bot.New(bot.Config{Token: tok, GuildID: g, RegisterCommands: true, ...},
//		index, index, logger, bot.WithFeedback(store), bot.WithObserver(metrics))
//	err = b.RunGateway(ctx) // returns nil after a clean shutdown when ctx ends;
//	                        // errors.Is(err, bot.ErrBadToken) / bot.ErrDisallowedIntents
//
// HTTP mode uses the same Bot: b.HandleInteraction(workCtx, i, r) with an InlineResponder,
// b.RegisterCommands(ctx, appID) at start, b.Shutdown(ctx) on exit.
package bot

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/bot/feedback"
	"github.com/docent-bot/docent/retrieval"
)

// Answerer answers questions; *retrieval.Index is one.
type Answerer interface {
	Answer(ctx context.Context, q retrieval.Query) (retrieval.Result, error)
}

// Library lists the corpus' documents and looks passages up by id; *retrieval.Index is one.
type Library interface {
	Sources() []retrieval.Source
	Passage(id string) (retrieval.Passage, bool)
}

// Reindexer rebuilds the index on /reindex. Without one the command is not registered.
type Reindexer interface {
	Reindex(ctx context.Context) error
}

// FeedbackStore keeps 👍 / 👎 and unanswered questions; *feedback.Store is one.
type FeedbackStore interface {
	Add(ctx context.Context, e feedback.Entry) error
}

// ShardsAuto as Config.ShardCount runs Discord's recommended number of shards in this process.
const ShardsAuto = -1

// Config holds the bot's settings as plain fields; zero values take the defaults noted.
type Config struct {
	Token   string // bot token, with or without the "Bot " prefix; required, never logged
	AppID   string // application id; optional, READY supplies it
	GuildID string // register commands on this guild only (instant); empty: globally

	RegisterCommands bool // bulk-overwrite the commands when the gateway is first ready

	ShardID    int // this process' shard when ShardCount > 1
	ShardCount int // 0 or 1: one shard; n > 1: run shard ShardID of n; ShardsAuto: all recommended

	PageSize        int           // passages per /ask page (DOCENT_K); 3
	RateLimit       int           // questions per user per RateWindow; 5; negative: unlimited
	RateWindow      time.Duration // 30 s
	MaxConcurrent   int           // answers computed at once; 8
	QueueTimeout    time.Duration // longest wait for a free answer slot; 20 s
	AnswerTimeout   time.Duration // longest one answer may take; 60 s
	ShutdownTimeout time.Duration // longest wait for answers in flight at shutdown; 10 s
	MaxRetryAfter   time.Duration // longest 429 wait obeyed before giving up; 10 s
	RESTAttempts    int           // tries of a reply's REST call on 5xx and network errors; 5
	RESTBackoff     time.Duration // wait before its first retry, doubled each time, jittered; 250 ms

	Intents    discordgo.Intent // gateway intents; guild messages + direct messages (no privileged ones)
	HTTPClient *http.Client     // REST client; nil: discordgo's default. Tests point it at a fake.
	// Proxy picks the HTTP CONNECT proxy for a gateway connection; nil:
	// http.ProxyFromEnvironment (HTTPS_PROXY, NO_PROXY), as REST's default transport does.
	Proxy func(*http.Request) (*url.URL, error)

	// DataDir is where the DM conversations, those of docent's threads and the questions
	// sent to the helpers are saved, so that they survive a restart (conversations.json,
	// threads.json, asked.json); empty: memory only.
	DataDir string

	Community // context menus, follow-ups, help and auto-answer channels
}

func (c *Config) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.PageSize <= 0 {
		c.PageSize = retrieval.DefaultK
	}
	c.PageSize = min(c.PageSize, 10)
	if c.RateLimit == 0 {
		c.RateLimit = 5
	}
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = 8
	}
	def(&c.RateWindow, 30*time.Second)
	def(&c.QueueTimeout, 20*time.Second)
	def(&c.AnswerTimeout, 60*time.Second)
	def(&c.ShutdownTimeout, 10*time.Second)
	def(&c.MaxRetryAfter, 10*time.Second)
	def(&c.RESTBackoff, 250*time.Millisecond)
	if c.RESTAttempts <= 0 {
		c.RESTAttempts = 5
	}
	if c.Intents == 0 {
		c.Intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages
		if len(c.AutoChannels) > 0 || c.Scopes.needsParents() {
			// THREAD_CREATE: new forum posts; GUILD_CREATE and CHANNEL_*: the
			// channels' parents and categories that scopes go by
			c.Intents |= discordgo.IntentsGuilds
		}
		if c.MessageContent {
			c.Intents |= discordgo.IntentMessageContent
		}
	}
	if c.AutoRate <= 0 {
		c.AutoRate = 6
	}
	if c.Proxy == nil {
		c.Proxy = http.ProxyFromEnvironment
	}
}

// Option adds an optional collaborator to New.
type Option func(*Bot)

// WithObserver reports questions and errors to o (metrics).
func WithObserver(o Observer) Option { return func(b *Bot) { b.obs = o } }

// WithFeedback records 👍 / 👎 and unanswered questions in s.
func WithFeedback(s FeedbackStore) Option { return func(b *Bot) { b.fb = s } }

// WithReindexer enables /reindex (Manage Server only).
func WithReindexer(r Reindexer) Option { return func(b *Bot) { b.reindex = r } }

// Bot serves Discord. Create it with New.
type Bot struct {
	cfg     Config
	answer  Answerer
	lib     Library
	log     *slog.Logger
	obs     Observer
	fb      FeedbackStore
	reindex Reindexer
	comm    community          // state of the community features (community.go)
	saver   *convSaver         // keeps the conversations in Config.DataDir; nil without one
	rest    *discordgo.Session // REST only: channel messages, commands, gateway lookups
	state   *discordgo.State   // the shards' gateway cache: channels and threads
	parents *channelParents    // channels' parents and categories, for scopes
	hooks   *hooks             // interaction callbacks, edits and follow-ups

	limiter *limiter
	slots   chan struct{}

	mu       sync.Mutex
	draining bool
	inflight int
	idle     chan struct{}
	appID    string
	botID    string

	shards    atomic.Int32 // shards this process runs
	connected atomic.Int32 // of which connected
	register  sync.Once

	invalidWait func() time.Duration // pause after op 9; tests shorten it
	noWatchdog  bool                 // tests measure discordgo alone
	gatewayTLS  *tls.Config          // tests trust their fake's certificate
}

// New checks cfg and builds a Bot. answer and lib are usually the same *retrieval.Index.
func New(cfg Config, answer Answerer, lib Library, logger *slog.Logger, opts ...Option) (*Bot, error) {
	cfg.setDefaults()
	var problems []string
	if strings.TrimSpace(strings.TrimPrefix(cfg.Token, "Bot ")) == "" {
		problems = append(problems, "the Discord token is empty")
	}
	if answer == nil || lib == nil {
		problems = append(problems, "no index to answer from")
	}
	if cfg.ShardCount > 1 && (cfg.ShardID < 0 || cfg.ShardID >= cfg.ShardCount) {
		problems = append(problems, fmt.Sprintf("shard id %d is outside 0..%d", cfg.ShardID, cfg.ShardCount-1))
	}
	if cfg.ShardCount < ShardsAuto {
		problems = append(problems, fmt.Sprintf("shard count %d is invalid", cfg.ShardCount))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("bot config: %s", strings.Join(problems, "; "))
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	b := &Bot{cfg: cfg, answer: answer, lib: lib, log: logger, obs: NopObserver{},
		limiter: newLimiter(cfg.RateLimit, cfg.RateWindow), slots: make(chan struct{}, cfg.MaxConcurrent),
		appID: cfg.AppID, invalidWait: invalidSessionWait}
	for _, o := range opts {
		o(b)
	}
	if b.cfg.HTTPClient == nil {
		// All REST goes to one host: keep enough idle connections for a burst of
		// interactions instead of the default two (each new one is a TLS handshake).
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = 64
		b.cfg.HTTPClient = &http.Client{Timeout: 20 * time.Second, Transport: tr}
	}
	b.rest = b.newSession()
	b.state = newChannelState()
	b.parents = newChannelParents(b.state, b.fetchChannel, b.log)
	if b.cfg.DataDir != "" {
		b.initCommunity()
		b.saver = newConvSaver(b.cfg.DataDir, b.log, saveEvery,
			map[string]*convStore{dmFile: b.comm.convs, threadsFile: b.comm.threads, askedFile: b.comm.asked})
	}
	b.hooks = newHooks(b.cfg.HTTPClient, b.rest.Token, b.rest.UserAgent)
	return b, nil
}

// newSession makes a discordgo session with the bot's token and HTTP client, answering
// 429s itself (see call) so that a wait is bounded. Interaction replies bypass it (hooks).
func (b *Bot) newSession() *discordgo.Session {
	token := b.cfg.Token
	if !strings.HasPrefix(token, "Bot ") {
		token = "Bot " + token
	}
	s, _ := discordgo.New(token) // New fails only for e-mail logins
	s.Client = b.cfg.HTTPClient
	s.ShouldRetryOnRateLimit = false
	s.LogLevel = discordgo.LogError
	s.Identify.Intents = b.cfg.Intents
	return s
}

// REST returns the REST-only discordgo session the bot uses for commands and channel
// messages, for an HTTP interactions endpoint that needs one. Interaction replies (edits,
// follow-ups) don't go through it; see hooks.
func (b *Bot) REST() *discordgo.Session { return b.rest }

// Connected tells whether every gateway shard this process runs is connected (for
// /readyz); false before RunGateway.
func (b *Bot) Connected() bool {
	n := b.shards.Load()
	return n > 0 && b.connected.Load() == n
}

// AppID is the application id, from Config or READY; "" until known.
func (b *Bot) AppID() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.appID
}

// begin counts a question in flight; false once shutdown has begun.
func (b *Bot) begin() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.draining {
		return false
	}
	b.inflight++
	return true
}

func (b *Bot) end() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inflight--
	if b.inflight == 0 && b.idle != nil {
		close(b.idle)
		b.idle = nil
	}
}

// Shutdown stops taking new questions (they get a short "restarting" reply) and waits for
// those in flight until they finish or ctx ends; then, with a data folder, it saves the
// conversations. RunGateway calls it itself; calling it again does no harm.
func (b *Bot) Shutdown(ctx context.Context) error {
	err := b.drain(ctx)
	b.saver.close()
	return err
}

// drain stops taking new questions and waits for those in flight.
func (b *Bot) drain(ctx context.Context) error {
	b.mu.Lock()
	b.draining = true
	if b.inflight == 0 {
		b.mu.Unlock()
		return nil
	}
	if b.idle == nil {
		b.idle = make(chan struct{})
	}
	idle, n := b.idle, b.inflight
	b.mu.Unlock()
	b.log.Info("waiting for questions in flight", "count", n)
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("shutdown with questions in flight: %w", ctx.Err())
	}
}
