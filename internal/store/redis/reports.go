package redis

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/lookup"
)

// maxCountDays bounds the days LookupCounts reads: one HGETALL each.
const maxCountDays = 400

// errReportID is returned for a report whose id is stored already (SQLite
// reports it as a constraint failure).
var errReportID = errors.New("a report with this id already exists")

func (s *Store) reportKey(id string) string      { return s.p + "report:" + id }
func (s *Store) reportKeyPrefix() string         { return s.p + "report:" }
func (s *Store) reportsKey(status string) string { return s.p + "reports:" + status }
func (s *Store) countsKey(day string) string     { return s.p + "lookup-counts:" + day }
func (s *Store) secretKey(name string) string    { return s.p + "secret:" + name }

// CreateReport implements lookup.Store.
func (s *Store) CreateReport(ctx context.Context, r *lookup.Report) error {
	doc, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	key := s.reportKey(r.ID)
	err = s.atomically(ctx, errContended, func(tx *goredis.Tx) error {
		n, err := tx.Exists(ctx, key).Result()
		if err != nil {
			return err
		}
		if n > 0 {
			return errReportID
		}
		_, err = tx.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
			pipe.Set(ctx, key, doc, 0)
			pipe.ZAdd(ctx, s.reportsKey(string(r.Status)), goredis.Z{Member: r.ID})
			return nil
		})
		return err
	}, key)
	if err != nil {
		return fmt.Errorf("insert report %s: %w", r.ID, err)
	}
	return nil
}

// Report implements lookup.Store.
func (s *Store) Report(ctx context.Context, id string) (*lookup.Report, error) {
	raw, err := s.c.Get(ctx, s.reportKey(id)).Bytes()
	if isNil(err) {
		return nil, lookup.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("report %s: %w", id, err)
	}
	return decode[lookup.Report](raw, "report")
}

// ListReports implements lookup.Store: newest first, below the id before
// (exclusive) when it is set; a negative limit means no limit. Index and
// documents are read in one step by the script alert pages use.
func (s *Store) ListReports(ctx context.Context, status lookup.ReportStatus, before string, limit int) ([]*lookup.Report, error) {
	if limit == 0 {
		return nil, nil
	}
	end := "+"
	if before != "" {
		end = "(" + before
	}
	key := s.reportsKey(string(status))
	res, err := pageScript.RunRO(ctx, s.c, []string{key}, end, limit, s.reportKeyPrefix(), "false").Slice()
	if err != nil {
		return nil, fmt.Errorf("list reports: %w", err)
	}
	out := make([]*lookup.Report, 0, len(res))
	for i, v := range res {
		doc, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("list reports: entry %d of index %s has no document", i, key)
		}
		r, err := decode[lookup.Report]([]byte(doc), "report")
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// DecideReport implements lookup.Store. As in the SQLite backend, a report
// that is not stored has nothing pending to decide: ErrConflict.
func (s *Store) DecideReport(ctx context.Context, r *lookup.Report, l *lookup.Listing, e audit.Entry) error {
	doc, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	var ls []*lookup.Listing
	if l != nil {
		ls = append(ls, l)
	}
	key := s.reportKey(r.ID)
	err = s.atomically(ctx, errContended, func(tx *goredis.Tx) error {
		raw, err := tx.Get(ctx, key).Bytes()
		if isNil(err) {
			return lookup.ErrConflict
		}
		if err != nil {
			return err
		}
		old, err := decode[lookup.Report](raw, "report")
		if err != nil {
			return err
		}
		if old.Status != lookup.ReportPending {
			return lookup.ErrConflict
		}
		p, err := s.planListings(ctx, tx, ls)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
			pipe.Set(ctx, key, doc, 0)
			pipe.ZRem(ctx, s.reportsKey(string(old.Status)), r.ID)
			pipe.ZAdd(ctx, s.reportsKey(string(r.Status)), goredis.Z{Member: r.ID})
			s.queueListings(ctx, pipe, p)
			s.appendAudit(ctx, pipe, e)
			return nil
		})
		return err
	}, append([]string{key}, s.listingKeys(ls)...)...)
	if err != nil && !errors.Is(err, lookup.ErrConflict) {
		return fmt.Errorf("decide report %s: %w", r.ID, err)
	}
	return err
}

