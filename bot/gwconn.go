package bot

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// connHooks is what a shard learns from its connections.
type connHooks struct {
	dial    func(*gwConn)                         // a new connection, before its handshake
	close   func(code int)                        // the server sent a close frame
	invalid func() time.Duration                  // op 9 arrived: how long to hold it back
	proxy   func(*http.Request) (*url.URL, error) // nil: no proxy
	tls     *tls.Config                           // nil: the system's roots; tests trust their fake
}

// gatewayDialer returns a websocket dialer whose connections are gwConns.
//
// It dials itself, proxy included, instead of setting websocket.Dialer.Proxy: gorilla
// (v1.5.3) runs NetDialTLSContext to reach the proxy, so a wss URL spoke TLS to the proxy
// ("first record does not look like a TLS handshake"), and without NetDialTLSContext the
// watch would sit under TLS and see only ciphertext. Here the order is right: TCP to the
// proxy, CONNECT, TLS to Discord, then the watch over the plain websocket bytes.
func gatewayDialer(h connHooks) *websocket.Dialer {
	nd := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	dial := func(secure bool) func(ctx context.Context, network, addr string) (net.Conn, error) {
		return func(ctx context.Context, network, addr string) (net.Conn, error) {
			raw, err := dialVia(ctx, nd, h.proxy, secure, network, addr)
			if err != nil {
				return nil, err
			}
			var c net.Conn = raw
			if secure {
				host, _, _ := net.SplitHostPort(addr)
				cfg := &tls.Config{MinVersion: tls.VersionTLS12}
				if h.tls != nil {
					cfg = h.tls.Clone()
				}
				cfg.ServerName = host
				tc := tls.Client(raw, cfg)
				if err := tc.HandshakeContext(ctx); err != nil {
					raw.Close()
					return nil, fmt.Errorf("tls handshake with %s: %w", addr, err)
				}
				c = tc
			}
			gc := newGWConn(c, h)
			if h.dial != nil {
				h.dial(gc)
			}
			return gc, nil
		}
	}
	return &websocket.Dialer{HandshakeTimeout: 45 * time.Second, NetDialContext: dial(false), NetDialTLSContext: dial(true)}
}

// dialVia opens a TCP connection to addr, through an HTTP CONNECT proxy when proxy names
// one for the address (http.ProxyFromEnvironment: HTTPS_PROXY for wss, NO_PROXY honoured).
func dialVia(ctx context.Context, nd *net.Dialer, proxy func(*http.Request) (*url.URL, error), secure bool, network, addr string) (net.Conn, error) {
	pu, err := proxyFor(proxy, secure, addr)
	if err != nil {
		return nil, err
	}
	if pu == nil {
		return nd.DialContext(ctx, network, addr)
	}
	if pu.Scheme != "http" && pu.Scheme != "https" {
		return nil, fmt.Errorf("proxy %s: only http and https proxies can carry the gateway", pu.Redacted())
	}
	paddr := pu.Host
	if pu.Port() == "" {
		paddr = net.JoinHostPort(pu.Hostname(), map[string]string{"http": "80", "https": "443"}[pu.Scheme])
	}
	c, err := nd.DialContext(ctx, network, paddr)
	if err != nil {
		return nil, fmt.Errorf("dial proxy %s: %w", pu.Redacted(), err)
	}
	if pu.Scheme == "https" {
		tc := tls.Client(c, &tls.Config{ServerName: pu.Hostname(), MinVersion: tls.VersionTLS12})
		if err := tc.HandshakeContext(ctx); err != nil {
			c.Close()
			return nil, fmt.Errorf("tls handshake with proxy %s: %w", pu.Redacted(), err)
		}
		c = tc
	}
	if err := connect(ctx, c, pu, addr); err != nil {
		c.Close()
		return nil, fmt.Errorf("proxy %s: %w", pu.Redacted(), err)
	}
	return c, nil
}

// proxyFor asks proxy which proxy, if any, carries a connection to addr: the request it
// sees is https for wss (HTTPS_PROXY applies) and http for ws (HTTP_PROXY).
func proxyFor(proxy func(*http.Request) (*url.URL, error), secure bool, addr string) (*url.URL, error) {
	if proxy == nil {
		return nil, nil
	}
	scheme := "http"
	if secure {
		scheme = "https"
	}
	pu, err := proxy(&http.Request{Method: http.MethodGet, URL: &url.URL{Scheme: scheme, Host: addr}, Header: http.Header{}})
	if err != nil {
		return nil, fmt.Errorf("choose a proxy for %s: %w", addr, err)
	}
	return pu, nil
}

