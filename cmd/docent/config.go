package main

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"

	"github.com/docent-bot/docent/retrieval"
)

// Config is every setting docent reads, once, from the environment (caarlos0/env).
// Command-line flags override some of them. deploy/docent.env.example lists exactly
// these variables; a test keeps the two in step.
type Config struct {
	// Corpus and index.
	CorpusDir         string  `env:"DOCENT_CORPUS_DIR"`          // empty: the bundled corpus
	IndexDir          string  `env:"DOCENT_INDEX_DIR"`           // empty: <user cache dir>/docent/index
	DataDir           string  `env:"DOCENT_DATA_DIR"`            // empty: <user data dir>/docent
	K                 int     `env:"DOCENT_K" envDefault:"3"`    // passages per answer
	NoAnswerThreshold float64 `env:"DOCENT_NO_ANSWER_THRESHOLD"` // a confidence; 0: the fitted default, negative: never refuse
	Reload            bool    `env:"DOCENT_RELOAD" envDefault:"true"`
	IndexReadOnly     bool    `env:"DOCENT_INDEX_READONLY"` // answer from the index folder alone; never write it

	// Logging.
	LogLevel  string `env:"DOCENT_LOG_LEVEL" envDefault:"info"`
	LogFormat string `env:"DOCENT_LOG_FORMAT" envDefault:"text"`

	// Discord.
	Token            string `env:"DISCORD_TOKEN"`
	AppID            string `env:"DISCORD_APP_ID"`
	GuildID          string `env:"DISCORD_GUILD_ID"`
	PublicKey        string `env:"DISCORD_PUBLIC_KEY"`
	ShardID          int    `env:"DISCORD_SHARD_ID" envDefault:"0"`
	ShardCount       string `env:"DISCORD_SHARD_COUNT" envDefault:"1"` // a number or "auto"
	Gateway          bool   `env:"DOCENT_GATEWAY" envDefault:"true"`
	RegisterCommands bool   `env:"DOCENT_REGISTER_COMMANDS" envDefault:"true"`

	// Serving.
	RateLimit       int           `env:"DOCENT_RATE_LIMIT" envDefault:"5"` // questions per user per window
	RateWindow      time.Duration `env:"DOCENT_RATE_WINDOW" envDefault:"30s"`
	MaxConcurrent   int           `env:"DOCENT_MAX_CONCURRENT" envDefault:"8"`     // answers computed at once
	ShutdownTimeout time.Duration `env:"DOCENT_SHUTDOWN_TIMEOUT" envDefault:"10s"` // for questions in flight
	HTTPAddr        string        `env:"DOCENT_HTTP_ADDR"`                         // Discord interactions endpoint
	AdminAddr       string        `env:"DOCENT_ADMIN_ADDR" envDefault:"127.0.0.1:9090"`

	// Community features (serve only).
	FAQDir      string `env:"DOCENT_FAQ_DIR"`      // "Save as answer" writes here, inside DOCENT_CORPUS_DIR
	FAQRole     string `env:"DOCENT_FAQ_ROLE"`     // role id that may save answers besides Manage Messages
	HelpRole    string `env:"DOCENT_HELP_ROLE"`    // "Ask a human" pings this role ...
	HelpChannel string `env:"DOCENT_HELP_CHANNEL"` // ... in this channel

	AutoChannels   []string `env:"DOCENT_AUTO_CHANNELS"`            // channel and forum ids answered unasked
	AutoConfidence float64  `env:"DOCENT_AUTO_CONFIDENCE"`          // 0: the engine's confident outcome only
	AutoReact      string   `env:"DOCENT_AUTO_REACT"`               // emoji when silent there; empty: none
	AutoRate       int      `env:"DOCENT_AUTO_RATE" envDefault:"6"` // questions per auto channel per minute
	MessageContent bool     `env:"DOCENT_MESSAGE_CONTENT"`          // the privileged intent, enabled in the portal
	AskThreads     bool     `env:"DOCENT_ASK_THREADS"`              // /ask's thread option defaults to true
	Scopes         string   `env:"DOCENT_SCOPES"`
}

// configProblems collects what is wrong with the configuration, so that every problem is
// reported at once. A problem that came from a flag makes the whole set a usage error.
type configProblems struct {
	errs   []error
	usage  bool
	failed map[string]bool // Config fields whose variable could not be parsed
}

func (p *configProblems) add(fromFlag bool, format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf(format, args...))
	p.usage = p.usage || fromFlag
}

// err returns nil, an error (exit 1) or a usageError (exit 2) listing every problem.
func (p *configProblems) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	msg := "configuration: " + errors.Join(p.errs...).Error()
	if len(p.errs) > 1 {
		msg = "configuration has " + strconv.Itoa(len(p.errs)) + " problems:\n  " +
			strings.ReplaceAll(errors.Join(p.errs...).Error(), "\n", "\n  ")
	}
	if p.usage {
		return usageError{msg}
	}
	return errors.New(msg)
}

