package bot_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
)

// BenchmarkAnswer measures the time from the fake gateway dispatching an /ask to the
// member seeing the final answer (the fake accepting the edit), for bursts of 100 members
// asking at once with a 100 ms round trip on every REST call, against the bundled index.
// "one429" refuses the first member's edit of each burst with a 429 asking for 0.5 s and
// reports the other 99 apart from that member.
//
//	go test ./bot -run '^$' -bench Answer -benchtime 5x
func BenchmarkAnswer(b *testing.B) {
	for _, bc := range []struct {
		name    string
		limited bool
	}{{"clean", false}, {"one429", true}} {
		b.Run(bc.name, func(b *testing.B) {
			h := start(b, setup{cfg: bot.Config{MaxConcurrent: 8},
				fake: discordtest.Options{HeartbeatInterval: 5 * time.Second, Latency: 100 * time.Millisecond}})
			const members = 100
			var lat, limited []time.Duration
			b.ResetTimer()
			for burst := range b.N {
				ids := make([]string, members)
				for i := range members {
					v := discordtest.Invoke{GuildID: "g1", UserID: fmt.Sprintf("b%d-m%d", burst, i)}
					ids[i] = h.fake.Command(v, "ask", opt("question", loadQuestions[i%len(loadQuestions)]))
					if i == 0 && bc.limited {
						// Injected at once: the edit comes after the callback's 100 ms round trip.
						h.fake.Inject(discordtest.Fault{Method: "PATCH", Path: editPath(h.fake, ids[0]), Status: 429, RetryAfter: 500 * time.Millisecond})
					}
				}
				for i, id := range ids {
					in, _ := h.finished(id)
					if in.Edits != 1 {
						b.Fatalf("interaction %s: %d edits; want 1", id, in.Edits)
					}
					d := in.AnsweredAt.Sub(in.Sent)
					if i == 0 && bc.limited {
						limited = append(limited, d)
						continue
					}
					lat = append(lat, d)
				}
			}
			b.StopTimer()
			report(b, lat, "answer")
			if bc.limited {
				report(b, limited, "limited")
			}
		})
	}
}

// report adds the p50, p99 and max of lat, in milliseconds, to the benchmark's output.
func report(b *testing.B, lat []time.Duration, what string) {
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	pct := func(p float64) float64 { return ms(lat[min(len(lat)-1, int(p*float64(len(lat))))]) }
	b.ReportMetric(pct(0.50), "p50-"+what+"-ms")
	b.ReportMetric(pct(0.99), "p99-"+what+"-ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max-"+what+"-ms")
}
