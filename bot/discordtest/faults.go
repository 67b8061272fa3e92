package discordtest

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Faults Discord really produces, for tests to inject: a slow round trip (Options.Latency),
// 5xx and 429 answers on chosen routes (Inject, FailNext), a share of calls failing once at
// random (FailRandomly), and per-route rate limits with their headers (Options.RouteLimit).

// Fault makes matching REST calls fail instead of being served.
type Fault struct {
	Method string // "" matches any method
	// Path is a prefix of the path without /api/v9, e.g. "/webhooks/200/tok1000001/"; ""
	// matches any path.
	Path   string
	Status int // 500, 502, 503, 429, ...
	Times  int // how many matching calls fail; 1 if zero
	// RetryAfter is a 429's wait, sent as retry_after (seconds) and Retry-After.
	RetryAfter time.Duration
	Global     bool // a 429 of the global limit (X-RateLimit-Global, "global": true)
	// Drop closes the connection without an answer, a network error; Status is ignored.
	Drop bool
}

// statusDropped records a call whose connection the fake closed without an answer.
const statusDropped = 0

type failure struct {
	method, prefix string
	status         int
	body           string
	header         http.Header
	times          int
	drop           bool
}

// Inject makes the next f.Times REST calls that match f answer f.Status. A 502 or 503 has
// an HTML body, as Discord's proxies send; a 500 a JSON one; a 429 Discord's JSON with
// retry_after and the rate-limit headers.
func (s *Server) Inject(f Fault) {
	fl := failure{method: f.Method, prefix: f.Path, status: f.Status, times: max(f.Times, 1), header: http.Header{}, drop: f.Drop}
	switch {
	case f.Drop:
		fl.status = statusDropped
	case f.Status == http.StatusTooManyRequests:
		secs := f.RetryAfter.Seconds()
		fl.body = fmt.Sprintf(`{"message":"You are being rate limited.","retry_after":%.3f,"global":%t}`, secs, f.Global)
		fl.header.Set("Retry-After", fmt.Sprint(max(1, int(secs+0.999))))
		fl.header.Set("X-RateLimit-Scope", "user")
		if f.Global {
			fl.header.Set("X-RateLimit-Global", "true")
			fl.header.Set("X-RateLimit-Scope", "global")
		}
	case f.Status == http.StatusBadGateway || f.Status == http.StatusServiceUnavailable:
		fl.body = fmt.Sprintf("<html><body><h1>%d %s</h1></body></html>", f.Status, http.StatusText(f.Status))
		fl.header.Set("Content-Type", "text/html")
	default:
		fl.body = fmt.Sprintf(`{"message":"%d: %s","code":0}`, f.Status, http.StatusText(f.Status))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, fl)
}

// FailNext makes the next REST call whose method matches and whose path (without /api/v9)
// starts with prefix answer status with body instead of being served. A 429 body should
// carry retry_after in seconds, as Discord's does.
func (s *Server) FailNext(method, prefix string, status int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures = append(s.failures, failure{method: method, prefix: prefix, status: status, body: body, times: 1})
}

// FailRandomly makes every later REST call fail with probability p, with a status drawn
// from statuses, at most once per method and path: the retry of a failed call is served.
// The draws come from a generator seeded with seed, so a run can be repeated.
func (s *Server) FailRandomly(seed uint64, p float64, statuses ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.random = &randomFaults{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), p: p,
		statuses: statuses, failed: map[string]bool{}}
}

type randomFaults struct {
	rng      *rand.Rand
	p        float64
	statuses []int
	failed   map[string]bool // method + path of the calls already failed once
}

// takeFailure returns the failure a call must get, if any; s.mu must not be held.
func (s *Server) takeFailure(method, path string) (failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.failures {
		f := &s.failures[i]
		if (f.method == "" || f.method == method) && strings.HasPrefix(path, f.prefix) {
			out := *f
			if f.times--; f.times <= 0 {
				s.failures = append(s.failures[:i], s.failures[i+1:]...)
			}
			return out, true
		}
	}
	if r := s.random; r != nil && len(r.statuses) > 0 && !r.failed[method+" "+path] && r.rng.Float64() < r.p {
		r.failed[method+" "+path] = true
		status := r.statuses[r.rng.IntN(len(r.statuses))]
		return failure{status: status, body: fmt.Sprintf(`{"message":"%d: %s","code":0}`, status, http.StatusText(status))}, true
	}
	return failure{}, false
}

// route names the rate-limit bucket of a call as Discord does: the route with its major
// parameter (interaction or webhook token, channel id) kept, the other ids replaced.
func route(method, path string) (name, major string) {
	p := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(p) == 4 && p[0] == "interactions":
		return method + " /interactions/{id}/{token}/callback", p[2]
	case len(p) >= 3 && p[0] == "webhooks":
		if len(p) == 5 && p[3] == "messages" {
			return method + " /webhooks/{app}/{token}/messages/{message}", p[2]
		}
		return method + " /webhooks/{app}/{token}", p[2]
	case len(p) >= 2 && p[0] == "channels":
		return method + " /channels/{channel}/" + strings.Join(p[2:], "/"), p[1]
	}
	return method + " " + path, ""
}

// window counts one bucket's calls in its current fixed window.
type window struct {
	start time.Time
	count int
}

// limit counts a call against its route's bucket and sets the rate-limit headers on h;
// false when the call is over the limit and must get a 429.
func (s *Server) limit(method, path string, h http.Header) bool {
	name, major := route(method, path)
	now := time.Now()
	s.mu.Lock()
	w, ok := s.windows[name+" "+major]
	if !ok || now.Sub(w.start) >= s.opts.RouteWindow {
		w = &window{start: now}
		s.windows[name+" "+major] = w
	}
	w.count++
	count, reset := w.count, w.start.Add(s.opts.RouteWindow)
	s.mu.Unlock()
	after := reset.Sub(now).Seconds()
	h.Set("X-RateLimit-Bucket", fmt.Sprintf("%08x", hash(name)))
	h.Set("X-RateLimit-Limit", fmt.Sprint(s.opts.RouteLimit))
	h.Set("X-RateLimit-Remaining", fmt.Sprint(max(0, s.opts.RouteLimit-count)))
	h.Set("X-RateLimit-Reset-After", fmt.Sprintf("%.3f", after))
	h.Set("X-RateLimit-Reset", fmt.Sprintf("%.3f", float64(reset.UnixMilli())/1000))
	return count <= s.opts.RouteLimit
}

// hash is FNV-1a, enough to give each route a stable opaque bucket id.
func hash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

// MaxInFlight is the largest number of REST calls matching method and path prefix that
// the fake was serving at the same moment (latency included): 1 means they came one at a
// time.
func (s *Server) MaxInFlight(method, prefix string) int {
	type edge struct {
		at    time.Time
		delta int
	}
	var edges []edge
	for _, r := range s.Requests() {
		if (method == "" || r.Method == method) && strings.HasPrefix(r.Path, prefix) {
			edges = append(edges, edge{r.Start, 1}, edge{r.At, -1})
		}
	}
	// Ends sort before starts at the same instant: touching calls don't overlap.
	sortEdges := func(a, b edge) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.delta - b.delta
	}
	slices.SortFunc(edges, sortEdges)
	n, most := 0, 0
	for _, e := range edges {
		n += e.delta
		most = max(most, n)
	}
	return most
}
