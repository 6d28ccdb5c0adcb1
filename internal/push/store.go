package push

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"
)

// Shards is how many parts the subscriptions are split into. A fan-out job
// becomes one task per shard, which is the unit that workers (and nodes)
// share and that a crashed worker's successor resumes.
const Shards = 16

// ErrLeaseLost is returned when a task's lease passed to another worker: the
// worker must stop, as the new owner carries on from the last checkpoint.
var ErrLeaseLost = errors.New("push: task lease lost")

// ErrNotFound is returned for a job that does not exist.
var ErrNotFound = errors.New("push: not found")

// Store is what the push engine needs of storage. Both backends implement it
// and pass storetest's push suite.
type Store interface {
	// SaveSubscription inserts or replaces the subscription with s.Endpoint;
	// created says which.
	SaveSubscription(ctx context.Context, s Subscription) (created bool, err error)
	// DeleteSubscription removes the subscription with endpoint; found says
	// whether there was one.
	DeleteSubscription(ctx context.Context, endpoint string) (found bool, err error)
	// SubscriptionPage returns up to limit subscriptions of shard whose IDs
	// sort after after, in ID order, with ID set.
	SubscriptionPage(ctx context.Context, shard int, after string, limit int) ([]Subscription, error)
	// CountSubscriptions counts every subscription.
	CountSubscriptions(ctx context.Context) (int, error)

	// EnqueueJob stores j and one task per shard, unless a job with j.ID was
	// ever enqueued (then it does nothing and returns false).
	EnqueueJob(ctx context.Context, j *Job) (bool, error)
	// Job returns the job with id.
	Job(ctx context.Context, id string) (*Job, error)
	// ClaimTask gives owner a task nobody holds (new, released, or whose
	// lease expired) for lease; nil when there is none. Every node must use
	// the same lease: on Redis a task counts as abandoned when it was silent
	// for the claimer's lease.
	ClaimTask(ctx context.Context, owner string, lease time.Duration) (*Task, error)
	// CheckpointTask records that every subscription up to cursor is done
	// and extends the lease; ErrLeaseLost if owner no longer holds it.
	CheckpointTask(ctx context.Context, t *Task, cursor string, lease time.Duration) error
	// ReleaseTask gives the task up at its last checkpoint, for another
	// worker to claim at once (used when a node stops).
	ReleaseTask(ctx context.Context, t *Task) error
	// FinishTask removes a done task; last says it was the job's last one,
	// which marks the job done.
	FinishTask(ctx context.Context, t *Task) (last bool, err error)
	// PendingTasks counts the tasks not yet finished (the queue depth).
	PendingTasks(ctx context.Context) (int, error)
}

// Task is one shard of a job, held by one worker at a time.
type Task struct {
	Job    string
	Shard  int
	Cursor string // the last subscription ID done; "" at the start
	Owner  string
	Ref    string // the backend's handle (a stream entry id on Redis)
	Claims int    // how many times it was claimed, this claim included
}

// SubscriptionID is the storage key of an endpoint: it keeps endpoints, which
// are capability URLs, out of key names and spreads them evenly over shards.
func SubscriptionID(endpoint string) string {
	sum := sha256.Sum256([]byte(endpoint))
	return hex.EncodeToString(sum[:16])
}

// ShardOf returns the shard of a subscription ID.
func ShardOf(id string) int {
	if len(id) < 2 {
		return 0
	}
	b, err := hex.DecodeString(id[:2])
	if err != nil {
		return 0
	}
	return int(b[0]) % Shards
}
