package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/docent-bot/docent/retrieval/live"
)

// scrape serves m over HTTP and parses what a Prometheus server would read.
func scrape(tb testing.TB, m *Metrics) map[string]*dto.MetricFamily {
	tb.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		tb.Fatalf("GET /metrics = %d %s", resp.StatusCode, b)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		tb.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value finds the sample of family name whose labels include labels ("k=v" pairs).
func value(tb testing.TB, fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	tb.Helper()
	f, ok := fams[name]
	if !ok {
		tb.Fatalf("no metric %s", name)
	}
next:
	for _, m := range f.Metric {
		have := map[string]string{}
		for _, l := range m.Label {
			have[l.GetName()] = l.GetValue()
		}
		for _, kv := range labels {
			k, v, _ := strings.Cut(kv, "=")
			if have[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		case m.Untyped != nil:
			return m.Untyped.GetValue()
		}
	}
	tb.Fatalf("no sample of %s with %v", name, labels)
	return 0
}

func TestScrape(t *testing.T) {
	reload := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	status := live.Status{Generation: 2, Documents: 5, Passages: 140, Reloads: 3,
		LastReload: reload, LastOK: false, LastError: "no usable documents", OpenedAt: reload.Add(-time.Hour)}
	ready := false
	m := New(Options{Version: "v1.2.3", Index: func() live.Status { return status }, Ready: func() bool { return ready }})

	m.Question("slash", "answered", 20*time.Millisecond)
	m.Question("slash", "answered", 3*time.Second)
	m.Question("dm", OutcomeNoAnswer, 10*time.Millisecond)
	m.Question("slash", OutcomeRateLimited, 0)
	m.Error("answer")
	m.Error("answer")
	m.Feedback("down")
	m.Interaction("command")

	fams := scrape(t, m)
	tests := []struct {
		name   string
		labels []string
		want   float64
	}{
		{"docent_questions_total", []string{"surface=slash", "outcome=answered"}, 2},
		{"docent_questions_total", []string{"surface=dm", "outcome=no_answer"}, 1},
		{"docent_questions_total", []string{"surface=slash", "outcome=rate_limited"}, 1},
		{"docent_answer_duration_seconds", []string{"surface=slash"}, 2}, // samples
		{"docent_answer_duration_seconds", []string{"surface=dm"}, 1},
		{"docent_no_answers_total", []string{"surface=dm"}, 1},
		{"docent_rate_limited_total", []string{"surface=slash"}, 1},
		{"docent_errors_total", []string{"step=answer"}, 2},
		{"docent_feedback_total", []string{"kind=down"}, 1},
		{"docent_interactions_total", []string{"type=command"}, 1},
		{"docent_index_documents", nil, 5},
		{"docent_index_passages", nil, 140},
		{"docent_index_generation", nil, 2},
		{"docent_index_reloads_total", nil, 3},
		{"docent_index_last_reload_timestamp_seconds", nil, float64(reload.Unix())},
		{"docent_index_last_reload_success", nil, 0},
		{"docent_ready", nil, 0},
		{"docent_build_info", []string{"version=v1.2.3"}, 1},
	}
	for _, tt := range tests {
		if got := value(t, fams, tt.name, tt.labels...); got != tt.want {
			t.Errorf("%s%v = %v; want %v", tt.name, tt.labels, got, tt.want)
		}
	}
	// The 3 s answer falls in the 5 s bucket, not the 2.5 s one.
	h := fams["docent_answer_duration_seconds"].Metric
	for _, mm := range h {
		if mm.Label[0].GetValue() != "slash" {
			continue
		}
		for _, b := range mm.Histogram.Bucket {
			want := uint64(1)
			if b.GetUpperBound() >= 5 {
				want = 2
			}
			if b.GetUpperBound() >= 0.025 && b.GetCumulativeCount() != want {
				t.Errorf("bucket le=%v count %d; want %d", b.GetUpperBound(), b.GetCumulativeCount(), want)
			}
		}
	}
	for name := range fams {
		if !strings.HasPrefix(name, "docent_") && !strings.HasPrefix(name, "go_") && !strings.HasPrefix(name, "process_") {
			t.Errorf("unexpected metric %s", name)
		}
	}

	// Gauges read the live state at every scrape.
	ready = true
	status.LastOK, status.Generation = true, 3
	fams = scrape(t, m)
	if got := value(t, fams, "docent_ready"); got != 1 {
		t.Errorf("docent_ready after ready = %v; want 1", got)
	}
	if got := value(t, fams, "docent_index_last_reload_success"); got != 1 {
		t.Errorf("docent_index_last_reload_success after a good reload = %v; want 1", got)
	}
}

func TestNilMetricsIgnoresObservations(t *testing.T) {
	var m *Metrics
	m.Question("slash", "answered", time.Second)
	m.Error("x")
	m.Feedback("up")
	m.Interaction("ping")
}

func TestBeforeFirstReload(t *testing.T) {
	m := New(Options{Index: func() live.Status { return live.Status{Documents: 1} }})
	fams := scrape(t, m)
	if got := value(t, fams, "docent_index_last_reload_timestamp_seconds"); got != 0 {
		t.Errorf("last reload timestamp before any reload = %v; want 0", got)
	}
	if got := value(t, fams, "docent_index_last_reload_success"); got != 1 {
		t.Errorf("last reload success before any reload = %v; want 1 (nothing failed)", got)
	}
	if _, ok := fams["docent_ready"]; ok {
		t.Error("docent_ready exported without a Ready func")
	}
}
