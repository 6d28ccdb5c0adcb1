package push

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// EngineConfig tunes the delivery engine. Zero values take the defaults.
type EngineConfig struct {
	Owner    string        // this node's name in the queue; random by default
	Workers  int           // tasks worked on at once; default 4
	InFlight int           // messages in flight on this node; default 128
	PageSize int           // subscriptions read at a time; default 200
	Lease    time.Duration // how long a silent worker keeps a task; default 1 minute
	Poll     time.Duration // how often an idle worker looks for tasks; default 1 second
	Log      *slog.Logger
	Metrics  *Metrics
	Now      func() time.Time
}

// Engine fans jobs out to subscribers. Every node runs one; on Redis they
// share the tasks. A task's progress is checkpointed after every page of
// subscriptions, so a node killed mid-fan-out is resumed by any node from
// the last checkpoint: nobody is skipped, and at most the pages in flight
// (Workers × PageSize messages) are sent twice.
type Engine struct {
	store  Store
	sender *Sender
	cfg    EngineConfig
	log    *slog.Logger
	sem    chan struct{}
	wake   chan struct{}

	mu   sync.Mutex
	jobs map[string]*Job // a few recent jobs, so tasks of one job load it once
}

// NewEngine returns an engine over store that sends with sender.
func NewEngine(store Store, sender *Sender, cfg EngineConfig) *Engine {
	if cfg.Owner == "" {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		cfg.Owner = "node-" + hex.EncodeToString(b)
	}
	cfg.Workers = cmp0(cfg.Workers, 4)
	cfg.InFlight = cmp0(cfg.InFlight, 128)
	cfg.PageSize = cmp0(cfg.PageSize, 200)
	cfg.Lease = cmp0(cfg.Lease, time.Minute)
	cfg.Poll = cmp0(cfg.Poll, time.Second)
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Engine{store: store, sender: sender, cfg: cfg, log: cfg.Log,
		sem: make(chan struct{}, cfg.InFlight), wake: make(chan struct{}, cfg.Workers), jobs: map[string]*Job{}}
}

func cmp0[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Enqueue stores a job durably and wakes the workers. A job whose ID was
// enqueued before is not sent again.
func (e *Engine) Enqueue(ctx context.Context, j *Job) error {
	added, err := e.store.EnqueueJob(ctx, j)
	if err != nil {
		return fmt.Errorf("enqueue push %s: %w", j.ID, err)
	}
	if added {
		e.log.Info("push job enqueued", "job", j.ID, "kind", j.Kind)
		e.Wake()
	}
	return nil
}

// Wake makes idle workers look for tasks now rather than at their next
// poll: another node that enqueued a job calls it through the change bus.
func (e *Engine) Wake() {
	for range e.cfg.Workers {
		select {
		case e.wake <- struct{}{}:
		default:
		}
	}
}

// Run works on tasks until ctx ends. Then each worker finishes the page it
// is sending, checkpoints and releases its task for another node, and Run
// returns.
func (e *Engine) Run(ctx context.Context) {
	var wg sync.WaitGroup
	for range e.cfg.Workers {
		wg.Go(func() { e.work(ctx) })
	}
	wg.Wait()
}

func (e *Engine) work(ctx context.Context) {
	idle := time.NewTimer(0)
	defer idle.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-e.wake:
		case <-idle.C:
		}
		for ctx.Err() == nil {
			t, err := e.store.ClaimTask(ctx, e.cfg.Owner, e.cfg.Lease)
			if err != nil && ctx.Err() == nil {
				e.log.Error("claim push task", "err", err)
			}
			if t == nil {
				break
			}
			e.runTask(ctx, t)
		}
		idle.Reset(e.cfg.Poll)
	}
}

