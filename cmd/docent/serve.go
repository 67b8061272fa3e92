package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/feedback"
	"github.com/docent-bot/docent/bot/metrics"
	"github.com/docent-bot/docent/bot/webhook"
	"github.com/docent-bot/docent/corpus"
	"github.com/docent-bot/docent/retrieval"
	"github.com/docent-bot/docent/retrieval/live"
)

var (
	_ bot.Answerer  = (*live.Index)(nil)
	_ bot.Library   = (*live.Index)(nil)
	_ bot.Reindexer = (*live.Index)(nil)
	_ bot.Observer  = (*metrics.Metrics)(nil)
)

func runServe(ctx context.Context, m *Main, args []string) error {
	c := m.newCommand("serve", "docent serve [flags]",
		"Run the Discord bot: the gateway (DISCORD_TOKEN) and/or the HTTP interactions endpoint\n"+
			"(DOCENT_HTTP_ADDR, DISCORD_PUBLIC_KEY), with /healthz, /readyz and /metrics on\n"+
			"DOCENT_ADMIN_ADDR. Every setting comes from the environment; see deploy/docent.env.example.")
	c.Quiet = false
	c.corpusFlags()
	// Problems of serve's own settings are added first, so that parse reports them
	// together with every other configuration problem.
	sc := checkServe(c.cfg, c.probs)
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return c.usageErr("takes no arguments, got %q", rest[0])
	}
	return m.serve(ctx, c.cfg, sc, c.Log)
}

// serveConfig is what checkServe derived from Config.
type serveConfig struct {
	shardCount int // bot.ShardsAuto, or 1..n
	publicKey  []byte
	adminOff   bool
}

// checkServe adds to probs every problem of the settings only serve uses.
func checkServe(cfg Config, probs *configProblems) serveConfig {
	var sc serveConfig
	if strings.TrimSpace(strings.TrimPrefix(cfg.Token, "Bot ")) == "" {
		probs.add(false, "DISCORD_TOKEN is not set: put the bot token from the developer portal (Bot tab) in the environment")
	}
	if cfg.HTTPAddr != "" {
		switch key, err := webhook.ParsePublicKey(cfg.PublicKey); {
		case cfg.PublicKey == "":
			probs.add(false, "DISCORD_PUBLIC_KEY is not set: DOCENT_HTTP_ADDR serves HTTP interactions, which are verified with the application's public key (developer portal, General Information)")
		case err != nil:
			probs.add(false, "DISCORD_PUBLIC_KEY: %v", err)
		default:
			sc.publicKey = key
		}
	}
	if !cfg.Gateway && cfg.HTTPAddr == "" {
		probs.add(false, "DOCENT_GATEWAY=false needs DOCENT_HTTP_ADDR (and DISCORD_PUBLIC_KEY): without the gateway, interactions only arrive over HTTP")
	}
	if !cfg.Gateway && cfg.RegisterCommands && cfg.AppID == "" {
		probs.add(false, "DISCORD_APP_ID is not set: without the gateway docent cannot learn it, and DOCENT_REGISTER_COMMANDS=true needs it (or set DOCENT_REGISTER_COMMANDS=false)")
	}
	if cfg.AdminAddr == "off" {
		sc.adminOff = true
	} else if cfg.HTTPAddr != "" && cfg.HTTPAddr == cfg.AdminAddr && !strings.HasSuffix(cfg.HTTPAddr, ":0") {
		probs.add(false, "DOCENT_HTTP_ADDR and DOCENT_ADMIN_ADDR are both %s: they must differ", cfg.HTTPAddr)
	}
	checkCommunity(cfg, probs)
	sc.shardCount = 1
	if cfg.ShardCount == "auto" {
		sc.shardCount = bot.ShardsAuto
	} else if n, err := strconv.Atoi(cfg.ShardCount); err == nil && n > 0 {
		sc.shardCount = n // range problems are reported by Config.check
	}
	return sc
}

// serveHooksKey carries test hooks in the context: the fake Discord's HTTP client and a
// callback with the addresses the servers listen on.
type serveHooksKey struct{}

type serveHooks struct {
	discordClient *http.Client
	listening     func(admin, interactions string)
}

