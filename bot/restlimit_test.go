package bot

import (
	"net/http"
	"testing"
	"time"
)

func TestRESTLimits(t *testing.T) {
	type answer struct {
		route, major string
		status       int
		header       map[string]string
		retryAfter   time.Duration
		global       bool
	}
	type check struct {
		route, major string
		want         time.Duration
	}
	const edit, followup = routeEdit, routeFollowup
	tests := []struct {
		name    string
		answers []answer
		advance time.Duration // of the clock, after the answers
		checks  []check       // reserve calls, in order
	}{
		{name: "unknown bucket goes at once", checks: []check{{edit, "a", 0}, {edit, "a", 0}}},
		{name: "remaining counts down", answers: []answer{
			{route: edit, major: "a", status: 200, header: map[string]string{"X-RateLimit-Remaining": "1", "X-RateLimit-Reset-After": "2.5"}},
		}, checks: []check{{edit, "a", 0}, {edit, "a", 2500 * time.Millisecond}, {edit, "b", 0}}},
		{name: "window over", answers: []answer{
			{route: edit, major: "a", status: 200, header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "1"}},
		}, advance: time.Second, checks: []check{{edit, "a", 0}, {edit, "a", 0}}},
		{name: "429 holds its token only", answers: []answer{
			{route: edit, major: "a", status: 429, retryAfter: 1500 * time.Millisecond},
		}, checks: []check{{edit, "a", 1500 * time.Millisecond}, {edit, "b", 0}, {followup, "a", 0}}},
		{name: "429 headers and body: the longer wait", answers: []answer{
			{route: edit, major: "a", status: 429, retryAfter: 2 * time.Second, header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "0.5"}},
		}, checks: []check{{edit, "a", 2 * time.Second}}},
		{name: "global 429 holds everyone", answers: []answer{
			{route: edit, major: "a", status: 429, retryAfter: time.Second, global: true},
		}, checks: []check{{edit, "a", time.Second}, {edit, "b", time.Second}, {followup, "c", time.Second}}},
		{name: "global header", answers: []answer{
			{route: edit, major: "a", status: 429, retryAfter: time.Second, header: map[string]string{"X-RateLimit-Global": "true"}},
		}, advance: 400 * time.Millisecond, checks: []check{{followup, "c", 600 * time.Millisecond}}},
		{name: "routes sharing a bucket id share its state", answers: []answer{
			{route: edit, major: "a", status: 200, header: map[string]string{"X-RateLimit-Bucket": "h1"}},
			{route: followup, major: "a", status: 200, header: map[string]string{"X-RateLimit-Bucket": "h1", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "1"}},
		}, checks: []check{{edit, "a", time.Second}, {edit, "b", 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := time.Unix(1_700_000_000, 0)
			l := newRESTLimits()
			l.now = func() time.Time { return now }
			for _, a := range tt.answers {
				h := http.Header{}
				for k, v := range a.header {
					h.Set(k, v)
				}
				l.update(a.route, a.major, a.status, h, a.retryAfter, a.global)
			}
			now = now.Add(tt.advance)
			for i, c := range tt.checks {
				if got := l.reserve(c.route, c.major); got != c.want {
					t.Errorf("reserve #%d (%s, %s) = %v; want %v", i, c.route, c.major, got, c.want)
				}
			}
		})
	}
}

func TestRESTLimitsSweep(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := newRESTLimits()
	l.now = func() time.Time { return now }
	ok := http.Header{"X-Ratelimit-Remaining": {"4"}, "X-Ratelimit-Reset-After": {"1"}}
	for _, tok := range []string{"a", "b", "c"} {
		l.update(routeEdit, tok, 200, ok, 0, false)
	}
	now = now.Add(5 * time.Minute)
	l.update(routeEdit, "d", 200, ok, 0, false)
	if len(l.buckets) != 1 {
		t.Errorf("%d buckets after the others' windows ended minutes ago; want 1", len(l.buckets))
	}
}