// runTask sends the task's shard page by page from its cursor.
func (e *Engine) runTask(ctx context.Context, t *Task) {
	bg := context.WithoutCancel(ctx) // what is started is finished and recorded
	job, err := e.job(bg, t.Job)
	if err != nil {
		e.log.Error("load push job", "job", t.Job, "err", err)
		_ = e.store.ReleaseTask(bg, t)
		return
	}
	var cursor atomic.Value
	cursor.Store(t.Cursor)
	lost := make(chan struct{})
	stopBeat := e.heartbeat(bg, t, &cursor, lost)
	defer stopBeat()
	for {
		select {
		case <-lost:
			return
		default:
		}
		if ctx.Err() != nil {
			if err := e.store.ReleaseTask(bg, t); err != nil && !errors.Is(err, ErrLeaseLost) {
				e.log.Error("release push task", "job", t.Job, "shard", t.Shard, "err", err)
			}
			return
		}
		page, err := e.store.SubscriptionPage(bg, t.Shard, cursor.Load().(string), e.cfg.PageSize)
		if err != nil {
			e.log.Error("read subscriptions", "job", t.Job, "shard", t.Shard, "err", err)
			_ = e.store.ReleaseTask(bg, t)
			return
		}
		if len(page) == 0 {
			break
		}
		e.sendPage(bg, job, page)
		cursor.Store(page[len(page)-1].ID)
		if err := e.store.CheckpointTask(bg, t, page[len(page)-1].ID, e.cfg.Lease); err != nil {
			e.log.Warn("push task checkpoint", "job", t.Job, "shard", t.Shard, "err", err)
			return
		}
	}
	last, err := e.store.FinishTask(bg, t)
	if err != nil {
		e.log.Error("finish push task", "job", t.Job, "shard", t.Shard, "err", err)
		return
	}
	if last {
		took := e.cfg.Now().Sub(job.CreatedAt)
		e.cfg.Metrics.observeFanOut(took)
		e.log.Info("push job done", "job", job.ID, "took", took.Round(time.Millisecond).String())
	}
}

// heartbeat renews the task's lease while a slow page is being sent, and
// closes lost when another worker has taken the task over.
func (e *Engine) heartbeat(ctx context.Context, t *Task, cursor *atomic.Value, lost chan struct{}) func() {
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(e.cfg.Lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				err := e.store.CheckpointTask(ctx, t, cursor.Load().(string), e.cfg.Lease)
				if errors.Is(err, ErrLeaseLost) {
					close(lost)
					return
				}
			}
		}
	}()
	return func() { close(done) }
}

// sendPage sends job to the page's matching subscribers, InFlight at a time
// on this node, and returns when every one has an outcome.
func (e *Engine) sendPage(ctx context.Context, job *Job, page []Subscription) {
	var wg sync.WaitGroup
	now := e.cfg.Now()
	for i := range page {
		s := &page[i]
		if !job.Filter.Matches(s) {
			continue
		}
		e.sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-e.sem }()
			e.deliver(ctx, job, s, now)
		})
	}
	wg.Wait()
}

func (e *Engine) deliver(ctx context.Context, job *Job, s *Subscription, now time.Time) {
	out, err := e.sender.Send(ctx, s, job, now)
	switch out {
	case Gone:
		if _, err := e.store.DeleteSubscription(ctx, s.Endpoint); err != nil {
			e.log.Error("delete gone subscription", "subscription", s.ID, "err", err)
			return
		}
		e.cfg.Metrics.incRemoved()
	case Failed:
		// The endpoint is a capability URL: log its origin and our ID only.
		e.log.Warn("push not delivered", "job", job.ID, "subscription", s.ID, "service", originOf(s.Endpoint), "err", err)
	}
}

func originOf(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil {
		return ""
	}
	return u.Host
}

// job loads a job, keeping the last few in memory.
func (e *Engine) job(ctx context.Context, id string) (*Job, error) {
	e.mu.Lock()
	j, ok := e.jobs[id]
	e.mu.Unlock()
	if ok {
		return j, nil
	}
	j, err := e.store.Job(ctx, id)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	if len(e.jobs) >= 16 {
		clear(e.jobs)
	}
	e.jobs[id] = j
	e.mu.Unlock()
	return j, nil
}
