package webhook

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/docent-bot/docent/bot"
)

// keyPair generates a signing key for the test's "Discord".
func keyPair(tb testing.TB) (ed25519.PublicKey, ed25519.PrivateKey) {
	tb.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return pub, priv
}

// signed builds the request Discord would send: signature over timestamp+body.
func signed(priv ed25519.PrivateKey, ts time.Time, body []byte) *http.Request {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	sig := ed25519.Sign(priv, append([]byte(stamp), body...))
	r := httptest.NewRequest(http.MethodPost, Path, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	r.Header.Set("X-Signature-Timestamp", stamp)
	return r
}

// recorder is an interaction handler that answers every interaction with a fixed
// response after delay and remembers what it got.
type recorder struct {
	mu    sync.Mutex
	got   []*discordgo.Interaction
	delay time.Duration
}

func (h *recorder) HandleInteraction(ctx context.Context, i *discordgo.Interaction, r bot.Responder) {
	h.mu.Lock()
	h.got = append(h.got, i)
	h.mu.Unlock()
	time.Sleep(h.delay)
	r.Respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}})
}

func (h *recorder) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.got)
}

const commandBody = `{"id":"1","application_id":"200","type":2,"token":"tok1","channel_id":"c1",` +
	`"user":{"id":"u1","username":"u"},"data":{"id":"cmd-ask","name":"ask","type":1,` +
	`"options":[{"name":"question","type":3,"value":"why?"}]}}`

func TestServeHTTP(t *testing.T) {
	pub, priv := keyPair(t)
	_, otherPriv := keyPair(t)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	big := `{"type":1,"pad":"` + strings.Repeat("x", MaxBody) + `"}`

	tests := []struct {
		name        string
		req         func() *http.Request
		wantStatus  int
		wantBody    string
		wantHandled int // interactions the handler received
	}{
		{"ping", func() *http.Request { return signed(priv, now, []byte(`{"id":"1","type":1}`)) },
			200, `{"type":1}`, 0},
		{"command", func() *http.Request { return signed(priv, now, []byte(commandBody)) },
			200, `"type":5`, 1},
		{"wrong key", func() *http.Request { return signed(otherPriv, now, []byte(`{"type":1}`)) },
			401, "invalid request signature", 0},
		{"altered body", func() *http.Request {
			r := signed(priv, now, []byte(commandBody))
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(commandBody, "why?", "how?", 1)))
			return r
		}, 401, "invalid request signature", 0},
		{"altered timestamp", func() *http.Request {
			r := signed(priv, now, []byte(`{"type":1}`))
			r.Header.Set("X-Signature-Timestamp", strconv.FormatInt(now.Unix()+1, 10))
			return r
		}, 401, "invalid request signature", 0},
		{"stale timestamp", func() *http.Request { return signed(priv, now.Add(-MaxSkew-time.Second), []byte(`{"type":1}`)) },
			401, "too old", 0},
		{"future timestamp", func() *http.Request { return signed(priv, now.Add(MaxSkew+time.Second), []byte(`{"type":1}`)) },
			401, "in the future", 0},
		{"slightly old is fine", func() *http.Request { return signed(priv, now.Add(-MaxSkew+time.Second), []byte(`{"type":1}`)) },
			200, `{"type":1}`, 0},
		{"no signature", func() *http.Request {
			r := signed(priv, now, []byte(`{"type":1}`))
			r.Header.Del("X-Signature-Ed25519")
			return r
		}, 401, "missing signature", 0},
		{"signature not hex", func() *http.Request {
			r := signed(priv, now, []byte(`{"type":1}`))
			r.Header.Set("X-Signature-Ed25519", "zz")
			return r
		}, 401, "invalid request signature", 0},
		{"oversize", func() *http.Request { return signed(priv, now, []byte(big)) },
			413, "request body over 65536 bytes", 0},
		{"malformed json", func() *http.Request { return signed(priv, now, []byte(`{"type":2,`)) },
			400, "malformed interaction", 0},
		{"command without data", func() *http.Request { return signed(priv, now, []byte(`{"id":"1","type":2,"token":"t"}`)) },
			400, "malformed interaction", 0},
		{"command without token", func() *http.Request {
			return signed(priv, now, []byte(strings.Replace(commandBody, `"token":"tok1",`, "", 1)))
		}, 400, "id, token and application_id are required", 0},
		{"unknown type", func() *http.Request { return signed(priv, now, []byte(`{"id":"1","type":42}`)) },
			400, "unsupported interaction type 42", 0},
		{"empty object", func() *http.Request { return signed(priv, now, []byte(`{}`)) },
			400, "unsupported interaction type 0", 0},
		{"GET", func() *http.Request { return httptest.NewRequest(http.MethodGet, Path, nil) },
			405, "method not allowed", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &recorder{}
			var kinds []string
			s, err := New(Options{PublicKey: pub, Handler: h, Now: func() time.Time { return now },
				OnInteraction: func(k string) { kinds = append(kinds, k) }})
			if err != nil {
				t.Fatal(err)
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, tt.req())
			if w.Code != tt.wantStatus || !strings.Contains(w.Body.String(), tt.wantBody) {
				t.Errorf("status %d body %q; want %d containing %q", w.Code, w.Body.String(), tt.wantStatus, tt.wantBody)
			}
			if ct := w.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q; want application/json", ct)
			}
			if got := h.count(); got != tt.wantHandled {
				t.Errorf("handler got %d interactions; want %d", got, tt.wantHandled)
			}
			if tt.wantStatus == 401 && len(kinds) > 0 {
				t.Errorf("an unverified request was counted as %v", kinds)
			}
		})
	}
}

