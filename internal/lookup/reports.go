package lookup

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/antifraud-alliance/beacon/internal/valid"

	"golang.org/x/text/currency"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/ids"
	"github.com/antifraud-alliance/beacon/internal/iso3166"
	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
)

// ReportStatus is where a citizen's report stands in moderation.
type ReportStatus string

// The report statuses.
const (
	ReportPending  ReportStatus = "pending"
	ReportAccepted ReportStatus = "accepted"
	ReportRejected ReportStatus = "rejected"
)

// MaxDescription bounds what a citizen writes about what happened.
const MaxDescription = 2000

// ReportInput is what a citizen sends. No name or contact is asked for.
type ReportInput struct {
	Kind        string   `json:"kind"`
	Value       string   `json:"value"`
	Typology    string   `json:"typology"`
	Country     string   `json:"country"`
	Description string   `json:"description"`
	Amount      *float64 `json:"amount"`
	Currency    string   `json:"currency"`
	OccurredOn  string   `json:"occurredOn"`
}

// Report is a stored citizen report. It holds the identifier in canonical
// form and nothing about who sent it.
type Report struct {
	ID          string       `json:"id"`
	Kind        ident.Kind   `json:"kind"`
	Canonical   string       `json:"canonical"`
	Hash        string       `json:"hash"`
	Typology    string       `json:"typology"`
	Country     string       `json:"country"`
	Description string       `json:"description"`
	Amount      *float64     `json:"amount,omitempty"`
	Currency    string       `json:"currency,omitempty"`
	OccurredOn  string       `json:"occurredOn,omitempty"`
	Status      ReportStatus `json:"status"`
	CreatedAt   time.Time    `json:"createdAt"`
	DecidedAt   *time.Time   `json:"decidedAt,omitempty"`
	DecidedBy   string       `json:"decidedBy,omitempty"`
	Reason      string       `json:"reason,omitempty"`
}

// Submit validates a report and queues it for moderation.
func (s *Service) Submit(ctx context.Context, in ReportInput) (*Report, error) {
	now := s.cfg.Now().UTC()
	v := &valid.Errors{What: "report"}
	bad := func(f, d string) { v.Add(f, "%s", d) }
	if !iso3166.Valid(in.Country) {
		bad("country", "must be an upper-case ISO 3166-1 alpha-2 code")
	}
	id, err := ident.Parse(ident.Kind(in.Kind), in.Value, in.Country)
	if err != nil {
		field := "value"
		if e, ok := err.(*ident.Error); ok && e.Code == "unknown-kind" {
			field = "kind"
		}
		bad(field, err.Error())
	}
	if !slices.Contains(alerts.Typologies, in.Typology) {
		bad("typology", "must be one of the typology slugs")
	}
	desc := strings.TrimSpace(in.Description)
	switch n := len([]rune(desc)); {
	case n == 0:
		bad("description", "tell us briefly what happened")
	case n > MaxDescription:
		bad("description", fmt.Sprintf("is %d characters; the limit is %d", n, MaxDescription))
	case strings.IndexFunc(desc, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) >= 0:
		bad("description", "contains control characters")
	}
	if in.Amount != nil && (*in.Amount < 0 || *in.Amount > 1e12) {
		bad("amount", "must be between 0 and 1,000,000,000,000")
	}
	if in.Currency != "" {
		if _, err := currency.ParseISO(in.Currency); err != nil || strings.ToUpper(in.Currency) != in.Currency {
			bad("currency", "must be an ISO 4217 code such as THB or EUR")
		}
	}
	if in.OccurredOn != "" {
		t, err := time.Parse("2006-01-02", in.OccurredOn)
		if err != nil || t.After(now) || t.Year() < 1990 {
			bad("occurredOn", "must be a past date written YYYY-MM-DD")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	r := &Report{ID: ids.New(now), Kind: id.Kind, Canonical: id.Canonical, Hash: id.Hash(), Typology: in.Typology,
		Country: in.Country, Description: desc, Amount: in.Amount, Currency: in.Currency, OccurredOn: in.OccurredOn,
		Status: ReportPending, CreatedAt: now}
	if err := s.store.CreateReport(ctx, r); err != nil {
		return nil, fmt.Errorf("store report: %w", err)
	}
	return r, nil
}

// Reports lists reports in a status, newest first.
func (s *Service) Reports(ctx context.Context, status ReportStatus, before string, limit int) ([]*Report, error) {
	return s.store.ListReports(ctx, status, before, limit)
}

// Accept counts a report toward its identifier's listing (creating it as
// "reported" when it is new): enough accepted reports make it suspicious.
func (s *Service) Accept(ctx context.Context, actor audit.Entry, id, reason string) (*Report, error) {
	return s.decide(ctx, actor, id, ReportAccepted, reason)
}

// Reject closes a report without counting it; a reason is required.
func (s *Service) Reject(ctx context.Context, actor audit.Entry, id, reason string) (*Report, error) {
	if strings.TrimSpace(reason) == "" {
		return nil, valid.Field("report", "reason", "a reason is required")
	}
	return s.decide(ctx, actor, id, ReportRejected, reason)
}

func (s *Service) decide(ctx context.Context, actor audit.Entry, id string, to ReportStatus, reason string) (*Report, error) {
	if len([]rune(reason)) > 1000 {
		return nil, valid.Field("report", "reason", "at most 1000 characters")
	}
	r, err := s.store.Report(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.Status != ReportPending {
		return nil, ErrConflict
	}
	now := s.cfg.Now().UTC()
	r.Status, r.DecidedAt, r.DecidedBy, r.Reason = to, &now, actor.Actor, strings.TrimSpace(reason)
	var l *Listing
	if to == ReportAccepted {
		found, err := s.store.ListingsByHash(ctx, []string{r.Hash})
		if err != nil {
			return nil, err
		}
		l = found[r.Hash]
		if l == nil {
			l = &Listing{ID: IDOf(r.Hash), Hash: r.Hash, Kind: r.Kind, Canonical: r.Canonical, Status: StatusReported}
		} else {
			c := *l
			l = &c
		}
		l.Reports++
		l.Typologies = union(l.Typologies, []string{r.Typology})
		l.Regions = union(l.Regions, []string{r.Country})
		l.seen(r.CreatedAt)
		l.UpdatedAt = now
	}
	e := actor
	e.At, e.Action, e.Subject = now, "report."+strings.TrimSuffix(string(to), "ed"), "report:"+r.ID
	if to == ReportAccepted {
		e.Action = "report.accept"
	}
	e.FromStatus, e.ToStatus, e.Reason = string(ReportPending), string(to), r.Reason
	if err := s.store.DecideReport(ctx, r, l, e); err != nil {
		return nil, err
	}
	return r, nil
}
