package bot

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/bot/discordtest"
	"github.com/docent-bot/docent/retrieval"
)

// The errors discordgo and hooks really return, from the fake, are classified right.
func TestTransient(t *testing.T) {
	tests := []struct {
		name  string
		fault discordtest.Fault
		want  bool
	}{
		{"500", discordtest.Fault{Status: 500}, true},
		{"502", discordtest.Fault{Status: 502}, true},
		{"503", discordtest.Fault{Status: 503}, true},
		{"dropped connection", discordtest.Fault{Drop: true}, true},
		{"400", discordtest.Fault{Status: 400}, false},
		{"404", discordtest.Fault{Status: 404}, false},
	}
	f := discordtest.New(t, discordtest.Options{})
	s, _ := discordgo.New(f.Token())
	s.Client = f.Client()
	h := newHooks(f.Client(), f.Token(), "test")
	i := &discordgo.Interaction{ID: "1", AppID: f.AppID(), Token: "tok1"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.Inject(tt.fault)
			_, err := s.ChannelMessageSend("c1", "hi", discordgo.WithRestRetries(0))
			if err == nil || transient(err) != tt.want {
				t.Errorf("discordgo: transient(%v) = %v; want %v", err, !tt.want, tt.want)
			}
			f.Inject(tt.fault)
			_, err = h.edit(context.Background(), i, &discordgo.WebhookEdit{})
			if err == nil || transient(err) != tt.want {
				t.Errorf("hooks: transient(%v) = %v; want %v", err, !tt.want, tt.want)
			}
		})
	}
	if transient(errors.New("encode: bad")) || transient(context.Canceled) {
		t.Errorf("plain errors are transient")
	}
}

func testBot(attempts int, backoff time.Duration) *Bot {
	return &Bot{cfg: Config{RESTAttempts: attempts, RESTBackoff: backoff, MaxRetryAfter: time.Second}, log: slog.New(slog.DiscardHandler)}
}

func status(code int) error {
	return &discordgo.RESTError{Response: &http.Response{StatusCode: code, Status: http.StatusText(code)}}
}

func rateLimited(d time.Duration) error {
	return &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{TooManyRequests: &discordgo.TooManyRequests{RetryAfter: d}, URL: "https://discord.com/api/v9/webhooks/1/secret/messages/@original"}}
}

func TestRetryDo(t *testing.T) {
	tests := []struct {
		name     string
		attempts int
		expires  time.Duration // from now; 0: none
		errs     []error       // what the calls return, in order; then nil
		calls    int
		wantErr  string // "" for success
	}{
		{name: "success", attempts: 3, calls: 1},
		{name: "5xx retried", attempts: 3, errs: []error{status(500), status(503)}, calls: 3},
		{name: "attempts bounded", attempts: 3, errs: []error{status(500), status(502), status(500), status(500)}, calls: 3,
			wantErr: "gave up after 3 attempts"},
		{name: "4xx not retried", attempts: 3, errs: []error{status(400)}, calls: 1, wantErr: "Bad Request"},
		{name: "429s use no attempt", attempts: 2, errs: []error{rateLimited(time.Millisecond), status(500), rateLimited(time.Millisecond)}, calls: 4},
		{name: "fourth 429 gives up", attempts: 2, errs: []error{rateLimited(0), rateLimited(0), rateLimited(0), rateLimited(0)}, calls: 4,
			wantErr: "rate limited by discord for 0s on https://discord.com/api/v9/webhooks/1/…/messages/@original (attempt 4)"},
		{name: "429 over the cap", attempts: 2, errs: []error{rateLimited(time.Hour)}, calls: 1, wantErr: "rate limited by discord for 1h0m0s"},
		{name: "no retry past the token", attempts: 5, expires: 5 * time.Millisecond, errs: []error{status(500)}, calls: 1,
			wantErr: "interaction token expires before a retry"},
		{name: "policy of one", attempts: 1, errs: []error{status(500)}, calls: 1, wantErr: "Internal Server Error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := testBot(tt.attempts, 20*time.Millisecond)
			p := retry{attempts: tt.attempts}
			if tt.expires > 0 {
				p.expires = time.Now().Add(tt.expires)
			}
			calls := 0
			err := b.do(context.Background(), p, func(context.Context) error {
				calls++
				if calls <= len(tt.errs) {
					return tt.errs[calls-1]
				}
				return nil
			})
			if calls != tt.calls {
				t.Errorf("%d calls; want %d", calls, tt.calls)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("do = %v; want success", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("do = %v; want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestRetryStopsWithContext(t *testing.T) {
	b := testBot(5, time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	err := b.do(ctx, retry{attempts: 5}, func(context.Context) error { return status(500) })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("do after cancel = %v; want context.Canceled", err)
	}
}

func TestJitter(t *testing.T) {
	for range 1000 {
		if d := jitter(100 * time.Millisecond); d < 50*time.Millisecond || d >= 100*time.Millisecond {
			t.Fatalf("jitter(100ms) = %v; want [50ms, 100ms)", d)
		}
	}
}

// lossy delivers the first request and then loses Discord's answer, as a connection reset
// after the request was sent does.
type lossy struct {
	next http.RoundTripper
	lost bool
}

func (l *lossy) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := l.next.RoundTrip(r)
	if err == nil && !l.lost {
		l.lost = true
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	return resp, err
}

// A callback whose answer was lost is retried; Discord's "already acknowledged" then
// means the first one arrived.
func TestRespondAnswerLost(t *testing.T) {
	f := discordtest.New(t, discordtest.Options{})
	id, _ := f.HTTPCommand(discordtest.Invoke{GuildID: "g1"}, "help")
	b, err := New(Config{Token: f.Token(), HTTPClient: &http.Client{Transport: &lossy{next: f.Client().Transport}}, RESTBackoff: time.Millisecond},
		nopAnswerer{}, nopLibrary{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	i := &discordgo.Interaction{ID: id, AppID: f.AppID(), Token: "tok" + id}
	err = b.RESTResponder(i).Respond(context.Background(), &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	if err != nil {
		t.Errorf("Respond = %v; want success (the first callback arrived)", err)
	}
	in, _ := f.Interaction(id)
	if len(in.Callbacks) != 1 || len(f.Requests()) != 2 {
		t.Errorf("callbacks %v after %d calls; want one callback in 2 calls", in.Callbacks, len(f.Requests()))
	}
}

type nopAnswerer struct{}

func (nopAnswerer) Answer(context.Context, retrieval.Query) (retrieval.Result, error) {
	return retrieval.Result{}, nil
}

type nopLibrary struct{}

func (nopLibrary) Sources() []retrieval.Source              { return nil }
func (nopLibrary) Passage(string) (retrieval.Passage, bool) { return retrieval.Passage{}, false }
