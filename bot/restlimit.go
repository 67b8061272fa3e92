package bot

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// restLimits follows Discord's REST rate limits for the interaction client (hooks). A
// bucket is a route with its major parameter (here the interaction token): Discord names
// the route's bucket in X-RateLimit-Bucket and counts the calls of each token in it apart,
// so a 429 on one member's token holds back that token only. A global 429 holds every
// call until it expires.
type restLimits struct {
	now func() time.Time

	mu      sync.Mutex
	hashes  map[string]string  // route → bucket id from X-RateLimit-Bucket
	buckets map[string]*bucket // bucket id (the route until Discord names it) + major → state
	global  time.Time          // no call before this: a global 429
	swept   time.Time
}

// bucket is what the last answer on a bucket said.
type bucket struct {
	remaining int       // calls left in the window, when known
	known     bool      // false until an answer carried X-RateLimit-Remaining
	reset     time.Time // when the window ends and remaining is full again
}

func newRESTLimits() *restLimits {
	return &restLimits{now: time.Now, hashes: map[string]string{}, buckets: map[string]*bucket{}}
}

// key names the bucket of a route and major parameter; l.mu must be held.
func (l *restLimits) key(route, major string) string {
	if h, ok := l.hashes[route]; ok {
		return h + " " + major
	}
	return route + " " + major
}

// wait blocks until a call on route and major may go (its bucket has a call left, or its
// window has ended, and no global limit is on), and takes one call from the bucket.
func (l *restLimits) wait(ctx context.Context, route, major string) error {
	for {
		d := l.reserve(route, major)
		if d <= 0 {
			return nil
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// reserve takes one call from the bucket and returns 0, or returns how long until the
// bucket (or the global limit) allows one.
func (l *restLimits) reserve(route, major string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	d := l.global.Sub(now)
	b := l.buckets[l.key(route, major)]
	if b != nil && b.known && b.remaining <= 0 {
		d = max(d, b.reset.Sub(now))
	}
	if d > 0 {
		return d
	}
	if b != nil && b.known {
		if !now.Before(b.reset) {
			b.known = false // a new window: the next answer tells its size
		} else {
			b.remaining--
		}
	}
	return 0
}

// update records what an answer said of its bucket: the headers, and for a 429 its wait
// (retryAfter) and whether the limit is global.
func (l *restLimits) update(route, major string, status int, h http.Header, retryAfter time.Duration, global bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if id := h.Get("X-RateLimit-Bucket"); id != "" {
		l.hashes[route] = id
	}
	if status == http.StatusTooManyRequests && (global || h.Get("X-RateLimit-Global") != "") {
		l.global = now.Add(retryAfter)
		return
	}
	k := l.key(route, major)
	b := l.buckets[k]
	if b == nil {
		b = &bucket{}
		l.buckets[k] = b
	}
	if r, err := strconv.Atoi(h.Get("X-RateLimit-Remaining")); err == nil {
		b.remaining, b.known = r, true
	}
	if s, err := strconv.ParseFloat(h.Get("X-RateLimit-Reset-After"), 64); err == nil {
		b.reset = now.Add(time.Duration(s * float64(time.Second)))
	}
	if status == http.StatusTooManyRequests {
		b.remaining, b.known = 0, true
		b.reset = maxTime(b.reset, now.Add(retryAfter))
	}
	if now.Sub(l.swept) > time.Minute {
		l.sweep(now)
	}
}

// sweep forgets buckets whose window ended a while ago: an interaction token is used for
// a few calls and then never again.
func (l *restLimits) sweep(now time.Time) {
	for k, b := range l.buckets {
		if now.Sub(b.reset) > time.Minute {
			delete(l.buckets, k)
		}
	}
	l.swept = now
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