// loadConfig reads Config from env (nil: the process environment). Values that cannot be
// parsed are reported as problems naming the variable; the rest of cfg is still filled.
func loadConfig(environ map[string]string) (Config, *configProblems) {
	var cfg Config
	probs := &configProblems{}
	err := env.ParseWithOptions(&cfg, env.Options{Environment: environ})
	if err == nil {
		return cfg, probs
	}
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		probs.add(false, "read environment: %w", err)
		return cfg, probs
	}
	for _, e := range agg.Errors {
		var pe env.ParseError
		if !errors.As(e, &pe) {
			probs.add(false, "%w", e)
			continue
		}
		name := envName(pe.Name)
		if probs.failed == nil {
			probs.failed = map[string]bool{}
		}
		probs.failed[pe.Name] = true
		probs.add(false, "%s=%q is not %s", name, lookupEnv(environ, name), describeType(pe.Type))
	}
	return cfg, probs
}

// envName is the variable behind a Config field.
func envName(field string) string {
	if f, ok := reflect.TypeFor[Config]().FieldByName(field); ok {
		if name, _, _ := strings.Cut(f.Tag.Get("env"), ","); name != "" {
			return name
		}
	}
	return field
}

func describeType(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[time.Duration]():
		return "a duration such as 30s, 5m or 1h30m"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "a whole number"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return "a number"
	default:
		return "a valid " + t.String()
	}
}

func lookupEnv(environ map[string]string, key string) string {
	if environ == nil {
		return os.Getenv(key)
	}
	return environ[key]
}

// check adds every out-of-range value in cfg to probs. set reports whether a field was
// given by a flag (then the problem names the flag and is a usage error).
func (cfg *Config) check(probs *configProblems, set func(field string) (flagName string, ok bool)) {
	bad := func(field, format string, args ...any) {
		if flagName, ok := set(field); ok {
			probs.add(true, "--"+flagName+" "+format, args...)
			return
		}
		if probs.failed[field] {
			return // already reported as unparsable
		}
		probs.add(false, envName(field)+" "+format, args...)
	}
	if cfg.K < 1 || cfg.K > retrieval.MaxK {
		bad("K", "must be between 1 and %d, not %d", retrieval.MaxK, cfg.K)
	}
	if math.IsNaN(cfg.NoAnswerThreshold) || math.IsInf(cfg.NoAnswerThreshold, 0) {
		bad("NoAnswerThreshold", "must be a finite number, not %v", cfg.NoAnswerThreshold)
	} else if cfg.NoAnswerThreshold > 1 {
		bad("NoAnswerThreshold", "is a confidence between 0 and 1 (negative never refuses), not %v", cfg.NoAnswerThreshold)
	}
	if _, ok := parseLevel(cfg.LogLevel); !ok {
		bad("LogLevel", "must be debug, info, warn or error, not %q", cfg.LogLevel)
	}
	if f := strings.ToLower(cfg.LogFormat); f != "text" && f != "json" {
		bad("LogFormat", "must be text or json, not %q", cfg.LogFormat)
	}
	if n, err := strconv.Atoi(cfg.ShardCount); cfg.ShardCount != "auto" && (err != nil || n < 1) {
		bad("ShardCount", "must be a number of shards (1 or more) or auto, not %q", cfg.ShardCount)
	} else if err == nil && (cfg.ShardID < 0 || cfg.ShardID >= n) {
		bad("ShardID", "must be between 0 and %d (DISCORD_SHARD_COUNT - 1), not %d", n-1, cfg.ShardID)
	}
	for _, f := range []struct {
		field string
		v     int
	}{{"RateLimit", cfg.RateLimit}, {"MaxConcurrent", cfg.MaxConcurrent}} {
		if f.v < 1 {
			bad(f.field, "must be 1 or more, not %d", f.v)
		}
	}
	for _, f := range []struct {
		field string
		d     time.Duration
	}{{"RateWindow", cfg.RateWindow}, {"ShutdownTimeout", cfg.ShutdownTimeout}} {
		if f.d <= 0 {
			bad(f.field, "must be a positive duration such as 30s, not %s", f.d)
		}
	}
}

// parseLevel maps DOCENT_LOG_LEVEL to a slog level.
func parseLevel(s string) (slog.Level, bool) {
	switch strings.ToLower(s) {
	case "debug":
		return slog.LevelDebug, true
	case "info", "":
		return slog.LevelInfo, true
	case "warn", "warning":
		return slog.LevelWarn, true
	case "error":
		return slog.LevelError, true
	}
	return 0, false
}