func TestSlowHandler(t *testing.T) {
	pub, priv := keyPair(t)
	h := &recorder{delay: 300 * time.Millisecond}
	s, err := New(Options{PublicKey: pub, Handler: h, AckTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, signed(priv, time.Now(), []byte(commandBody)))
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d for a handler slower than AckTimeout; want 503", w.Code)
	}
}

func TestWorkOutlivesRequest(t *testing.T) {
	pub, priv := keyPair(t)
	var workErr error
	done := make(chan struct{})
	h := handlerFunc(func(ctx context.Context, i *discordgo.Interaction, r bot.Responder) {
		r.Respond(ctx, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
		time.Sleep(50 * time.Millisecond) // the HTTP reply has gone out by now
		workErr = ctx.Err()
		close(done)
	})
	s, _ := New(Options{PublicKey: pub, Handler: h})
	srv := httptest.NewServer(s)
	defer srv.Close()
	r := signed(priv, time.Now(), []byte(commandBody))
	req, _ := http.NewRequest(http.MethodPost, srv.URL+Path, r.Body)
	req.Header = r.Header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var got discordgo.InteractionResponse
	json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if got.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("reply type %d; want 5", got.Type)
	}
	<-done
	if workErr != nil {
		t.Errorf("the work context ended with the request: %v", workErr)
	}
}

type handlerFunc func(ctx context.Context, i *discordgo.Interaction, r bot.Responder)

func (f handlerFunc) HandleInteraction(ctx context.Context, i *discordgo.Interaction, r bot.Responder) {
	f(ctx, i, r)
}

func TestParsePublicKey(t *testing.T) {
	pub, _ := keyPair(t)
	tests := []struct {
		in      string
		wantErr string
	}{
		{hex.EncodeToString(pub), ""},
		{" " + strings.ToUpper(hex.EncodeToString(pub)) + "\n", ""},
		{"not hex", "not hex"},
		{"abcd", "2 bytes"},
		{"", "0 bytes"},
	}
	for _, tt := range tests {
		k, err := ParsePublicKey(tt.in)
		switch {
		case tt.wantErr == "" && (err != nil || !k.Equal(pub)):
			t.Errorf("ParsePublicKey(%q) = %x, %v; want the key", tt.in, k, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("ParsePublicKey(%q) error = %v; want one containing %q", tt.in, err, tt.wantErr)
		}
	}
}

func TestNewRefusesBadOptions(t *testing.T) {
	pub, _ := keyPair(t)
	if _, err := New(Options{PublicKey: pub}); err == nil {
		t.Error("New without a handler succeeded")
	}
	if _, err := New(Options{PublicKey: pub[:5], Handler: &recorder{}}); err == nil {
		t.Error("New with a short key succeeded")
	}
}

// BenchmarkPing measures one verified request: signature check, parse, reply.
func BenchmarkPing(b *testing.B) {
	pub, priv := keyPair(b)
	s, _ := New(Options{PublicKey: pub, Handler: &recorder{}})
	body := []byte(`{"id":"1","application_id":"200","type":1}`)
	h := signed(priv, time.Now(), body).Header
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, Path, bytes.NewReader(body))
		r.Header = h
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}
