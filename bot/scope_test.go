package bot

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/docent-bot/docent/bot/discordtest"
)

func TestScopesOf(t *testing.T) {
	scopes, err := ParseScopes([]byte(`
default: [public/]
guilds:
  "1":
    scope: [guild/]
    categories:
      "10": [category/]
    channels:
      "11": [channel/]
      "12": [forum/]
  "2":
    channels:
      "21": [two/]
  "3":
    scope: [three/]
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name             string
		guild, channel   string
		parent, category string // what the lookup finds
		want             []string
		lookup           bool // whether the parents must be looked up
	}{
		{"dm", "", "d1", "", "", []string{"public/"}, false},
		{"server not listed", "9", "91", "", "", []string{"public/"}, false},
		{"channel listed", "1", "11", "", "10", []string{"channel/"}, false},
		{"thread listed itself", "1", "12", "11", "10", []string{"forum/"}, false},
		{"thread of a listed channel", "1", "13", "11", "10", []string{"channel/"}, true},
		{"thread of a listed forum", "1", "14", "12", "", []string{"forum/"}, true},
		{"channel in a listed category", "1", "15", "", "10", []string{"category/"}, true},
		{"thread of a channel in a listed category", "1", "16", "17", "10", []string{"category/"}, true},
		{"channel in another category", "1", "18", "", "19", []string{"guild/"}, true},
		{"lookup failed", "1", "19", "", "", []string{"guild/"}, true},
		{"no server scope: default", "2", "22", "", "", []string{"public/"}, true},
		{"server without channels or categories", "3", "31", "", "30", []string{"three/"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			asked := false
			got := scopes.of(tc.guild, tc.channel, func() (string, string) { asked = true; return tc.parent, tc.category })
			if !slices.Equal(got, tc.want) || asked != tc.lookup {
				t.Errorf("of(%q, %q) = %v, looked up %v; want %v, %v", tc.guild, tc.channel, got, asked, tc.want, tc.lookup)
			}
		})
	}
}

func TestChannelParents(t *testing.T) {
	// Discord knows these channels; the gateway's state knows only "1" and "2".
	discord := map[string]*discordgo.Channel{
		"3": {ID: "3", Type: discordgo.ChannelTypeGuildText, ParentID: "cat3"},
		"4": {ID: "4", Type: discordgo.ChannelTypeGuildPublicThread, ParentID: "1"},
		"5": {ID: "5", Type: discordgo.ChannelTypeGuildPublicThread, ParentID: "3"},
	}
	for _, tc := range []struct {
		name             string
		channel          string
		parent, category string
		fetched          []string // GET /channels/{id} calls
	}{
		{"channel in state", "1", "", "cat1", nil},
		{"thread in state", "2", "1", "cat1", nil},
		{"channel fetched", "3", "", "cat3", []string{"3"}},
		{"thread fetched, its channel in state", "4", "1", "cat1", []string{"4"}},
		{"thread and channel fetched", "5", "3", "cat3", []string{"5", "3"}},
		{"unknown channel", "6", "", "", []string{"6"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, fetched, _ := testParents(t, discord)
			for range 2 { // the second time, from memory
				parent, category := p.ancestors(context.Background(), tc.channel)
				if parent != tc.parent || category != tc.category {
					t.Errorf("ancestors(%q) = %q, %q; want %q, %q", tc.channel, parent, category, tc.parent, tc.category)
				}
			}
			if !slices.Equal(*fetched, tc.fetched) {
				t.Errorf("ancestors(%q) fetched %v; want %v, once each", tc.channel, *fetched, tc.fetched)
			}
		})
	}
}

func TestChannelParentsForget(t *testing.T) {
	discord := map[string]*discordgo.Channel{"3": {ID: "3", Type: discordgo.ChannelTypeGuildText, ParentID: "cat3"}}
	p, fetched, logs := testParents(t, discord)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return now }
	ctx := context.Background()

	for range 3 {
		p.ancestors(ctx, "6")
	}
	if n := strings.Count(logs.String(), "cannot look up a channel's parent"); n != 1 || len(*fetched) != 1 {
		t.Errorf("a failing lookup asked three times: %d fetches, %d warnings; want 1, 1", len(*fetched), n)
	}
	now = now.Add(parentsFailTTL + time.Second)
	p.ancestors(ctx, "6")
	if len(*fetched) != 2 {
		t.Errorf("a failed lookup is not retried after %v", parentsFailTTL)
	}

	p.ancestors(ctx, "3")
	discord["3"] = &discordgo.Channel{ID: "3", Type: discordgo.ChannelTypeGuildText, ParentID: "cat9"} // moved
	if _, c := p.ancestors(ctx, "3"); c != "cat3" {
		t.Errorf("category within the TTL = %q; want the remembered cat3", c)
	}
	now = now.Add(parentsTTL + time.Second)
	if _, c := p.ancestors(ctx, "3"); c != "cat9" {
		t.Errorf("category after the TTL = %q; want cat9, fetched again", c)
	}

	// a lookup that failed for another reason than a refusal is retried soon
	fail := errors.New("connection reset")
	p.fetch = func(context.Context, string) (*discordgo.Channel, error) {
		*fetched = append(*fetched, "7")
		return nil, fail
	}
	before := len(*fetched)
	p.ancestors(ctx, "7")
	p.ancestors(ctx, "7")
	now = now.Add(parentsRetryTTL + time.Second)
	p.ancestors(ctx, "7")
	if n := len(*fetched) - before; n != 2 {
		t.Errorf("a lookup that failed with %v: %d fetches over %v; want 2 (retried after %v)", fail, n, parentsRetryTTL+time.Second, parentsRetryTTL)
	}

	for i := range parentsMax + 10 {
		p.remember(string(rune('a'+i%26))+strings.Repeat("x", i/26), fetchedChannel{ok: true})
	}
	if n := len(p.fetched); n > parentsMax {
		t.Errorf("%d channels remembered; want at most %d", n, parentsMax)
	}
}

// testParents is a channelParents whose state holds category cat1 with channel 1 and
// thread 2, and whose Discord serves discord; it records the fetches.
func testParents(t *testing.T, discord map[string]*discordgo.Channel) (*channelParents, *[]string, *discordtest.LogBuffer) {
	t.Helper()
	st := newChannelState()
	if err := st.GuildAdd(&discordgo.Guild{ID: "g", Channels: []*discordgo.Channel{
		{ID: "cat1", Type: discordgo.ChannelTypeGuildCategory},
		{ID: "1", Type: discordgo.ChannelTypeGuildText, ParentID: "cat1"},
	}, Threads: []*discordgo.Channel{{ID: "2", Type: discordgo.ChannelTypeGuildPublicThread, ParentID: "1"}}}); err != nil {
		t.Fatal(err)
	}
	var fetched []string
	logs := &discordtest.LogBuffer{}
	p := newChannelParents(st, func(_ context.Context, id string) (*discordgo.Channel, error) {
		fetched = append(fetched, id)
		if c, ok := discord[id]; ok {
			return c, nil
		}
		return nil, &discordgo.RESTError{Response: &http.Response{StatusCode: http.StatusNotFound},
			Message: &discordgo.APIErrorMessage{Code: 10003, Message: "Unknown Channel"}}
	}, slog.New(slog.NewTextHandler(logs, nil)))
	return p, &fetched, logs
}

// TestChannelParentsSharedAndBounded: askers of the same unknown channel share one fetch,
// and a fetch slower than parentLookupTimeout holds no one back longer; what it learns
// serves the next question.
func TestChannelParentsSharedAndBounded(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	fetches := 0
	p := newChannelParents(newChannelState(), func(_ context.Context, id string) (*discordgo.Channel, error) {
		mu.Lock()
		fetches++
		mu.Unlock()
		<-release // Discord is slow: a rate limit discordgo waits out
		return &discordgo.Channel{ID: id, Type: discordgo.ChannelTypeGuildText, ParentID: "cat5"}, nil
	}, slog.New(slog.DiscardHandler))
	var wg sync.WaitGroup
	start := time.Now()
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, c := p.ancestors(context.Background(), "5"); c != "" {
				t.Errorf("category %q before Discord answered; want none", c)
			}
		}()
	}
	wg.Wait()
	if waited := time.Since(start); waited > 5*parentLookupTimeout {
		t.Errorf("askers waited %v for a slow lookup; want about %v", waited, parentLookupTimeout)
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, c := p.ancestors(context.Background(), "5"); c == "cat5" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the slow fetch's answer never served a later question")
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if fetches != 1 {
		t.Errorf("%d fetches for 20 askers of one channel; want 1", fetches)
	}
}
