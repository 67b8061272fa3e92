package discordtest

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"
)

// Proxy is an HTTP CONNECT proxy on 127.0.0.1, like a company's egress proxy: it opens a
// tunnel to whatever host:port a client asks for and records each one.
type Proxy struct {
	URL *url.URL // http://127.0.0.1:port

	srv     *httptest.Server
	mu      sync.Mutex
	tunnels []Tunnel
}

// Tunnel is one CONNECT the proxy served.
type Tunnel struct {
	Target string // host:port the client asked for
	Local  string // the proxy's own address on the connection to the target
}

// NewProxy starts a CONNECT proxy that lives until the test ends.
func NewProxy(tb testing.TB) *Proxy {
	tb.Helper()
	p := &Proxy{}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL, _ = url.Parse(p.srv.URL)
	tb.Cleanup(func() {
		p.srv.CloseClientConnections()
		p.srv.Close()
	})
	return p
}

// Tunnels returns the tunnels opened so far.
func (p *Proxy) Tunnels() []Tunnel {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Tunnel(nil), p.tunnels...)
}

// Func is a proxy function (as http.Transport.Proxy) that sends everything to p.
func (p *Proxy) Func() func(*http.Request) (*url.URL, error) {
	return func(*http.Request) (*url.URL, error) { return p.URL, nil }
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect {
		// A client that speaks TLS or plain HTTP to the proxy itself lands here.
		http.Error(w, "this proxy only tunnels (CONNECT)", http.StatusMethodNotAllowed)
		return
	}
	up, err := net.DialTimeout("tcp", r.Host, 5*time.Second)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer up.Close()
	p.mu.Lock()
	p.tunnels = append(p.tunnels, Tunnel{Target: r.Host, Local: up.LocalAddr().String()})
	p.mu.Unlock()
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n")); err != nil {
		return
	}
	done := make(chan struct{}, 2)
	go func() { io.Copy(up, buf); done <- struct{}{} }()
	go func() { io.Copy(conn, up); done <- struct{}{} }()
	<-done
}
