package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/antifraud-alliance/beacon/internal/push"
)

// The queue scripts take the stream as KEYS[1] and build the job's keys from
// the prefix, as the job is only known inside (claim) or to keep one shape.

var enqueueScript = goredis.NewScript(`
local stream, group, p, job, doc, shards = KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
redis.pcall('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM')
if not redis.call('SET', p .. 'push:job:' .. job, doc, 'NX') then return 0 end
redis.call('SET', p .. 'push:left:' .. job, shards)
for i = 0, shards - 1 do redis.call('XADD', stream, '*', 'job', job, 'shard', i) end
return 1`)

var claimScript = goredis.NewScript(`
local stream, group, owner, lease, p = KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4]
redis.pcall('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM')
local entry
local r = redis.call('XAUTOCLAIM', stream, group, owner, lease, '0-0', 'COUNT', 1)
if r[2][1] then entry = r[2][1] end
if not entry then
  local n = redis.call('XREADGROUP', 'GROUP', group, owner, 'COUNT', 1, 'STREAMS', stream, '>')
  if n and n[1][2][1] then entry = n[1][2][1] end
end
if not entry then return false end
local job, shard = entry[2][2], entry[2][4]
local claims = redis.call('HINCRBY', p .. 'push:claims:' .. job, shard, 1)
local cursor = redis.call('HGET', p .. 'push:cursor:' .. job, shard) or ''
return {entry[1], job, shard, cursor, claims}`)

// holds is the fence every task script starts with: the entry is pending
// for this owner and nobody claimed the task since.
const holds = `
local stream, group, owner, id, p, job, shard, claims = KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
if #redis.call('XPENDING', stream, group, id, id, 1, owner) == 0 then return 0 end
if redis.call('HGET', p .. 'push:claims:' .. job, shard) ~= claims then return 0 end
`

var checkpointScript = goredis.NewScript(holds + `
redis.call('XCLAIM', stream, group, owner, 0, id, 'JUSTID')
redis.call('HSET', p .. 'push:cursor:' .. job, shard, ARGV[8])
return 1`)

var releaseScript = goredis.NewScript(holds + `
redis.call('XCLAIM', stream, group, owner, 0, id, 'IDLE', ARGV[8], 'JUSTID')
return 1`)

var finishScript = goredis.NewScript(holds + `
redis.call('XACK', stream, group, id)
redis.call('XDEL', stream, id)
redis.call('HDEL', p .. 'push:cursor:' .. job, shard)
if redis.call('DECR', p .. 'push:left:' .. job) > 0 then return 1 end
redis.call('DEL', p .. 'push:left:' .. job, p .. 'push:cursor:' .. job, p .. 'push:claims:' .. job)
redis.call('SET', p .. 'push:job:' .. job, 'done', 'EX', ARGV[8])
return 2`)

// EnqueueJob implements push.Store: the job and its tasks in one script.
func (s *Store) EnqueueJob(ctx context.Context, j *push.Job) (bool, error) {
	doc, err := json.Marshal(j)
	if err != nil {
		return false, err
	}
	n, err := enqueueScript.Run(ctx, s.c, []string{s.pushTasksKey()}, pushGroup, s.p, j.ID, doc, push.Shards).Int()
	if err != nil {
		return false, fmt.Errorf("enqueue job %s: %w", j.ID, err)
	}
	return n == 1, nil
}

// ClaimTask implements push.Store.
func (s *Store) ClaimTask(ctx context.Context, owner string, lease time.Duration) (*push.Task, error) {
	res, err := claimScript.Run(ctx, s.c, []string{s.pushTasksKey()}, pushGroup, owner, lease.Milliseconds(), s.p).Slice()
	if err == goredis.Nil {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("claim task: %w", err)
	}
	if len(res) != 5 {
		return nil, fmt.Errorf("claim task: unexpected answer %v", res)
	}
	shard, err := strconv.Atoi(fmt.Sprint(res[2]))
	if err != nil {
		return nil, fmt.Errorf("claim task: shard %v: %w", res[2], err)
	}
	claims, _ := res[4].(int64)
	return &push.Task{Ref: fmt.Sprint(res[0]), Job: fmt.Sprint(res[1]), Shard: shard, Cursor: fmt.Sprint(res[3]),
		Owner: owner, Claims: int(claims)}, nil
}

// taskRun runs one of the fenced task scripts; 0 means the lease was lost.
func (s *Store) taskRun(ctx context.Context, sc *goredis.Script, t *push.Task, extra any) (int, error) {
	n, err := sc.Run(ctx, s.c, []string{s.pushTasksKey()}, pushGroup, t.Owner, t.Ref, s.p, t.Job, t.Shard,
		t.Claims, extra).Int()
	if err != nil {
		return 0, fmt.Errorf("task %s/%d: %w", t.Job, t.Shard, err)
	}
	if n == 0 {
		return 0, push.ErrLeaseLost
	}
	return n, nil
}

// CheckpointTask implements push.Store.
func (s *Store) CheckpointTask(ctx context.Context, t *push.Task, cursor string, _ time.Duration) error {
	_, err := s.taskRun(ctx, checkpointScript, t, cursor)
	return err
}

// ReleaseTask implements push.Store: the entry is marked idle for a year,
// longer than any lease, so the next XAUTOCLAIM takes it.
func (s *Store) ReleaseTask(ctx context.Context, t *push.Task) error {
	_, err := s.taskRun(ctx, releaseScript, t, (365 * 24 * time.Hour).Milliseconds())
	return err
}

// FinishTask implements push.Store.
func (s *Store) FinishTask(ctx context.Context, t *push.Task) (bool, error) {
	n, err := s.taskRun(ctx, finishScript, t, int64(doneFor.Seconds()))
	return n == 2, err
}