// AddLookupCounts implements lookup.Store, in one MULTI. Days must be
// YYYY-MM-DD, as LookupCounts finds them by date, and verdicts free of "|",
// which ends the kind in the hash field.
func (s *Store) AddLookupCounts(ctx context.Context, counts []lookup.Count) error {
	for _, c := range counts {
		if _, err := parseDay(c.Day); err != nil {
			return fmt.Errorf("count lookups: %w", err)
		}
		if strings.Contains(c.Verdict, "|") {
			return fmt.Errorf("count lookups: verdict %q contains |", c.Verdict)
		}
	}
	if len(counts) == 0 {
		return nil
	}
	if _, err := s.c.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
		for _, c := range counts {
			pipe.HIncrBy(ctx, s.countsKey(c.Day), c.Kind+"|"+c.Verdict, c.N)
		}
		return nil
	}); err != nil {
		return fmt.Errorf("count lookups: %w", err)
	}
	return nil
}

// LookupCounts implements lookup.Store, ordered by day, kind and verdict: one
// HGETALL per day of the range, in one MULTI, so at most maxCountDays days.
func (s *Store) LookupCounts(ctx context.Context, from, to string) ([]lookup.Count, error) {
	first, err := parseDay(from)
	if err != nil {
		return nil, fmt.Errorf("lookup counts: %w", err)
	}
	last, err := parseDay(to)
	if err != nil {
		return nil, fmt.Errorf("lookup counts: %w", err)
	}
	if last.Before(first) {
		return nil, nil
	}
	// The Duration saturates for ranges of centuries, which stay above the bound.
	if days := last.Sub(first) / (24 * time.Hour); days >= maxCountDays {
		return nil, fmt.Errorf("lookup counts %s to %s: at most %d days at a time", from, to, maxCountDays)
	}
	var days []string
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		days = append(days, d.Format(time.DateOnly))
	}
	cmds := make([]*goredis.MapStringStringCmd, len(days))
	if _, err := s.c.TxPipelined(ctx, func(pipe goredis.Pipeliner) error {
		for i, d := range days {
			cmds[i] = pipe.HGetAll(ctx, s.countsKey(d))
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("lookup counts: %w", err)
	}
	var out []lookup.Count
	for i, cmd := range cmds {
		var day []lookup.Count
		for field, v := range cmd.Val() {
			n, err := strconv.ParseInt(v, 10, 64)
			sep := strings.LastIndexByte(field, '|')
			if err != nil || sep < 0 {
				return nil, fmt.Errorf("lookup counts: %s: bad field %q = %q", days[i], field, v)
			}
			day = append(day, lookup.Count{Day: days[i], Kind: field[:sep], Verdict: field[sep+1:], N: n})
		}
		slices.SortFunc(day, func(a, b lookup.Count) int {
			return cmp.Or(strings.Compare(a.Kind, b.Kind), strings.Compare(a.Verdict, b.Verdict))
		})
		out = append(out, day...)
	}
	return out, nil
}

// parseDay parses a YYYY-MM-DD day, refusing any other spelling of it.
func parseDay(day string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil || t.Format(time.DateOnly) != day {
		return time.Time{}, fmt.Errorf("day %q is not YYYY-MM-DD", day)
	}
	return t, nil
}

// Secret implements lookup.Store: the first node to ask creates it, every
// node reads the one stored.
func (s *Store) Secret(ctx context.Context, name string, gen func() ([]byte, error)) ([]byte, error) {
	v, err := gen()
	if err != nil {
		return nil, err
	}
	key := s.secretKey(name)
	if err := s.c.SetNX(ctx, key, v, 0).Err(); err != nil {
		return nil, fmt.Errorf("create secret %s: %w", name, err)
	}
	got, err := s.c.Get(ctx, key).Bytes()
	if isNil(err) {
		return nil, fmt.Errorf("secret %s vanished", name)
	}
	if err != nil {
		return nil, fmt.Errorf("read secret %s: %w", name, err)
	}
	return got, nil
}
