package bot

import (
	"crypto/tls"
	"time"
)

// WithInvalidSessionWait replaces the random 1–5 s pause after op 9, so that tests are
// fast and can see the pause being taken.
func WithInvalidSessionWait(f func() time.Duration) Option {
	return func(b *Bot) { b.invalidWait = f }
}

// WithoutWatchdog leaves dead connections to discordgo, to measure what the watchdog saves.
func WithoutWatchdog() Option { return func(b *Bot) { b.noWatchdog = true } }

// WithGatewayTLS makes the gateway trust cfg's roots (a fake Discord's certificate).
func WithGatewayTLS(cfg *tls.Config) Option { return func(b *Bot) { b.gatewayTLS = cfg } }
