package bot

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"golang.org/x/net/http/httpproxy"
)

func TestProxyFor(t *testing.T) {
	// The environment variables as http.ProxyFromEnvironment reads them (it caches the
	// process environment once, so the test builds the same function from a Config).
	env := func(c httpproxy.Config) func(*http.Request) (*url.URL, error) {
		f := c.ProxyFunc()
		return func(r *http.Request) (*url.URL, error) { return f(r.URL) }
	}
	const gw = "gateway.discord.gg:443"
	tests := []struct {
		name   string
		cfg    httpproxy.Config
		secure bool
		want   string
	}{
		{"HTTPS_PROXY carries wss", httpproxy.Config{HTTPSProxy: "http://proxy.corp:3128"}, true, "http://proxy.corp:3128"},
		{"HTTP_PROXY alone does not carry wss", httpproxy.Config{HTTPProxy: "http://proxy.corp:3128"}, true, ""},
		{"HTTP_PROXY carries ws", httpproxy.Config{HTTPProxy: "http://proxy.corp:3128"}, false, "http://proxy.corp:3128"},
		{"NO_PROXY domain", httpproxy.Config{HTTPSProxy: "http://proxy.corp:3128", NoProxy: ".discord.gg"}, true, ""},
		{"NO_PROXY elsewhere", httpproxy.Config{HTTPSProxy: "http://proxy.corp:3128", NoProxy: "internal.corp"}, true, "http://proxy.corp:3128"},
		{"no proxy set", httpproxy.Config{}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := proxyFor(env(tt.cfg), tt.secure, gw)
			if err != nil {
				t.Fatal(err)
			}
			if s := urlString(got); s != tt.want {
				t.Errorf("proxyFor(%+v, secure=%v) = %q; want %q", tt.cfg, tt.secure, s, tt.want)
			}
		})
	}
}

func urlString(u *url.URL) string {
	if u == nil {
		return ""
	}
	return u.String()
}

func TestInvalidSessionWait(t *testing.T) {
	lo, hi := time.Hour, time.Duration(0)
	for range 2000 {
		d := invalidSessionWait()
		lo, hi = min(lo, d), max(hi, d)
	}
	// Discord asks for a random 1–5 s; 2000 draws cover most of the range.
	if lo < time.Second || hi > 5*time.Second || hi-lo < 3*time.Second {
		t.Errorf("invalidSessionWait ranged over [%v, %v]; want a spread within [1s, 5s]", lo, hi)
	}
}
