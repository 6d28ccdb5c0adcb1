package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/antifraud-alliance/beacon/internal/push"
)

// Web Push keys, under the prefix P:
//
//	P push:sub:{id}          string  JSON of push.Subscription (id = push.SubscriptionID)
//	P push:shard:{n}         zset    the subscription ids of shard n, score 0: ZRANGE BYLEX pages
//	P push:job:{id}          string  JSON of push.Job; "done" for 30 days once finished
//	P push:left:{job}        string  the job's unfinished tasks
//	P push:cursor:{job}      hash    shard → last subscription id done
//	P push:claims:{job}      hash    shard → times claimed: a fencing token
//	P push:tasks             stream  one entry per job and shard, consumer group "workers"
//
// Nodes read tasks from the stream through the consumer group, so each task
// goes to one node; a task whose owner stopped renewing it (XCLAIM JUSTID
// resets its idle time) for a lease is taken over with XAUTOCLAIM.

const pushGroup = "workers"

// doneFor is how long a finished job's id is remembered, so that enqueuing it
// again sends nothing.
const doneFor = 30 * 24 * time.Hour

func (s *Store) pushSubKey(id string) string { return s.p + "push:sub:" + id }
func (s *Store) pushShardKey(n int) string   { return s.p + "push:shard:" + strconv.Itoa(n) }
func (s *Store) pushJobKey(id string) string { return s.p + "push:job:" + id }
func (s *Store) pushTasksKey() string        { return s.p + "push:tasks" }

var saveSubScript = goredis.NewScript(`
local existed = redis.call('EXISTS', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], 0, ARGV[2])
return existed`)

var deleteSubScript = goredis.NewScript(`
local n = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return n`)

// SaveSubscription implements push.Store.
func (s *Store) SaveSubscription(ctx context.Context, sub push.Subscription) (bool, error) {
	sub.ID = push.SubscriptionID(sub.Endpoint)
	doc, err := json.Marshal(sub)
	if err != nil {
		return false, err
	}
	existed, err := saveSubScript.Run(ctx, s.c, []string{s.pushSubKey(sub.ID), s.pushShardKey(push.ShardOf(sub.ID))},
		doc, sub.ID).Int()
	if err != nil {
		return false, fmt.Errorf("save subscription: %w", err)
	}
	return existed == 0, nil
}

// DeleteSubscription implements push.Store.
func (s *Store) DeleteSubscription(ctx context.Context, endpoint string) (bool, error) {
	id := push.SubscriptionID(endpoint)
	n, err := deleteSubScript.Run(ctx, s.c, []string{s.pushSubKey(id), s.pushShardKey(push.ShardOf(id))}, id).Int()
	if err != nil {
		return false, fmt.Errorf("delete subscription: %w", err)
	}
	return n > 0, nil
}

// SubscriptionPage implements push.Store.
func (s *Store) SubscriptionPage(ctx context.Context, shard int, after string, limit int) ([]push.Subscription, error) {
	lo := "-"
	if after != "" {
		lo = "(" + after
	}
	ids, err := s.c.ZRangeArgs(ctx, goredis.ZRangeArgs{Key: s.pushShardKey(shard), Start: lo, Stop: "+",
		ByLex: true, Count: int64(limit)}).Result()
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = s.pushSubKey(id)
	}
	docs, err := s.c.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, fmt.Errorf("subscriptions of shard %d: %w", shard, err)
	}
	out := make([]push.Subscription, 0, len(docs))
	for i, d := range docs {
		str, ok := d.(string)
		if !ok {
			continue // deleted between the two reads
		}
		sub, err := push.DecodeStored(ids[i], []byte(str))
		if err != nil {
			return nil, fmt.Errorf("decode subscription %s: %w", ids[i], err)
		}
		out = append(out, sub)
	}
	return out, nil
}

// CountSubscriptions implements push.Store.
func (s *Store) CountSubscriptions(ctx context.Context) (int, error) {
	cmds, err := s.c.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for n := range push.Shards {
			p.ZCard(ctx, s.pushShardKey(n))
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	total := 0
	for _, c := range cmds {
		total += int(c.(*goredis.IntCmd).Val())
	}
	return total, nil
}

// Job implements push.Store.
func (s *Store) Job(ctx context.Context, id string) (*push.Job, error) {
	doc, err := s.c.Get(ctx, s.pushJobKey(id)).Bytes()
	if errors.Is(err, goredis.Nil) || string(doc) == "done" {
		return nil, push.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("job %s: %w", id, err)
	}
	var j push.Job
	if err := json.Unmarshal(doc, &j); err != nil {
		return nil, fmt.Errorf("decode job %s: %w", id, err)
	}
	return &j, nil
}

// PendingTasks implements push.Store: finished tasks are deleted from the stream.
func (s *Store) PendingTasks(ctx context.Context) (int, error) {
	n, err := s.c.XLen(ctx, s.pushTasksKey()).Result()
	return int(n), err
}
