package redis

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/antifraud-alliance/beacon/internal/audit"
)

// appendAuditScript adds an entry to the main stream (KEYS[1]) and, under the
// stream ID Redis chose there, to the subject's stream (KEYS[2]). Every entry
// of a subject stream is also in the main stream, so the main stream's new ID
// is always above the subject stream's last one.
const appendAuditScript = `
local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV))
redis.call('XADD', KEYS[2], id, unpack(ARGV))
return id`

// appendAudit queues the entry on pipe, which must be the MULTI of the change
// the entry records. EVAL, not EVALSHA: see the package comment.
func (s *Store) appendAudit(ctx context.Context, pipe goredis.Pipeliner, e audit.Entry) {
	pipe.Eval(ctx, appendAuditScript, []string{s.auditKey(), s.subjectKey(e.Subject)},
		"at", e.At.UnixNano(), "actor", e.Actor, "actor_name", e.ActorName, "action", e.Action,
		"subject", e.Subject, "from_status", e.FromStatus, "to_status", e.ToStatus,
		"from_version", e.FromVersion, "to_version", e.ToVersion, "reason", e.Reason)
}

// ListAudit implements audit.Store. Entry IDs are stream IDs ("ms-seq"); Before
// is exclusive, and valid for the subject streams too, which share the IDs.
func (s *Store) ListAudit(ctx context.Context, q audit.Query) ([]audit.Entry, error) {
	end := "+"
	if q.Before != "" {
		id, err := parseCursor(q.Before)
		if err != nil {
			return nil, err
		}
		end = "(" + id
	}
	if q.Limit == 0 {
		return nil, nil
	}
	key := s.auditKey()
	if q.Subject != "" {
		key = s.subjectKey(q.Subject)
	}
	var cmd *goredis.XMessageSliceCmd
	if q.Limit < 0 { // as SQLite's LIMIT -1: no limit
		cmd = s.c.XRevRange(ctx, key, end, "-")
	} else {
		cmd = s.c.XRevRangeN(ctx, key, end, "-", int64(q.Limit))
	}
	msgs, err := cmd.Result()
	if err != nil {
		return nil, fmt.Errorf("list audit: %w", err)
	}
	var out []audit.Entry
	for _, m := range msgs {
		e, err := decodeEntry(m)
		if err != nil {
			return nil, fmt.Errorf("list audit: entry %s: %w", m.ID, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// parseCursor accepts only the "ms-seq" stream IDs ListAudit hands out, in canonical form.
func parseCursor(c string) (string, error) {
	msText, seqText, ok := strings.Cut(c, "-")
	ms, err1 := strconv.ParseUint(msText, 10, 64)
	seq, err2 := strconv.ParseUint(seqText, 10, 64)
	if !ok || err1 != nil || err2 != nil || (ms == 0 && seq == 0) {
		return "", fmt.Errorf("%w: %q", audit.ErrBadCursor, c)
	}
	return strconv.FormatUint(ms, 10) + "-" + strconv.FormatUint(seq, 10), nil
}

func decodeEntry(m goredis.XMessage) (audit.Entry, error) {
	str := func(k string) string { v, _ := m.Values[k].(string); return v }
	num := func(k string) (int64, error) {
		n, err := strconv.ParseInt(str(k), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("field %s: %w", k, err)
		}
		return n, nil
	}
	at, err := num("at")
	if err != nil {
		return audit.Entry{}, err
	}
	from, err := num("from_version")
	if err != nil {
		return audit.Entry{}, err
	}
	to, err := num("to_version")
	if err != nil {
		return audit.Entry{}, err
	}
	return audit.Entry{
		ID: m.ID, At: time.Unix(0, at).UTC(), Actor: str("actor"), ActorName: str("actor_name"),
		Action: str("action"), Subject: str("subject"), FromStatus: str("from_status"), ToStatus: str("to_status"),
		FromVersion: int(from), ToVersion: int(to), Reason: str("reason"),
	}, nil
}
