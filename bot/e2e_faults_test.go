package bot_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
)

// firstAfter returns the first gateway event of kind at or after index from.
func firstAfter(evs []discordtest.GatewayEvent, from int, kind string) (discordtest.GatewayEvent, int, bool) {
	for i := from; i < len(evs); i++ {
		if evs[i].Kind == kind {
			return evs[i], i, true
		}
	}
	return discordtest.GatewayEvent{}, 0, false
}

func TestE2EZombieConnection(t *testing.T) {
	t.Parallel()
	const interval = 400 * time.Millisecond
	h := start(t, setup{fake: discordtest.Options{HeartbeatInterval: interval, AckDeadline: time.Minute}})
	h.fake.Silence(0) // the connection stays open, but nothing comes back: no ACK, no event
	missed := h.fake.Command(guild, "ask", opt("question", question))
	h.fake.Wait(t, waitLong, "the bot to drop the silent connection and resume", func() bool {
		return h.fake.CountEvents(discordtest.EventResume) > 0 && h.fake.Connected(0) && h.bot.Connected()
	})
	evs := h.fake.GatewayEvents()
	silenced, i, _ := firstAfter(evs, 0, discordtest.EventSilenced)
	closed, _, ok := firstAfter(evs, i, discordtest.EventClientClose)
	if !ok {
		t.Fatalf("the bot never closed the silent connection: %+v", evs)
	}
	if closed.Code == 1000 || closed.Code == 1001 {
		t.Errorf("the bot closed the silent connection with %d, which ends the session on Discord", closed.Code)
	}
	if n := h.fake.CountEvents(discordtest.EventIdentify); n != 1 || h.fake.CountEvents(discordtest.EventInvalidSession) != 0 {
		t.Errorf("%d IDENTIFYs and %d op 9; want 1 and none: the session resumes", n, h.fake.CountEvents(discordtest.EventInvalidSession))
	}
	// discordgo alone notices after 5 intervals; the watchdog after 1.5.
	took := closed.At.Sub(silenced.At)
	t.Logf("silent connection dropped after %v (%.1f heartbeat intervals)", took, float64(took)/float64(interval))
	if took >= 5*interval {
		t.Errorf("the silent connection went unnoticed for %v; discordgo alone takes 5 intervals (%v)", took, 5*interval)
	}
	// What was dispatched into the dead connection is replayed on the RESUME and answered.
	_, m := h.finished(missed)
	expectAnswer(t, m, question)
	if !strings.Contains(h.logs.String(), "no heartbeat ACK from discord") {
		t.Errorf("the log does not say why the connection was dropped")
	}
}

func TestE2ECloseCodeOnEstablishedConnection(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code   int
		target error // nil: not fatal, the bot resumes
	}{
		{4004, bot.ErrBadToken},
		{4010, nil},
		{4011, nil},
		{4012, nil},
		{4013, nil},
		{4014, bot.ErrDisallowedIntents},
		{4000, nil},
		{4009, nil}, // session timed out: resume
	}
	fatal := func(code int) bool { return code >= 4010 && code <= 4014 || code == 4004 }
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code), func(t *testing.T) {
			t.Parallel()
			h := start(t, setup{})
			h.fake.CloseGateway(0, tt.code) // on a connection that is up: no RefuseNext
			if !fatal(tt.code) {
				h.fake.Wait(t, waitLong, "resumed", func() bool { return h.fake.Connected(0) && h.bot.Connected() })
				if want := fmt.Sprintf("close_code=%d", tt.code); !strings.Contains(h.logs.String(), want) {
					t.Errorf("the log lacks %s", want)
				}
				if h.fake.CountEvents(discordtest.EventResume) != 1 {
					t.Errorf("%d RESUMEs after close %d; want 1", h.fake.CountEvents(discordtest.EventResume), tt.code)
				}
				return
			}
			err := h.returned(fmt.Sprintf("RunGateway kept going after close code %d", tt.code))
			var ge *bot.GatewayError
			if !errors.As(err, &ge) || ge.Code != tt.code {
				t.Fatalf("RunGateway = %v; want a *GatewayError with code %d", err, tt.code)
			}
			if tt.target != nil && !errors.Is(err, tt.target) {
				t.Errorf("RunGateway = %v; want %v", err, tt.target)
			}
			if !strings.Contains(err.Error(), fmt.Sprint(tt.code)) {
				t.Errorf("error %q does not name the close code", err)
			}
			if n := h.fake.CountEvents(discordtest.EventResume) + h.fake.CountEvents(discordtest.EventHello); n != 1 {
				t.Errorf("after fatal close %d the bot connected again (%d HELLOs and RESUMEs; want the first HELLO only)", tt.code, n)
			}
		})
	}
}

func TestE2EInvalidSessionWait(t *testing.T) {
	t.Parallel()
	const pause = 300 * time.Millisecond
	tests := []struct {
		name  string
		cause func(f *discordtest.Server)
	}{
		{"op 9 on a live connection", func(f *discordtest.Server) { f.InvalidateSession(0) }},
		{"op 9 answering a resume", func(f *discordtest.Server) {
			f.DropSession(0)
			f.CloseGateway(0, 4000)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var waits atomic.Int32
			wait := bot.WithInvalidSessionWait(func() time.Duration { waits.Add(1); return pause })
			h := start(t, setup{opts: []bot.Option{wait}})
			tt.cause(h.fake)
			h.fake.Wait(t, waitLong, "a new IDENTIFY", func() bool {
				return h.fake.CountEvents(discordtest.EventIdentify) == 2 && h.fake.Connected(0) && h.bot.Connected()
			})
			evs := h.fake.GatewayEvents()
			op9, i, _ := firstAfter(evs, 0, discordtest.EventInvalidSession)
			again, _, _ := firstAfter(evs, i, discordtest.EventIdentify)
			if gap := again.At.Sub(op9.At); gap < pause {
				t.Errorf("identified again %v after op 9; want a pause of at least %v", gap, pause)
			}
			if waits.Load() != 1 {
				t.Errorf("the pause was taken %d times; want once", waits.Load())
			}
			_, m := h.finished(h.fake.Command(guild, "ask", opt("question", question)))
			expectAnswer(t, m, question)
		})
	}
}

func TestE2EGatewayProxy(t *testing.T) {
	t.Parallel()
	proxy := discordtest.NewProxy(t)
	// wss, as on Discord: the bot must tunnel through the proxy, then speak TLS to Discord.
	h := start(t, setup{fake: discordtest.Options{TLS: true}, cfg: bot.Config{Proxy: proxy.Func()}})
	h.fake.CloseGateway(0, 4000) // the reconnect goes through the proxy too
	h.fake.Wait(t, waitLong, "resumed", func() bool {
		return h.fake.CountEvents(discordtest.EventResume) == 1 && h.fake.Connected(0) && h.bot.Connected()
	})
	_, m := h.finished(h.fake.Command(guild, "ask", opt("question", question)))
	expectAnswer(t, m, question)
	var via []string
	for _, tn := range proxy.Tunnels() {
		via = append(via, tn.Local)
	}
	hellos := 0
	for _, e := range h.fake.GatewayEvents() {
		if e.Kind != discordtest.EventHello {
			continue
		}
		hellos++
		if !slices.Contains(via, e.Remote) {
			t.Errorf("a gateway connection from %s did not come through the proxy (tunnels from %v)", e.Remote, via)
		}
	}
	if hellos != 2 {
		t.Errorf("%d gateway connections; want 2", hellos)
	}
}
