package lookup

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/iso3166"
	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
)

// ImportLine is one listing as an import takes it (NDJSON object or CSV row).
type ImportLine struct {
	Kind       string   `json:"kind"`
	Value      string   `json:"value"`
	Region     string   `json:"region"`
	Status     string   `json:"status"`
	Official   bool     `json:"official"`
	Label      string   `json:"label"`
	Typologies []string `json:"typologies"`
	Reference  string   `json:"reference"`
	Seen       string   `json:"seen"` // optional YYYY-MM-DD
}

// LineError is why one line of an import was refused.
type LineError struct {
	Line   int    `json:"line"`
	Field  string `json:"field,omitempty"`
	Detail string `json:"detail"`
}

// ImportReport sums up an import.
type ImportReport struct {
	Lines           int         `json:"lines"`
	Accepted        int         `json:"accepted"`
	Created         int         `json:"created"`
	Updated         int         `json:"updated"`
	Unchanged       int         `json:"unchanged"`
	Rejected        int         `json:"rejected"`
	Errors          []LineError `json:"errors"`
	ErrorsTruncated bool        `json:"errorsTruncated,omitempty"`
}

const (
	maxReportedErrors = 1000
	importBatch       = 10000
)

// parsed is a valid line ready to merge.
type parsed struct {
	line int
	id   ident.ID
	hash string // id.Hash(), computed with the line's checks on every core
	in   ImportLine
	seen time.Time
}

// validate checks one line and returns it canonicalised.
func validateLine(n int, in ImportLine, now time.Time) (parsed, *LineError) {
	bad := func(field, format string, a ...any) (parsed, *LineError) {
		return parsed{}, &LineError{Line: n, Field: field, Detail: fmt.Sprintf(format, a...)}
	}
	if in.Region != "" && !iso3166.Valid(in.Region) {
		return bad("region", "%q is not an upper-case ISO 3166-1 alpha-2 code", in.Region)
	}
	id, err := ident.Parse(ident.Kind(in.Kind), in.Value, in.Region)
	if err != nil {
		field := "value"
		if e, ok := err.(*ident.Error); ok && e.Code == "unknown-kind" {
			field = "kind"
		}
		return bad(field, "%v", err)
	}
	switch in.Status {
	case "":
		in.Status = string(StatusVerified)
	case string(StatusVerified), string(StatusReported):
	default:
		return bad("status", "must be verified or reported (delist with POST /api/v1/listings/{id}/delist)")
	}
	if in.Official && strings.TrimSpace(in.Label) == "" {
		return bad("label", "an official contact needs a label saying whose it is")
	}
	if len([]rune(in.Label)) > 200 || len([]rune(in.Reference)) > 100 {
		return bad("label", "label is at most 200 characters and reference at most 100")
	}
	if len(in.Typologies) > alerts.MaxTypologies {
		return bad("typologies", "at most %d typologies", alerts.MaxTypologies)
	}
	for _, t := range in.Typologies {
		if !slices.Contains(alerts.Typologies, t) {
			return bad("typologies", "%q is not a known typology", t)
		}
	}
	seen := now
	if in.Seen != "" {
		t, err := time.Parse("2006-01-02", in.Seen)
		if err != nil || t.After(now) || t.Year() < 1990 {
			return bad("seen", "must be a past date written YYYY-MM-DD")
		}
		seen = t
	}
	return parsed{line: n, id: id, hash: id.Hash(), in: in, seen: seen}, nil
}

// importer applies valid lines in batches: one read of the existing
// listings and one write per batch, so memory stays bounded and SQLite
// commits a few hundred times per million lines, not a million times.
//
// A batch is written in the background while the next one is read and
// merged, since the store's single writer is what an import waits for.
// The read may miss the batch being written, so that batch's listings
// (inflight) stand in for what the store returns for their hashes.
type importer struct {
	s        *Service
	agency   string
	now      time.Time
	batch    []parsed
	rep      *ImportReport
	inflight map[string]*Listing // the batch being written, by hash
	written  chan error          // its outcome; nil when none is being written
	pending  int                 // its lines, accepted once it is written
}

func (im *importer) reject(e *LineError) {
	im.rep.Rejected++
	if len(im.rep.Errors) < maxReportedErrors {
		im.rep.Errors = append(im.rep.Errors, *e)
	} else {
		im.rep.ErrorsTruncated = true
	}
}

func (im *importer) add(ctx context.Context, p parsed) error {
	im.batch = append(im.batch, p)
	if len(im.batch) >= importBatch {
		return im.flush(ctx)
	}
	return nil
}

