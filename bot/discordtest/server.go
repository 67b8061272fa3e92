// Package discordtest is a fake Discord for end-to-end tests: REST under /api/v9 and a gateway
// websocket on one httptest server, with the limits Discord enforces, the faults it produces
// (latency, 5xx, 429, dropped connections; see faults.go) and a record of every request the
// bot made.
//
// The real discordgo client talks to it unchanged: give the session the server's Client (a
// transport that rewrites scheme and host to the fake) and it fetches the gateway URL from
// GET /api/v9/gateway, which points at the fake's websocket. No package variable of discordgo
// is touched, so tests can run in parallel.
package discordtest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Defaults used when Options leave a field empty.
const (
	DefaultToken = "Bot test-token"
	DefaultAppID = "200"
	BotUserID    = "100"
)

// Options configure a Server.
type Options struct {
	Token             string        // the Authorization header the bot must send; DefaultToken if empty
	AppID             string        // the application id READY reports; DefaultAppID if empty
	HeartbeatInterval time.Duration // sent in HELLO; 200 ms if zero
	Shards            int           // recommended shard count from /gateway/bot; 1 if zero
	AllowedIntents    int           // privileged intents the application may use (bit mask)
	AckDeadline       time.Duration // first response deadline; Discord's 3 s if zero
	HoldReady         bool          // never answer IDENTIFY with READY: a hung handshake
	TLS               bool          // serve https and wss (trust it with TLSConfig), as Discord does

	// Latency delays every REST answer, as a round trip to Discord would.
	Latency time.Duration
	// RouteLimit calls per RouteWindow are allowed on each route and major parameter
	// (one interaction token, one channel); more get a 429. 50 per second if zero: the
	// fake's numbers, not Discord's, which vary by route and are only told in headers.
	RouteLimit  int
	RouteWindow time.Duration
}

// Server is a fake Discord. Create it with New; it closes itself at the end of the test.
type Server struct {
	tb   testing.TB
	opts Options
	srv  *httptest.Server
	URL  string // base URL, http://127.0.0.1:port

	mu       sync.Mutex
	requests []Request
	// serving is held for reading while a REST call is served and logged; Requests takes
	// it for writing, so a call whose effect a test has seen (an answer delivered) is in
	// the log it reads.
	serving     sync.RWMutex
	failures    []failure
	random      *randomFaults
	windows     map[string]*window           // rate-limit windows by route and major parameter
	interact    map[string]*interactionState // by token
	messages    map[string]*Message          // every message the bot created or edited, by id
	conns       map[int]*gatewayConn         // live gateway connections by shard
	sessions    map[string]*gwSession        // gateway sessions by id, for RESUME
	latest      map[int]*gwSession           // the newest session of each shard
	identifies  []Identify
	closeCodes  map[int]int // shard → close code to use on the next connection
	nextID      int64
	commands    map[string][]json.RawMessage // registered commands by scope ("global" or guild id)
	connChanged chan struct{}
	gwEvents    []GatewayEvent
	community   *community // created on first use (community.go)
}

// Request is one REST call the bot made.
type Request struct {
	Method string
	Path   string // without /api/v9
	Body   json.RawMessage
	Status int       // what the fake answered; 0: the connection was dropped
	Start  time.Time // when the call arrived
	At     time.Time // when the answer was ready, after Options.Latency
}

// New starts a fake Discord that lives until the test ends.
func New(tb testing.TB, opts Options) *Server {
	tb.Helper()
	if opts.Token == "" {
		opts.Token = DefaultToken
	}
	if opts.AppID == "" {
		opts.AppID = DefaultAppID
	}
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = 200 * time.Millisecond
	}
	if opts.Shards <= 0 {
		opts.Shards = 1
	}
	if opts.RouteLimit <= 0 {
		opts.RouteLimit = 50
	}
	if opts.RouteWindow <= 0 {
		opts.RouteWindow = time.Second
	}
	if opts.AckDeadline <= 0 {
		opts.AckDeadline = 3 * time.Second
	}
	s := &Server{
		tb: tb, opts: opts,
		interact:    map[string]*interactionState{},
		messages:    map[string]*Message{},
		conns:       map[int]*gatewayConn{},
		sessions:    map[string]*gwSession{},
		latest:      map[int]*gwSession{},
		closeCodes:  map[int]int{},
		commands:    map[string][]json.RawMessage{},
		windows:     map[string]*window{},
		connChanged: make(chan struct{}),
		nextID:      1_000_000,
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/gateway", s.serveGateway)
	mux.HandleFunc("/gateway/", s.serveGateway) // discordgo adds a trailing slash
	mux.HandleFunc("/api/v9/", s.serveREST)
	if opts.TLS {
		s.srv = httptest.NewTLSServer(mux)
	} else {
		s.srv = httptest.NewServer(mux)
	}
	s.URL = s.srv.URL
	tb.Cleanup(s.Close)
	return s
}

// Close closes every gateway connection and the server.
func (s *Server) Close() {
	s.mu.Lock()
	conns := make([]*gatewayConn, 0, len(s.conns))
	for _, c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.close(1001)
	}
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// AppID is the application id the fake reports.
func (s *Server) AppID() string { return s.opts.AppID }

// Token is the Authorization value the fake accepts ("Bot ...").
func (s *Server) Token() string { return s.opts.Token }

// Client returns an HTTP client whose requests, whatever their host, reach the fake.
func (s *Server) Client() *http.Client {
	u, _ := url.Parse(s.URL)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	tr.TLSClientConfig = s.TLSConfig()
	return &http.Client{Transport: rewriteHost{u: u, next: tr}, Timeout: 10 * time.Second}
}

// TLSConfig trusts the fake's certificate (Options.TLS); nil without TLS.
func (s *Server) TLSConfig() *tls.Config {
	cert := s.srv.Certificate()
	if cert == nil {
		return nil
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
}

type rewriteHost struct {
	u    *url.URL
	next http.RoundTripper
}

func (t rewriteHost) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.u.Scheme, t.u.Host, t.u.Host
	return t.next.RoundTrip(r)
}

// Requests returns a copy of every REST call so far.
func (s *Server) Requests() []Request {
	s.serving.Lock()
	s.serving.Unlock() // a barrier: the calls in flight are served and logged first
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Identifies returns every IDENTIFY the gateway received.
func (s *Server) Identifies() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Identify(nil), s.identifies...)
}

// Commands returns the commands registered for scope: "global" or a guild id.
func (s *Server) Commands(scope string) []json.RawMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]json.RawMessage(nil), s.commands[scope]...)
}

// Wait polls cond until it holds or the timeout passes, failing the test then.
func (s *Server) Wait(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (s *Server) newID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newIDLocked()
}

func (s *Server) newIDLocked() string {
	s.nextID++
	return fmt.Sprint(s.nextID)
}

// WaitConnected waits until shard has a gateway connection that got READY.
func (s *Server) WaitConnected(ctx context.Context, shard int) error {
	for {
		s.mu.Lock()
		c, ok := s.conns[shard]
		ready := ok && c.isReady()
		ch := s.connChanged
		s.mu.Unlock()
		if ready {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for shard %d: %w", shard, ctx.Err())
		case <-ch:
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func (s *Server) notifyConnChange() {
	close(s.connChanged)
	s.connChanged = make(chan struct{})
}

func trimAPI(p string) string { return strings.TrimPrefix(p, "/api/v9") }
