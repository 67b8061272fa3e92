package bot

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiter(2, 30*time.Second)
	l.now = func() time.Time { return now }
	steps := []struct {
		user    string
		advance time.Duration
		ok      bool
		wait    time.Duration
	}{
		{"a", 0, true, 0},
		{"a", 10 * time.Second, true, 0},
		{"a", 5 * time.Second, false, 15 * time.Second},
		{"b", 0, true, 0},
		{"a", 15 * time.Second, true, 0}, // the first question left the window
		{"a", 0, false, 10 * time.Second},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		ok, wait := l.allow(s.user)
		if ok != s.ok || wait != s.wait {
			t.Errorf("step %d: allow(%q) = %v, %v; want %v, %v", i, s.user, ok, wait, s.ok, s.wait)
		}
	}
	now = now.Add(time.Hour)
	l.allow("c")
	if len(l.users) != 1 {
		t.Errorf("after an idle hour the limiter remembers %d users; want 1", len(l.users))
	}
	if ok, _ := newLimiter(-1, time.Second).allow("x"); !ok {
		t.Errorf("a negative limit should never refuse")
	}
	if got := waitSeconds(1500 * time.Millisecond); got != 2 {
		t.Errorf("waitSeconds(1.5s) = %d; want 2", got)
	}
}

func TestRedact(t *testing.T) {
	u := "https://discord.com/api/v9/webhooks/200/SECRET-TOKEN/messages/@original"
	if got := redactURL(u); strings.Contains(got, "SECRET") || !strings.Contains(got, "/webhooks/200/") {
		t.Errorf("redactURL(%q) = %q", u, got)
	}
	u = "https://discord.com/api/v9/interactions/123/SECRET-TOKEN/callback"
	err := redactErr(&url.Error{Op: "Post", URL: u, Err: errors.New("connection refused")})
	if strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("redactErr = %v", err)
	}
}