// flush merges the batch into the listings as they will be once the batch
// being written is, waits for that write, and starts writing this batch.
func (im *importer) flush(ctx context.Context) error {
	if len(im.batch) == 0 {
		return nil
	}
	hashes := make([]string, len(im.batch))
	for i, p := range im.batch {
		hashes[i] = p.hash
	}
	existing, err := im.s.store.ListingsByHash(ctx, hashes)
	if err != nil {
		return fmt.Errorf("read listings: %w", err)
	}
	for _, h := range hashes {
		if l, ok := im.inflight[h]; ok {
			existing[h] = l
		}
	}
	puts := im.mergeBatch(existing)
	if err := im.wait(); err != nil {
		return err
	}
	im.inflight = ByHash(puts)
	im.written, im.pending = make(chan error, 1), len(im.batch)
	go func(done chan<- error) { done <- im.s.store.PutListings(ctx, puts) }(im.written)
	im.batch = im.batch[:0]
	return nil
}

// wait waits for the batch being written, if any.
func (im *importer) wait() error {
	if im.written == nil {
		return nil
	}
	err := <-im.written
	im.written = nil
	if err != nil {
		return fmt.Errorf("write listings: %w", err)
	}
	im.rep.Accepted += im.pending
	return nil
}

// mergeBatch folds the batch into existing, counts what changed, and
// returns the listings to write, in the order first changed.
func (im *importer) mergeBatch(existing map[string]*Listing) []*Listing {
	changed := map[string]*Listing{}
	var order []string
	for _, p := range im.batch {
		cur := changed[p.hash]
		if cur == nil {
			cur = existing[p.hash]
		}
		next, what := im.merge(cur, p)
		switch what {
		case "created":
			im.rep.Created++
		case "updated":
			im.rep.Updated++
		default:
			im.rep.Unchanged++
			continue
		}
		if _, ok := changed[p.hash]; !ok {
			order = append(order, p.hash)
		}
		changed[p.hash] = next
	}
	puts := make([]*Listing, 0, len(order))
	for _, h := range order {
		puts = append(puts, changed[h])
	}
	return puts
}

// merge folds a line into a listing. Applying the same line twice changes
// nothing the second time, which makes imports safe to repeat.
func (im *importer) merge(cur *Listing, p parsed) (*Listing, string) {
	if cur == nil {
		l := &Listing{ID: IDOf(p.hash), Hash: p.hash, Kind: p.id.Kind, Canonical: p.id.Canonical,
			Status: Status(p.in.Status), Official: p.in.Official, Label: p.in.Label, Typologies: union(nil, p.in.Typologies),
			Regions: union(nil, []string{p.in.Region}), FirstSeen: p.seen, LastSeen: p.seen, UpdatedAt: im.now}
		l.addSource(Source{Agency: im.agency, Reference: p.in.Reference})
		return l, "created"
	}
	next := *cur
	next.Typologies = union(cur.Typologies, p.in.Typologies)
	next.Regions = union(cur.Regions, []string{p.in.Region})
	next.Sources = append([]Source{}, cur.Sources...)
	next.addSource(Source{Agency: im.agency, Reference: p.in.Reference})
	// An import never weakens a listing: verified stays verified, official stays official.
	if cur.Status == StatusDelisted || (cur.Status == StatusReported && p.in.Status == string(StatusVerified)) {
		next.Status, next.DelistReason = Status(p.in.Status), ""
	}
	if p.in.Official && !cur.Official {
		next.Official, next.Label = true, p.in.Label
	}
	if p.in.Seen != "" {
		next.seen(p.seen)
	}
	if same(&next, cur) {
		return cur, "unchanged"
	}
	next.UpdatedAt = im.now
	return &next, "updated"
}

func same(a, b *Listing) bool {
	return a.Status == b.Status && a.Official == b.Official && a.Label == b.Label && a.FirstSeen.Equal(b.FirstSeen) &&
		a.LastSeen.Equal(b.LastSeen) && slices.Equal(a.Typologies, b.Typologies) && slices.Equal(a.Regions, b.Regions) &&
		slices.Equal(a.Sources, b.Sources) && a.DelistReason == b.DelistReason
}

// recordImport writes one audit entry summing up an import.
func (s *Service) recordImport(ctx context.Context, actor audit.Entry, rep *ImportReport) error {
	e := actor
	e.At, e.Action, e.Subject = s.cfg.Now().UTC(), "listings.import", "listings"
	e.Reason = fmt.Sprintf("%d lines: %d created, %d updated, %d unchanged, %d rejected", rep.Lines, rep.Created, rep.Updated, rep.Unchanged, rep.Rejected)
	return s.store.RecordAudit(ctx, e)
}
