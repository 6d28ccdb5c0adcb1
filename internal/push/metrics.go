package push

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// Metrics counts what the engine does. A nil *Metrics counts nothing.
type Metrics struct {
	sent    prometheus.Counter
	failed  *prometheus.CounterVec
	retried prometheus.Counter
	removed prometheus.Counter
	fanOut  prometheus.Histogram
}

// NewMetrics registers the push metrics on reg; queue reports the depth
// (unfinished tasks) when scraped.
func NewMetrics(reg prometheus.Registerer, queue func(ctx context.Context) (int, error)) *Metrics {
	m := &Metrics{
		sent: prometheus.NewCounter(prometheus.CounterOpts{Name: "beacon_push_sent_total",
			Help: "Push messages accepted by push services."}),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "beacon_push_failed_total",
			Help: "Push messages given up on, by the last status (or \"network\")."}, []string{"status"}),
		retried: prometheus.NewCounter(prometheus.CounterOpts{Name: "beacon_push_retried_total",
			Help: "Push attempts repeated after a 429, a 5xx or a network error."}),
		removed: prometheus.NewCounter(prometheus.CounterOpts{Name: "beacon_push_removed_total",
			Help: "Subscriptions deleted because the push service answered 404 or 410."}),
		fanOut: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "beacon_push_fanout_seconds",
			Help:    "Time from enqueuing a notification to its last shard being done.",
			Buckets: []float64{0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900}}),
	}
	reg.MustRegister(m.sent, m.failed, m.retried, m.removed, m.fanOut)
	if queue != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "beacon_push_queue_depth",
			Help: "Fan-out tasks (one per job and shard) not yet done."}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			n, err := queue(ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		}))
	}
	return m
}

func (m *Metrics) incSent() {
	if m != nil {
		m.sent.Inc()
	}
}

func (m *Metrics) incFailed(status string) {
	if m != nil {
		m.failed.WithLabelValues(status).Inc()
	}
}

func (m *Metrics) incRetried() {
	if m != nil {
		m.retried.Inc()
	}
}

func (m *Metrics) incRemoved() {
	if m != nil {
		m.removed.Inc()
	}
}

func (m *Metrics) observeFanOut(d time.Duration) {
	if m != nil {
		m.fanOut.Observe(d.Seconds())
	}
}

// Sent returns how many messages were accepted so far (for tests and demos).
func (m *Metrics) Sent() float64 { return counterValue(m.sent) }

// Removed returns how many gone subscriptions were deleted so far.
func (m *Metrics) Removed() float64 { return counterValue(m.removed) }

// Retried returns how many attempts were repeated so far.
func (m *Metrics) Retried() float64 { return counterValue(m.retried) }

// Failed returns how many messages were given up on with a last status.
func (m *Metrics) Failed(status string) float64 {
	return counterValue(m.failed.WithLabelValues(status))
}

func counterValue(c prometheus.Counter) float64 {
	var d dto.Metric
	if err := c.Write(&d); err != nil {
		return 0
	}
	return d.GetCounter().GetValue()
}
