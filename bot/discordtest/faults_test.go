package discordtest_test

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot/discordtest"
)

// get calls the fake's REST API with the bot's token and returns status, headers and body.
func get(t *testing.T, f *discordtest.Server, path string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", "https://discord.com/api/v9"+path, nil)
	req.Header.Set("Authorization", f.Token())
	resp, err := f.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestInject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fault  discordtest.Fault
		calls  int
		want   []int // statuses of the calls to /users/@me, in order
		header map[string]string
		body   string
	}{
		{name: "500 once", fault: discordtest.Fault{Path: "/users/", Status: 500}, calls: 2, want: []int{500, 200},
			body: `"500: Internal Server Error"`},
		{name: "502 html", fault: discordtest.Fault{Method: "GET", Path: "/users/", Status: 502}, calls: 1, want: []int{502},
			header: map[string]string{"Content-Type": "text/html"}, body: "<html>"},
		{name: "503 three times", fault: discordtest.Fault{Status: 503, Times: 3}, calls: 4, want: []int{503, 503, 503, 200}},
		{name: "other method untouched", fault: discordtest.Fault{Method: "POST", Status: 500}, calls: 1, want: []int{200}},
		{name: "other path untouched", fault: discordtest.Fault{Path: "/channels/", Status: 500}, calls: 1, want: []int{200}},
		{name: "429 bucket", fault: discordtest.Fault{Status: 429, RetryAfter: 500 * time.Millisecond}, calls: 2, want: []int{429, 200},
			header: map[string]string{"Retry-After": "1", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": "0.500", "X-RateLimit-Scope": "user"},
			body:   `"retry_after":0.500,"global":false`},
		{name: "429 global", fault: discordtest.Fault{Status: 429, RetryAfter: 2 * time.Second, Global: true}, calls: 1, want: []int{429},
			header: map[string]string{"Retry-After": "2", "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global"},
			body:   `"global":true`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := discordtest.New(t, discordtest.Options{})
			f.Inject(tt.fault)
			for i := range tt.calls {
				status, h, body := get(t, f, "/users/@me")
				if status != tt.want[i] {
					t.Errorf("call %d = %d; want %d", i, status, tt.want[i])
				}
				if i > 0 {
					continue
				}
				for k, v := range tt.header {
					if h.Get(k) != v {
						t.Errorf("header %s = %q; want %q", k, h.Get(k), v)
					}
				}
				if !strings.Contains(body, tt.body) {
					t.Errorf("body = %s; want it to contain %s", body, tt.body)
				}
			}
		})
	}
}

func TestInjectDrop(t *testing.T) {
	t.Parallel()
	f := discordtest.New(t, discordtest.Options{})
	f.Inject(discordtest.Fault{Method: "POST", Path: "/channels/", Drop: true})
	req, _ := http.NewRequest("POST", "https://discord.com/api/v9/channels/c1/messages", strings.NewReader(`{"content":"hi"}`))
	req.Header.Set("Authorization", f.Token())
	if resp, err := f.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("dropped call = %d; want a network error", resp.StatusCode)
	}
	if r := f.Requests(); len(r) != 1 || r[0].Status != 0 {
		t.Errorf("requests = %+v; want one with status 0", r)
	}
}

func TestFailRandomly(t *testing.T) {
	t.Parallel()
	run := func() []int {
		f := discordtest.New(t, discordtest.Options{RouteLimit: 10000})
		f.FailRandomly(7, 0.2, 500, 502, 503)
		var statuses []int
		for i := range 200 {
			path := "/users/@me"
			if i%2 == 1 {
				path = "/gateway"
			}
			status, _, _ := get(t, f, path)
			statuses = append(statuses, status)
		}
		return statuses
	}
	a, b := run(), run()
	failed := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("call %d: %d, then %d with the same seed", i, a[i], b[i])
		}
		if a[i] >= 500 {
			failed++
		}
	}
	// Two paths: each fails at most once, whatever the probability.
	if failed < 1 || failed > 2 {
		t.Errorf("%d calls failed; want 1 or 2 (each path fails at most once)", failed)
	}
}

func TestRouteLimit(t *testing.T) {
	t.Parallel()
	f := discordtest.New(t, discordtest.Options{RouteLimit: 2, RouteWindow: time.Minute})
	var got []string
	for range 3 {
		status, h, _ := get(t, f, "/users/@me")
		got = append(got, h.Get("X-RateLimit-Remaining"))
		if h.Get("X-RateLimit-Bucket") == "" || h.Get("X-RateLimit-Limit") != "2" || h.Get("X-RateLimit-Reset-After") == "" {
			t.Errorf("rate-limit headers missing: %v", h)
		}
		if got[len(got)-1] == "0" && len(got) == 3 && status != 429 {
			t.Errorf("third call in the window = %d; want 429", status)
		}
	}
	if strings.Join(got, ",") != "1,0,0" {
		t.Errorf("X-RateLimit-Remaining = %v; want 1,0,0", got)
	}
	// Another route, another bucket.
	if status, h, _ := get(t, f, "/gateway"); status != 200 || h.Get("X-RateLimit-Remaining") != "1" {
		t.Errorf("GET /gateway = %d, remaining %s; want 200, 1", status, h.Get("X-RateLimit-Remaining"))
	}
}

func TestLatencyAndInFlight(t *testing.T) {
	t.Parallel()
	f := discordtest.New(t, discordtest.Options{Latency: 100 * time.Millisecond})
	var wg sync.WaitGroup
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			get(t, f, "/users/@me")
		}()
	}
	wg.Wait()
	get(t, f, "/gateway")
	for _, r := range f.Requests() {
		if took := r.At.Sub(r.Start); took < 100*time.Millisecond {
			t.Errorf("%s %s served in %v; want ≥ 100ms of latency", r.Method, r.Path, took)
		}
	}
	if n := f.MaxInFlight("GET", "/users/"); n != 5 {
		t.Errorf("MaxInFlight(GET /users/) = %d; want 5 (the calls overlapped)", n)
	}
	if n := f.MaxInFlight("GET", "/gateway"); n != 1 {
		t.Errorf("MaxInFlight(GET /gateway) = %d; want 1", n)
	}
}
