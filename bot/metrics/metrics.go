// Package metrics counts what docent serves, for Prometheus: questions by surface and
// outcome, answer latency, refusals and errors, and the state of the live index.
package metrics

import (
	"net/http"
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/docent-bot/docent/retrieval/live"
)

// The outcomes Question counts apart, named as bot names them (bot.OutcomeNoAnswer,
// bot.OutcomeRateLimited; cmd/docent checks they agree). Surfaces and outcomes are plain
// strings, so metrics serves bot's Observer without importing bot.
const (
	OutcomeNoAnswer    = "no_answer"
	OutcomeRateLimited = "rate_limited"
)

// Options configure a Metrics.
type Options struct {
	Version string // reported by docent_build_info
	// Index, when set, is read at every scrape for the index gauges.
	Index func() live.Status
	// Ready, when set, is read at every scrape for docent_ready.
	Ready func() bool
}

// Metrics holds docent's collectors in their own registry. The zero value is not
// usable; a nil *Metrics ignores every observation.
type Metrics struct {
	reg         *prometheus.Registry
	questions   *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	noAnswers   *prometheus.CounterVec
	rateLimited *prometheus.CounterVec
	errors      *prometheus.CounterVec
	feedback    *prometheus.CounterVec
	interacts   *prometheus.CounterVec
}

// New registers docent's metrics, the Go runtime's and the process's in a new registry.
func New(opts Options) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		reg: reg,
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "docent_questions_total",
			Help: "Questions received, by surface (slash, dm, mention, http, ...) and outcome.",
		}, []string{"surface", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "docent_answer_duration_seconds",
			Help:    "Time to compute an answer, from the question to the result, by surface.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"surface"}),
		noAnswers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "docent_no_answers_total",
			Help: "Questions the corpus did not answer, by surface.",
		}, []string{"surface"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "docent_rate_limited_total",
			Help: "Questions refused by the per-user rate limit or a full answer queue, by surface.",
		}, []string{"surface"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "docent_errors_total",
			Help: "Errors, by the step that failed (answer, respond, edit, send, register, gateway, feedback, panic, malformed).",
		}, []string{"step"}),
		feedback: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "docent_feedback_total",
			Help: "Entries recorded in the feedback store, by kind (up, down, no_answer).",
		}, []string{"kind"}),
		interacts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "docent_interactions_total",
			Help: "Discord interactions handled, by type (command, autocomplete, component, ping).",
		}, []string{"type"}),
	}
	reg.MustRegister(m.questions, m.latency, m.noAnswers, m.rateLimited, m.errors, m.feedback, m.interacts,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name:        "docent_build_info",
			Help:        "Always 1; the labels name the version running.",
			ConstLabels: prometheus.Labels{"version": opts.Version, "goversion": runtime.Version()},
		}, func() float64 { return 1 }),
	)
	if opts.Ready != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "docent_ready",
			Help: "1 when docent is ready to answer (index open, Discord connected or HTTP mode listening).",
		}, func() float64 { return boolFloat(opts.Ready()) }))
	}
	if opts.Index != nil {
		reg.MustRegister(indexCollector{status: opts.Index})
	}
	return m
}

// Registry is where the metrics are registered, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Question records one question's outcome and, when the index was asked (latency > 0),
// how long the answer took. It implements bot.Observer.
func (m *Metrics) Question(s, o string, latency time.Duration) {
	if m == nil {
		return
	}
	m.questions.WithLabelValues(string(s), string(o)).Inc()
	if latency > 0 {
		m.latency.WithLabelValues(string(s)).Observe(latency.Seconds())
	}
	switch o {
	case OutcomeNoAnswer:
		m.noAnswers.WithLabelValues(string(s)).Inc()
	case OutcomeRateLimited:
		m.rateLimited.WithLabelValues(string(s)).Inc()
	}
}

// Error records a failure of the given step. It implements bot.Observer.
func (m *Metrics) Error(step string) {
	if m == nil {
		return
	}
	m.errors.WithLabelValues(step).Inc()
}

// Feedback records an entry of the feedback store: "up", "down" or "no_answer".
func (m *Metrics) Feedback(kind string) {
	if m == nil {
		return
	}
	m.feedback.WithLabelValues(kind).Inc()
}

// Interaction records one Discord interaction of the given type.
func (m *Metrics) Interaction(typ string) {
	if m == nil {
		return
	}
	m.interacts.WithLabelValues(typ).Inc()
}

// indexCollector reads the live index's status at scrape time.
type indexCollector struct{ status func() live.Status }

var (
	descDocuments = prometheus.NewDesc("docent_index_documents", "Documents in the index being served.", nil, nil)
	descPassages  = prometheus.NewDesc("docent_index_passages", "Passages in the index being served.", nil, nil)
	descGen       = prometheus.NewDesc("docent_index_generation", "Index generation being served: 0 at start, +1 per successful rebuild.", nil, nil)
	descReloads   = prometheus.NewDesc("docent_index_reloads_total", "Reloads of the corpus attempted.", nil, nil)
	descLastTime  = prometheus.NewDesc("docent_index_last_reload_timestamp_seconds", "When the last reload ended (Unix time); 0 before the first.", nil, nil)
	descLastOK    = prometheus.NewDesc("docent_index_last_reload_success", "1 when the last reload succeeded (or found nothing to do), 0 when it failed and the old index was kept.", nil, nil)
	descOpened    = prometheus.NewDesc("docent_index_opened_timestamp_seconds", "When the index being served was swapped in (Unix time).", nil, nil)
)

func (c indexCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descDocuments, descPassages, descGen, descReloads, descLastTime, descLastOK, descOpened} {
		ch <- d
	}
}

func (c indexCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.status()
	last := 0.0
	if !st.LastReload.IsZero() {
		last = float64(st.LastReload.UnixNano()) / 1e9
	}
	ok := 1.0
	if st.Reloads > 0 && !st.LastOK {
		ok = 0
	}
	opened := 0.0
	if !st.OpenedAt.IsZero() {
		opened = float64(st.OpenedAt.UnixNano()) / 1e9
	}
	ch <- prometheus.MustNewConstMetric(descDocuments, prometheus.GaugeValue, float64(st.Documents))
	ch <- prometheus.MustNewConstMetric(descPassages, prometheus.GaugeValue, float64(st.Passages))
	ch <- prometheus.MustNewConstMetric(descGen, prometheus.GaugeValue, float64(st.Generation))
	ch <- prometheus.MustNewConstMetric(descReloads, prometheus.CounterValue, float64(st.Reloads))
	ch <- prometheus.MustNewConstMetric(descLastTime, prometheus.GaugeValue, last)
	ch <- prometheus.MustNewConstMetric(descLastOK, prometheus.GaugeValue, ok)
	ch <- prometheus.MustNewConstMetric(descOpened, prometheus.GaugeValue, opened)
}

func boolFloat(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
