package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/docent-bot/docent/bot"
	"github.com/docent-bot/docent/bot/metrics"
	"github.com/docent-bot/docent/retrieval/live"
)

func get(tb testing.TB, url string) (int, string) {
	tb.Helper()
	resp, err := http.Get(url)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestAdminServer(t *testing.T) {
	var indexOpen, connected atomic.Bool
	r := &readiness{checks: []readyCheck{
		{"index", indexOpen.Load},
		{"discord gateway", connected.Load},
	}}
	m := metrics.New(metrics.Options{Ready: func() bool { ok, _ := r.ready(); return ok },
		Index: func() live.Status { return live.Status{Documents: 5, Passages: 99} }})
	m.Question(bot.SurfaceSlash, bot.OutcomeAnswered, time.Millisecond)
	s, err := startHTTP("admin", "127.0.0.1:0", adminHandler(r, m.Handler()), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + s.Addr()
	defer s.shutdown(context.Background())

	tests := []struct {
		name       string
		setup      func()
		path       string
		wantStatus int
		wantBody   string
	}{
		{"alive even when not ready", func() {}, "/healthz", 200, "ok"},
		{"nothing ready", func() {}, "/readyz", 503, "not ready: index, discord gateway"},
		{"index only", func() { indexOpen.Store(true) }, "/readyz", 503, "not ready: discord gateway"},
		{"all ready", func() { connected.Store(true) }, "/readyz", 200, "ready"},
		{"metrics", func() {}, "/metrics", 200, `docent_questions_total{outcome="answered",surface="slash"} 1`},
		{"metrics read readiness", func() {}, "/metrics", 200, "docent_ready 1"},
		{"index gauges", func() {}, "/metrics", 200, "docent_index_passages 99"},
		{"draining", func() { r.draining.Store(true) }, "/readyz", 503, "not ready: shutting down"},
		{"unknown path", func() {}, "/nope", 404, "try /healthz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.setup()
			status, body := get(t, base+tt.path)
			if status != tt.wantStatus || !strings.Contains(body, tt.wantBody) {
				t.Errorf("GET %s = %d %q; want %d containing %q", tt.path, status, body, tt.wantStatus, tt.wantBody)
			}
		})
	}
}

func TestStartHTTPPortTaken(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	a, err := startHTTP("admin", "127.0.0.1:0", http.NotFoundHandler(), log)
	if err != nil {
		t.Fatal(err)
	}
	defer a.shutdown(context.Background())
	_, err = startHTTP("interactions", a.Addr(), http.NotFoundHandler(), log)
	if err == nil || !strings.Contains(err.Error(), "listen for interactions on "+a.Addr()) {
		t.Errorf("second listen on %s = %v; want an error naming the server and address", a.Addr(), err)
	}
}

// TestMetricsOutcomeNames checks that metrics, which serves bot's Observer without
// importing bot, names the outcomes it counts apart as bot does.
func TestMetricsOutcomeNames(t *testing.T) {
	if metrics.OutcomeNoAnswer != bot.OutcomeNoAnswer || metrics.OutcomeRateLimited != bot.OutcomeRateLimited {
		t.Errorf("metrics outcomes %q, %q; bot's %q, %q", metrics.OutcomeNoAnswer, metrics.OutcomeRateLimited,
			bot.OutcomeNoAnswer, bot.OutcomeRateLimited)
	}
}
