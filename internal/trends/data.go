package trends

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/antifraud-alliance/beacon/internal/lookup"
)

// Data is what a report's charts and tables show: Beacon's own counts for
// the report's period. Only aggregate counts, never a record.
type Data struct {
	From     string         `json:"from"`
	To       string         `json:"to"`
	Alerts   []AlertCount   `json:"alerts"`
	Listings []ListingCount `json:"listings"`
	Reports  []ReportCount  `json:"reports"`
	Lookups  []LookupCount  `json:"lookups"`
}

// Data computes the aggregates of the report's period (its live content's).
func (s *Service) Data(ctx context.Context, r *Report) (*Data, error) {
	return Compute(ctx, s.count, &r.Content)
}

// Compute asks the counter for the aggregates of c's period.
func Compute(ctx context.Context, counter Counter, c *Content) (*Data, error) {
	span, err := c.Period()
	if err != nil {
		return nil, err
	}
	d := &Data{From: c.From, To: c.To}
	if d.Alerts, err = counter.AlertCounts(ctx, span); err != nil {
		return nil, fmt.Errorf("count alerts: %w", err)
	}
	if d.Listings, err = counter.ListingCounts(ctx, span); err != nil {
		return nil, fmt.Errorf("count listings: %w", err)
	}
	if d.Reports, err = counter.ReportCounts(ctx, span); err != nil {
		return nil, fmt.Errorf("count reports: %w", err)
	}
	first, last := span.Days()
	raw, err := counter.LookupCounts(ctx, first, last)
	if err != nil {
		return nil, fmt.Errorf("count lookups: %w", err)
	}
	d.Lookups = byDayAndVerdict(raw)
	return d, nil
}

// byDayAndVerdict adds up the kinds of each day's checks with one verdict.
func byDayAndVerdict(raw []lookup.Count) []LookupCount {
	sums := map[[2]string]int64{}
	for _, c := range raw {
		sums[[2]string{c.Day, c.Verdict}] += c.N
	}
	out := make([]LookupCount, 0, len(sums))
	for k, n := range sums {
		out = append(out, LookupCount{Day: k[0], Verdict: k[1], N: n})
	}
	slices.SortFunc(out, func(a, b LookupCount) int {
		return cmp.Or(strings.Compare(a.Day, b.Day), strings.Compare(a.Verdict, b.Verdict))
	})
	return out
}

// Total is a count under one key, e.g. reports of one typology.
type Total struct {
	Key string
	N   int64
}

// sumBy adds up counts by key, largest first (ties by key, so the order is stable).
func sumBy[T any](list []T, key func(T) string, n func(T) int64) []Total {
	sums := map[string]int64{}
	for _, c := range list {
		sums[key(c)] += n(c)
	}
	out := make([]Total, 0, len(sums))
	for k, v := range sums {
		out = append(out, Total{Key: k, N: v})
	}
	slices.SortFunc(out, func(a, b Total) int { return cmp.Or(cmp.Compare(b.N, a.N), strings.Compare(a.Key, b.Key)) })
	return out
}

// ReportsByTypology totals the accepted reports of each typology.
func (d *Data) ReportsByTypology() []Total {
	return sumBy(d.Reports, func(c ReportCount) string { return c.Typology }, func(c ReportCount) int64 { return c.N })
}

// ReportsByCountry totals the accepted reports of each country.
func (d *Data) ReportsByCountry() []Total {
	return sumBy(d.Reports, func(c ReportCount) string { return c.Country }, func(c ReportCount) int64 { return c.N })
}

// AlertsByTypology totals the published alerts of each typology.
func (d *Data) AlertsByTypology() []Total {
	return sumBy(d.Alerts, func(c AlertCount) string { return c.Typology }, func(c AlertCount) int64 { return c.N })
}

// ListingsByKind totals the listings added of each kind.
func (d *Data) ListingsByKind() []Total {
	return sumBy(d.Listings, func(c ListingCount) string { return c.Kind }, func(c ListingCount) int64 { return c.N })
}

// Week is the checks of seven days (fewer for the period's last week) by verdict.
type Week struct {
	Start     time.Time
	Days      int
	ByVerdict map[string]int64
}

// Verdicts lists the verdicts of lookups in the order charts show them.
var Verdicts = []string{string(lookup.VerdictHighRisk), string(lookup.VerdictSuspicious),
	string(lookup.VerdictOfficial), string(lookup.VerdictNoRecord)}

// Weeks groups the checks by week, counted from the period's first day, so
// that every week but the last is a whole one. Every week of the period is
// there, with zeros where there were no checks.
func (d *Data) Weeks() []Week {
	from, err1 := ParseDay(d.From)
	to, err2 := ParseDay(d.To)
	if err1 != nil || err2 != nil || to.Before(from) {
		return nil
	}
	days := int(to.Sub(from).Hours()/24) + 1
	weeks := make([]Week, (days+6)/7)
	for i := range weeks {
		weeks[i] = Week{Start: from.AddDate(0, 0, 7*i), Days: min(7, days-7*i), ByVerdict: map[string]int64{}}
		for _, v := range Verdicts {
			weeks[i].ByVerdict[v] = 0
		}
	}
	for _, c := range d.Lookups {
		day, err := ParseDay(c.Day)
		if err != nil || day.Before(from) || day.After(to) {
			continue
		}
		weeks[int(day.Sub(from).Hours()/24)/7].ByVerdict[c.Verdict] += c.N
	}
	return weeks
}

// Totals are the sums of each data set.
type Totals struct {
	Alerts, Listings, Reports, Lookups int64
}

// Totals adds up each data set.
func (d *Data) Totals() Totals {
	var t Totals
	for _, c := range d.Alerts {
		t.Alerts += c.N
	}
	for _, c := range d.Listings {
		t.Listings += c.N
	}
	for _, c := range d.Reports {
		t.Reports += c.N
	}
	for _, c := range d.Lookups {
		t.Lookups += c.N
	}
	return t
}
