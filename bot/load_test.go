package bot_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/discordtest"
)

var loadQuestions = []string{
	question,
	"What are relations between Azerbaijan and Iran like?",
	"How does Azerbaijan view Afghanistan?",
	"What did President Aliyev say about Iran?",
	"Why are Azerbaijan's anti-Iran policies backfiring?",
}

// fire dispatches n /ask interactions from users u0..u(users-1) as fast as the gateway
// takes them, and returns their ids.
func fire(h *harness, n, users int) []string {
	ids := make([]string, n)
	for i := range n {
		v := discordtest.Invoke{GuildID: "g1", UserID: fmt.Sprintf("u%d", i%users)}
		ids[i] = h.fake.Command(v, "ask", opt("question", loadQuestions[i%len(loadQuestions)]))
	}
	return ids
}

func TestE2ELoad(t *testing.T) {
	t.Parallel()
	// Discord's heartbeat is 41 s; 5 s keeps a burst from looking like a dead connection.
	opts := discordtest.Options{HeartbeatInterval: 5 * time.Second}
	if raceEnabled {
		// Under the race detector on a small shared machine, 200 answers at once take
		// many times the CPU they need for real, and late acknowledgements would only
		// measure that. Exactly-once delivery is what this test checks; without -race
		// it keeps Discord's 3 s, and BenchmarkAcknowledge measures the real times.
		opts.AckDeadline = 30 * time.Second
	}
	h := start(t, setup{cfg: bot.Config{RateLimit: 10, MaxConcurrent: 8}, fake: opts})
	const n, users = 200, 50
	ids := fire(h, n, users)
	answered := map[string]discordtest.Message{}
	for _, id := range ids {
		_, m := h.finished(id)
		answered[id] = m
	}
	callbacks := map[string]int{}
	for _, r := range h.fake.Requests() {
		if strings.HasPrefix(r.Path, "/interactions/") {
			callbacks[strings.Split(r.Path, "/")[2]]++
		}
	}
	for _, id := range ids {
		in, _ := h.fake.Interaction(id)
		m := answered[id]
		switch {
		case callbacks[id] != 1 || in.Edits != 1:
			t.Errorf("interaction %s: %d callbacks, %d edits; want exactly one of each", id, callbacks[id], in.Edits)
		case in.Late:
			t.Errorf("interaction %s acknowledged late", id)
		case len(m.Embeds) == 0 && !strings.Contains(m.Content, "couldn't find"):
			t.Errorf("interaction %s answered with %+v", id, m)
		}
	}
	if len(answered) != n {
		t.Errorf("%d of %d interactions answered", len(answered), n)
	}
	for _, r := range h.fake.Requests() {
		if r.Status >= 400 {
			t.Errorf("%s %s = %d", r.Method, r.Path, r.Status)
		}
	}
}

// BenchmarkAcknowledge measures the time from the fake gateway dispatching an /ask to the
// bot's first response reaching the fake's REST API, with 50 users asking at once.
//
//	go test ./bot -run '^$' -bench Acknowledge -benchtime 400x
func BenchmarkAcknowledge(b *testing.B) {
	h := start(b, setup{cfg: bot.Config{RateLimit: -1, MaxConcurrent: 8}, fake: discordtest.Options{HeartbeatInterval: 5 * time.Second}})
	var lat []time.Duration
	var mu sync.Mutex
	b.ResetTimer()
	for done := 0; done < b.N; {
		batch := min(50, b.N-done)
		ids := fire(h, batch, 50)
		for _, id := range ids {
			in, _ := h.finished(id)
			mu.Lock()
			lat = append(lat, in.AckedAt.Sub(in.Sent))
			mu.Unlock()
		}
		done += batch
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ack-ms")
	b.ReportMetric(pct(0.99), "p99-ack-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ack-ms")
}