// serve runs until ctx ends (nil: a clean shutdown) or the gateway fails for good.
func (m *Main) serve(ctx context.Context, cfg Config, sc serveConfig, log *slog.Logger) (err error) {
	hooks, _ := ctx.Value(serveHooksKey{}).(*serveHooks)
	if hooks == nil {
		hooks = &serveHooks{}
	}
	s := &server{cfg: cfg, sc: sc, log: log, ready: &readiness{}}
	defer func() {
		if cerr := s.close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if err := s.open(ctx, m, hooks.discordClient); err != nil {
		return err
	}
	if err := s.listen(); err != nil {
		return err
	}
	if hooks.listening != nil {
		hooks.listening(s.adminAddr(), s.interactionsAddr())
	}
	return s.run(ctx)
}

// server is one running `docent serve`: what it opened, in the order it closes them.
type server struct {
	cfg   Config
	sc    serveConfig
	log   *slog.Logger
	ready *readiness

	index   *live.Index
	store   *feedback.Store
	metrics *metrics.Metrics
	bot     *bot.Bot

	work     context.Context // answers started over HTTP run on it; ends after draining
	stopWork context.CancelFunc
	admin    *httpServer
	http     *httpServer
	httpUp   atomic.Bool
}

// open loads the corpus and the index, the feedback store, the metrics and the bot.
func (s *server) open(ctx context.Context, m *Main, discordClient *http.Client) error {
	indexDir, err := m.indexDir(s.cfg)
	if err != nil {
		return err
	}
	dataDir, err := m.dataDir(s.cfg)
	if err != nil {
		return err
	}
	s.log.Info("opening the index", "corpus", orBundled(s.cfg.CorpusDir), "index", indexDir)
	opts := live.Options{
		Dir: indexDir,
		Load: func(ctx context.Context) (*corpus.Corpus, error) {
			return m.openCorpus(ctx, s.cfg, s.log)
		},
		OpenFirst: func(ctx context.Context) (live.Searcher, string) {
			if ix, fingerprint, _ := openStored(ctx, indexDir, s.cfg, s.log); ix != nil {
				return ix, fingerprint
			}
			return nil, "" // a nil *retrieval.Index is not a nil Searcher
		},
		IndexOptions: retrieval.Options{Logger: s.log, NoAnswerThreshold: s.cfg.NoAnswerThreshold, ReadOnly: s.cfg.IndexReadOnly},
		Logger:       s.log,
		ReadOnly:     s.cfg.IndexReadOnly,
	}
	s.index, err = live.Open(ctx, opts)
	var pathErr *fs.PathError
	if err != nil && s.cfg.IndexDir == "" && !s.cfg.IndexReadOnly && errors.As(err, &pathErr) && ctx.Err() == nil {
		// As for the other commands: a default cache folder that cannot be written
		// (read-only home, locked-down container) costs persistence, not the service.
		s.log.Warn("cannot write the index; keeping it in memory (set DOCENT_INDEX_DIR)", "dir", indexDir, "err", err)
		opts.Dir, opts.OpenFirst = "", nil
		s.index, err = live.Open(ctx, opts)
	}
	if err != nil {
		return err
	}
	st := s.index.Stats()
	s.log.Info("index ready", "documents", st.Documents, "passages", st.Passages, "rebuilt", st.Rebuilt, "reason", st.Reason)
	if s.store, err = feedback.Open(dataDir); err != nil {
		return err
	}
	s.ready.checks = append(s.ready.checks, readyCheck{"index", s.index.Ready})
	s.metrics = metrics.New(metrics.Options{Version: buildVersion(), Index: s.index.Status,
		Ready: func() bool { ok, _ := s.ready.ready(); return ok }})
	s.bot, err = bot.New(bot.Config{
		Token: s.cfg.Token, AppID: s.cfg.AppID, GuildID: s.cfg.GuildID,
		RegisterCommands: s.cfg.RegisterCommands && s.cfg.Gateway,
		ShardID:          s.cfg.ShardID, ShardCount: s.sc.shardCount,
		PageSize: s.cfg.K, RateLimit: s.cfg.RateLimit, RateWindow: s.cfg.RateWindow,
		MaxConcurrent: s.cfg.MaxConcurrent, ShutdownTimeout: s.cfg.ShutdownTimeout,
		HTTPClient: discordClient, Community: communityConfig(s.cfg), DataDir: dataDir,
	}, s.index, s.index, s.log, bot.WithFeedback(countedStore{s.store, s.metrics}), bot.WithObserver(s.metrics), bot.WithReindexer(s.index),
		bot.WithAfterSave(s.index.ReloadIfChanged))
	if err != nil {
		return err
	}
	if s.cfg.Gateway {
		s.ready.checks = append(s.ready.checks, readyCheck{"discord gateway", s.bot.Connected})
	}
	if s.cfg.HTTPAddr != "" {
		s.ready.checks = append(s.ready.checks, readyCheck{"http interactions", s.httpUp.Load})
	}
	return nil
}

// listen starts the admin server and the HTTP interactions endpoint.
func (s *server) listen() error {
	s.work, s.stopWork = context.WithCancel(context.Background())
	var err error
	if !s.sc.adminOff {
		if s.admin, err = startHTTP("admin", s.cfg.AdminAddr, adminHandler(s.ready, s.metrics.Handler()), s.log); err != nil {
			return err
		}
	}
	if s.cfg.HTTPAddr == "" {
		return nil
	}
	wh, err := webhook.New(webhook.Options{PublicKey: s.sc.publicKey, Handler: s.bot, Context: s.work,
		Logger: s.log, OnInteraction: s.metrics.Interaction})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle(webhook.Path, wh)
	if s.http, err = startHTTP("interactions", s.cfg.HTTPAddr, mux, s.log); err != nil {
		return err
	}
	s.httpUp.Store(true)
	return nil
}

func (s *server) adminAddr() string {
	if s.admin == nil {
		return ""
	}
	return s.admin.Addr()
}

func (s *server) interactionsAddr() string {
	if s.http == nil {
		return ""
	}
	return s.http.Addr()
}

// run serves until ctx ends or the gateway fails, then drains and stops.
func (s *server) run(ctx context.Context) error {
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	if s.cfg.Reload && s.cfg.CorpusDir != "" && !s.cfg.IndexReadOnly {
		go func() {
			err := live.Watch(runCtx, live.WatchOptions{Dir: s.cfg.CorpusDir, Logger: s.log,
				OnChange: s.index.ReloadIfChanged})
			if err != nil {
				s.log.Error("watching the corpus folder failed; reload with /reindex", "err", err)
			}
		}()
	}
	if !s.cfg.Gateway && s.cfg.RegisterCommands {
		go registerWithRetry(runCtx, s.bot, s.cfg.AppID, s.log, time.Second)
	}
	gateway := make(chan error, 1)
	if s.cfg.Gateway {
		go func() { gateway <- s.bot.RunGateway(runCtx) }()
	}
	s.log.Info("docent is serving", "gateway", s.cfg.Gateway, "http", s.cfg.HTTPAddr, "admin", s.adminAddr())

	var fatal error
	select {
	case <-ctx.Done():
		s.log.Info("shutting down: finishing the questions in flight", "timeout", s.cfg.ShutdownTimeout)
	case fatal = <-gateway:
		gateway <- nil // nothing more to wait for below
		if fatal == nil {
			fatal = errors.New("the gateway stopped unexpectedly")
		}
		s.log.Error("discord gateway failed", "err", fatal)
	}
	s.ready.draining.Store(true)
	stop()
	grace, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownTimeout)
	defer cancel()
	if s.http != nil {
		if err := s.http.shutdown(grace); err != nil {
			s.log.Warn("interactions server shutdown", "err", err)
		}
		s.http = nil
	}
	if err := s.bot.Shutdown(grace); err != nil {
		s.log.Warn("answers still in flight at shutdown are abandoned", "err", err)
	}
	if s.cfg.Gateway {
		if err := <-gateway; err != nil && fatal == nil {
			fatal = err
		}
	}
	if fatal != nil {
		return fmt.Errorf("serve: %w", fatal)
	}
	return nil
}