// connect asks the proxy on c for a tunnel to addr.
func connect(ctx context.Context, c net.Conn, pu *url.URL, addr string) error {
	if d, ok := ctx.Deadline(); ok {
		c.SetDeadline(d)
		defer c.SetDeadline(time.Time{})
	}
	req := &http.Request{Method: http.MethodConnect, URL: &url.URL{Opaque: addr}, Host: addr, Header: http.Header{}}
	if u := pu.User; u != nil {
		pw, _ := u.Password()
		req.Header.Set("Proxy-Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(u.Username()+":"+pw)))
	}
	if err := req.Write(c); err != nil {
		return fmt.Errorf("send CONNECT: %w", err)
	}
	// One byte at a time: nothing after the reply's blank line may be taken from the
	// tunnel, and the reply is a few dozen bytes.
	resp, err := http.ReadResponse(bufio.NewReaderSize(oneByte{c}, 16), req)
	if err != nil {
		return fmt.Errorf("read CONNECT reply: %w", err)
	}
	// The body is not closed: closing drains it, and a tunnel's "body" never ends.
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("CONNECT %s refused: %s", addr, resp.Status)
	}
	return nil
}

// oneByte reads at most one byte per call.
type oneByte struct{ c net.Conn }

func (o oneByte) Read(p []byte) (int, error) { return o.c.Read(p[:min(len(p), 1)]) }

// gwConn is one gateway connection as discordgo reads it, watched: it records the
// heartbeat interval from HELLO and the time of the last heartbeat ACK, reports close
// codes, and holds op 9 back for the wait Discord asks for.
type gwConn struct {
	net.Conn
	hooks connHooks
	watch streamWatch

	interval atomic.Int64 // heartbeat interval from HELLO, ns; 0 before it
	lastAck  atomic.Int64 // unix ns of the last ACK (or HELLO, or the end of an op 9 wait)
	pausing  atomic.Bool  // in the op 9 wait
	writeCap atomic.Int64 // unix ns deadline every write gets once the connection is abandoned

	closeOnce sync.Once
	closed    chan struct{}
}

func newGWConn(c net.Conn, h connHooks) *gwConn {
	gc := &gwConn{Conn: c, hooks: h, closed: make(chan struct{})}
	gc.watch = streamWatch{onClose: h.close, onOp: gc.op}
	return gc
}

// op sees a small payload; true for op 9, which Read then holds back.
func (c *gwConn) op(op int, d []byte) bool {
	switch op {
	case 10:
		var h struct {
			Interval int64 `json:"heartbeat_interval"`
		}
		if json.Unmarshal(d, &h) == nil && h.Interval > 0 {
			c.interval.Store(int64(time.Duration(h.Interval) * time.Millisecond))
		}
		c.lastAck.Store(time.Now().UnixNano())
	case 11:
		c.lastAck.Store(time.Now().UnixNano())
	case 9:
		return true
	}
	return false
}

// Read passes the bytes on unchanged. When they hold an op 9 it first waits as Discord
// asks (1–5 s before identifying again): discordgo identifies as soon as it reads op 9, so
// holding the read back is the one place the wait can go.
func (c *gwConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if c.watch.feed(p[:n]) && c.hooks.invalid != nil {
		c.pausing.Store(true)
		t := time.NewTimer(c.hooks.invalid())
		select {
		case <-t.C:
		case <-c.closed:
			t.Stop()
		}
		c.lastAck.Store(time.Now().UnixNano()) // the wait held the ACKs back too
		c.pausing.Store(false)
	}
	return n, err
}

func (c *gwConn) Write(p []byte) (int, error) {
	if d := c.writeCap.Load(); d != 0 {
		// gorilla resets the write deadline before every write; keep the cap.
		c.Conn.SetWriteDeadline(time.Unix(0, d))
	}
	return c.Conn.Write(p)
}

func (c *gwConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

// heartbeatInterval is the interval HELLO asked for; 0 before HELLO.
func (c *gwConn) heartbeatInterval() time.Duration { return time.Duration(c.interval.Load()) }

// silence is how long no heartbeat ACK has come; 0 while op 9 is held back or before HELLO.
func (c *gwConn) silence(now time.Time) time.Duration {
	last := c.lastAck.Load()
	if last == 0 || c.pausing.Load() {
		return 0
	}
	return now.Sub(time.Unix(0, last))
}

// abandon bounds every write from now on, so that closing a dead connection (which writes
// a close frame) cannot hang on a full send buffer.
func (c *gwConn) abandon(d time.Duration) {
	at := time.Now().Add(d)
	c.writeCap.Store(at.UnixNano())
	c.Conn.SetWriteDeadline(at)
}
