package bot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Interaction tokens: the first response within 3 s, edits and follow-ups for 15 min.
const (
	ackWindow  = 3 * time.Second
	tokenLife  = 15 * time.Minute
	maxBackoff = 5 * time.Second
)

// retry says how a REST call is retried.
type retry struct {
	// attempts on a transient failure (5xx, network error); 1: none retried. 429s are
	// counted apart and obeyed up to Config.MaxRetryAfter, three times.
	attempts int
	// expires, when set, is when the call becomes pointless (the interaction token's end):
	// no retry is started that would wait past it.
	expires time.Time
}

// replyRetry is the policy of a call that carries a member's answer.
func (b *Bot) replyRetry(expires time.Time) retry {
	return retry{attempts: b.cfg.RESTAttempts, expires: expires}
}

// call runs one REST request through discordgo, obeying a 429's retry_after up to
// MaxRetryAfter (at most three times) instead of discordgo's unbounded sleep. Other
// failures are returned at once.
func (b *Bot) call(ctx context.Context, f func(opts ...discordgo.RequestOption) error) error {
	return b.do(ctx, retry{attempts: 1}, func(ctx context.Context) error {
		return f(discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
	})
}

// deliver runs a discordgo REST call that carries a member's answer with the reply
// policy. discordgo's own 502 retries (immediate, holding its bucket) are off: the
// policy's backoff handles every 5xx alike.
func (b *Bot) deliver(ctx context.Context, expires time.Time, f func(opts ...discordgo.RequestOption) error) error {
	return b.do(ctx, b.replyRetry(expires), func(ctx context.Context) error {
		return f(discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false), discordgo.WithRestRetries(0))
	})
}

// do runs f until it succeeds, fails for good, or the policy gives up: a 429 waits its
// retry_after, a transient failure a jittered exponential backoff. The error returned
// is the last one, with tokens redacted; the caller logs and counts it, once.
func (b *Bot) do(ctx context.Context, p retry, f func(ctx context.Context) error) error {
	backoff := b.cfg.RESTBackoff
	limited := 0
	for attempt := 1; ; attempt++ {
		err := f(ctx)
		if err == nil {
			return nil
		}
		var wait time.Duration
		var rl *discordgo.RateLimitError
		switch {
		case ctx.Err() != nil:
			return redactErr(err)
		case errors.As(err, &rl):
			limited++
			attempt-- // a 429 is Discord's pacing, not a failure: it uses no attempt
			wait = rl.RetryAfter
			if limited > 3 || wait > b.cfg.MaxRetryAfter {
				return fmt.Errorf("rate limited by discord for %v on %s (attempt %d)", wait, redactURL(rl.URL), limited)
			}
			b.log.Warn("rate limited by discord", "wait", wait, "url", redactURL(rl.URL))
		case !transient(err):
			return redactErr(err)
		case attempt >= p.attempts:
			if p.attempts > 1 {
				return fmt.Errorf("gave up after %d attempts: %w", attempt, redactErr(err))
			}
			return redactErr(err)
		default:
			wait = jitter(backoff)
			backoff = min(2*backoff, maxBackoff)
			b.log.Debug("discord call failed; retrying", "attempt", attempt, "wait", wait, "err", redactErr(err))
		}
		if !p.expires.IsZero() && time.Now().Add(wait).After(p.expires) {
			return fmt.Errorf("interaction token expires before a retry in %v: %w", wait, redactErr(err))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// jitter spreads a backoff over [d/2, d), so that answers failed by one Discord hiccup
// are not retried all at the same instant.
func jitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2)
}

// transient tells whether a failed call may succeed if sent again: Discord's 5xx and
// network errors. 4xx are the bot's own mistakes (or a dead token) and are not retried.
func transient(err error) bool {
	var re *discordgo.RESTError
	if errors.As(err, &re) {
		return re.Response != nil && re.Response.StatusCode >= 500
	}
	// discordgo reports a 502 it no longer retries itself (WithRestRetries) with this text
	// only, not as a RESTError.
	if strings.HasPrefix(err.Error(), "Exceeded Max retries HTTP 5") {
		return true
	}
	var ue *url.Error
	var ne net.Error
	return errors.As(err, &ue) || errors.As(err, &ne)
}

// redactErr hides the interaction token in the URL of a transport error; other errors
// carry no URL.
func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue == err {
		return &url.Error{Op: ue.Op, URL: redactURL(ue.URL), Err: ue.Err}
	}
	return err
}

// redactURL drops interaction and webhook tokens from a REST URL before it is logged.
func redactURL(u string) string {
	parts := strings.Split(u, "/")
	for i := 0; i+2 < len(parts); i++ {
		if parts[i] == "webhooks" || parts[i] == "interactions" {
			parts[i+2] = "…"
		}
	}
	return strings.Join(parts, "/")
}