// close stops what is still running and closes the index and the store.
func (s *server) close() error {
	var errs []error
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if s.http != nil {
		errs = append(errs, s.http.shutdown(ctx))
	}
	if s.stopWork != nil {
		s.stopWork()
	}
	if s.admin != nil {
		errs = append(errs, s.admin.shutdown(ctx))
	}
	if s.index != nil {
		errs = append(errs, s.index.Close())
	}
	if s.store != nil {
		errs = append(errs, s.store.Close())
	}
	return errors.Join(errs...)
}

// countedStore counts every feedback entry (up, down, no_answer) as it is recorded.
type countedStore struct {
	*feedback.Store
	m *metrics.Metrics
}

func (c countedStore) Add(ctx context.Context, e feedback.Entry) error {
	err := c.Store.Add(ctx, e)
	if err == nil {
		c.m.Feedback(string(e.Kind))
	}
	return err
}

// registerWithRetry registers the commands (HTTP-only mode), retrying with exponential
// backoff up to 5 minutes between attempts until it succeeds or ctx ends. A failure is
// logged and never stops the answers.
func registerWithRetry(ctx context.Context, b interface {
	RegisterCommands(ctx context.Context, appID string) error
}, appID string, log *slog.Logger, wait time.Duration) {
	for attempt := 1; ; attempt++ {
		err := b.RegisterCommands(ctx, appID)
		if err == nil {
			log.Info("commands registered", "attempts", attempt)
			return
		}
		if ctx.Err() != nil {
			return
		}
		log.Error("command registration failed; retrying", "attempt", attempt, "in", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		wait = min(wait*2, 5*time.Minute)
	}
}

func orBundled(dir string) string {
	if dir == "" {
		return "(bundled)"
	}
	return dir
}
