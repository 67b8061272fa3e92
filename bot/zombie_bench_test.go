package bot_test

import (
	"os"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
)

// BenchmarkZombieDetection measures how long a silent (zombie) gateway connection goes
// unnoticed, with the watchdog and with discordgo alone, and whether a question asked
// into it is answered after all. The interval is 2 s unless DOCENT_ZOMBIE_INTERVAL says
// otherwise; the figures in heartbeat intervals carry over to Discord's 41.25 s.
//
//	go test ./bot -run '^$' -bench ZombieDetection -benchtime 2x
func BenchmarkZombieDetection(b *testing.B) {
	interval := 2 * time.Second
	if v, err := time.ParseDuration(os.Getenv("DOCENT_ZOMBIE_INTERVAL")); err == nil {
		interval = v
	}
	for _, tc := range []struct {
		name string
		opts []bot.Option
	}{
		{"watchdog", nil},
		{"discordgo-alone", []bot.Option{bot.WithoutWatchdog()}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var unnoticed, down time.Duration
			answered := 0
			for range b.N {
				h := start(b, setup{fake: discordtest.Options{HeartbeatInterval: interval, AckDeadline: time.Hour}, opts: tc.opts})
				h.fake.Silence(0)
				q := h.fake.Command(guild, "ask", opt("question", question))
				h.fake.Wait(b, 12*interval, "the silent connection dropped and replaced", func() bool {
					return h.fake.Connected(0) && h.bot.Connected()
				})
				evs := h.fake.GatewayEvents()
				silenced, i, _ := firstAfter(evs, 0, discordtest.EventSilenced)
				closed, _, _ := firstAfter(evs, i, discordtest.EventClientClose)
				unnoticed += closed.At.Sub(silenced.At)
				down += time.Since(silenced.At)
				// Replayed on a RESUME; lost when the session had to start over.
				deadline := time.Now().Add(3 * time.Second)
				for time.Now().Before(deadline) {
					if in, _ := h.fake.Interaction(q); len(in.Callbacks) > 0 {
						answered++
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				h.stop()
				h.returned("RunGateway did not stop")
			}
			n := float64(b.N)
			b.ReportMetric(unnoticed.Seconds()/n, "s-unnoticed")
			b.ReportMetric(float64(unnoticed)/float64(interval)/n, "intervals-unnoticed")
			b.ReportMetric(down.Seconds()/n, "s-to-serving")
			b.ReportMetric(float64(answered)/n, "answered")
			b.ReportMetric(0, "ns/op")
		})
	}
}
