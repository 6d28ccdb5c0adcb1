package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/httpcache"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
	"github.com/antifraud-alliance/beacon/internal/ratelimit"
)

// LookupService is what the lookup, listing and report handlers need.
type LookupService interface {
	Lookup(ctx context.Context, kind ident.Kind, value, region string) (*lookup.Result, error)
	Range(ctx context.Context, prefix string) (*lookup.RangeAnswer, error)
	Import(ctx context.Context, actor audit.Entry, agency, format string, r io.Reader) (*lookup.ImportReport, error)
	Delist(ctx context.Context, actor audit.Entry, id, reason string) (*lookup.Listing, error)
	Submit(ctx context.Context, in lookup.ReportInput) (*lookup.Report, error)
	Reports(ctx context.Context, status lookup.ReportStatus, before string, limit int) ([]*lookup.Report, error)
	Accept(ctx context.Context, actor audit.Entry, id, reason string) (*lookup.Report, error)
	Reject(ctx context.Context, actor audit.Entry, id, reason string) (*lookup.Report, error)
}

// Limits are the per-client request allowances per minute; 0 turns one off.
type Limits struct {
	Limiter ratelimit.Limiter
	Keyer   *ratelimit.Keyer
	Lookup  int
	Report  int
}

// Middleware spends one request of the kind for the calling client.
func (l Limits) Middleware(kind string, perMinute int) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if perMinute <= 0 || l.Limiter == nil {
			return c.Next()
		}
		ok, retry, err := l.Limiter.Allow(c.UserContext(), kind, l.Keyer.Key(c.IP()), perMinute)
		if err != nil {
			return err
		}
		if !ok {
			p := NewProblem("rate-limited", "Too many requests from your connection; wait a moment and try again.")
			p.headers = map[string]string{fiber.HeaderRetryAfter: strconv.Itoa(int(retry/time.Second) + 1)}
			return p
		}
		return c.Next()
	}
}

type lookupHandlers struct {
	svc     LookupService
	advice  func(lang string, v lookup.Verdict) string
	advised adviceMemo
	ranges  *httpcache.Cache // encoded range answers, the same for everyone all day
}

// rangeCacheFor bounds how late another node's listing change shows in a
// range answer; this node drops the cache at once on its own changes.
const rangeCacheFor = time.Minute

// lookupAnswer is the JSON of a server-side check (see DESIGN.md).
type lookupAnswer struct {
	Kind      ident.Kind     `json:"kind"`
	Canonical string         `json:"canonical"`
	Verdict   lookup.Verdict `json:"verdict"`
	Listing   *publicListing `json:"listing"`
	Advice    string         `json:"advice"`
}

type publicListing struct {
	ID         string          `json:"id"`
	Status     lookup.Status   `json:"status"`
	Typologies []string        `json:"typologies"`
	Regions    []string        `json:"regions"`
	Sources    []lookup.Source `json:"sources"`
	FirstSeen  time.Time       `json:"firstSeen"`
	LastSeen   time.Time       `json:"lastSeen"`
	Reports    int             `json:"reports"`
	Label      *string         `json:"label"`
}

func toPublicListing(l *lookup.Listing) *publicListing {
	if l == nil {
		return nil
	}
	p := &publicListing{ID: l.ID, Status: l.Status, Typologies: l.Typologies, Regions: l.Regions, Sources: l.Sources,
		FirstSeen: l.FirstSeen, LastSeen: l.LastSeen, Reports: l.Reports}
	if l.Label != "" {
		label := l.Label
		p.Label = &label
	}
	return p
}

// get answers a server-side check. The value is in the query, which the
// request log never records.
func (h *lookupHandlers) get(c *fiber.Ctx) error {
	kind, value, region, lang := c.Query("kind"), c.Query("value"), c.Query("region"), c.Query("lang", "en")
	res, err := h.svc.Lookup(c.UserContext(), ident.Kind(kind), value, region)
	var ie *ident.Error
	if errors.As(err, &ie) {
		field := "value"
		if ie.Code == "unknown-kind" {
			field = "kind"
		}
		return NewProblem("invalid-identifier", ie.Error(), fieldError(field, ie.Error()))
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	body, err := appendLookupAnswer(make([]byte, 0, 512), lookupAnswer{Kind: res.ID.Kind, Canonical: res.ID.Canonical,
		Verdict: res.Verdict, Listing: toPublicListing(res.Listing), Advice: h.advised.get(lang, res.Verdict, h.advice)})
	if err != nil {
		return err
	}
	c.Response().SetBodyRaw(body)
	c.Response().Header.SetContentType(fiber.MIMEApplicationJSON)
	return nil
}

func (h *lookupHandlers) rangeq(c *fiber.Ctx) error {
	prefix := c.Params("prefix")
	now := time.Now()
	e, ok := h.ranges.Get(prefix, now)
	if !ok {
		ans, err := h.svc.Range(c.UserContext(), string([]byte(prefix)))
		if err != nil {
			return err
		}
		body, err := json.Marshal(ans)
		if err != nil {
			return err
		}
		e = h.ranges.Put(ans.Prefix, "", body, now.Add(rangeCacheFor))
	}
	// Stable for a day and the same for everyone asking: caches may keep it a while.
	return httpcache.Send(c, e, "public, max-age=60", fiber.MIMEApplicationJSON)
}

// forgetRanges drops cached range answers after a change to the listings.
func (h *lookupHandlers) forgetRanges(c *fiber.Ctx) error {
	err := c.Next()
	if c.Response().StatusCode() < 300 {
		h.ranges.Forget("")
	}
	return err
}
