package main

import (
	"time"
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
	NoAnswerThreshold float64 `env:"DOCENT_NO_ANSWER_THRESHOLD"` // 0: the tuned default
	Reload            bool    `env:"DOCENT_RELOAD" envDefault:"true"`

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
}
