package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/ids"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
	"github.com/antifraud-alliance/beacon/internal/store"
	"github.com/antifraud-alliance/beacon/internal/trends"
)

func day(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// countFixture stores alerts, listings, reports and lookup counts around the
// third quarter of 2026, with records on both sides of every boundary and of
// every kind the counts must leave out.
func countFixture(t *testing.T, s store.Backend) {
	ctx := context.Background()
	for i, a := range []struct {
		at, status, severity string
		typologies           []string
	}{
		{"2026-07-05T10:00:00Z", "published", "warning", []string{"phishing", "parcel-scam"}},
		{"2026-08-10T10:00:00Z", "published", "critical", []string{"phishing"}},
		{"2026-09-30T23:59:59.999Z", "published", "warning", []string{"investment-scam"}}, // last instant: in
		{"2026-10-01T00:00:00Z", "published", "warning", []string{"phishing"}},            // first instant after: out
		{"2026-06-30T23:59:59Z", "published", "info", []string{"phishing"}},               // before: out
		{"2026-07-20T10:00:00Z", "retracted", "warning", []string{"phishing"}},            // withdrawn: out
		{"2026-07-21T10:00:00Z", "draft", "warning", []string{"phishing"}},                // never published: out
	} {
		al := NewAlert(100+i, alerts.Status(a.status))
		al.Severity, al.Typologies = alerts.Severity(a.severity), a.typologies
		if al.PublishedAt != nil {
			at := day(a.at)
			al.PublishedAt = &at
		}
		if err := s.CreateAlert(ctx, al, entry("alert.create", "alert:"+al.ID)); err != nil {
			t.Fatal(err)
		}
	}
	var ls []*lookup.Listing
	for i, l := range []struct {
		kind, seen string
		regions    []string
		official   bool
		status     lookup.Status
	}{
		{"phone", "2026-07-02T08:00:00Z", []string{"TH"}, false, lookup.StatusVerified},
		{"phone", "2026-08-03T08:00:00Z", []string{"TH", "MY"}, false, lookup.StatusReported},
		{"url", "2026-09-30T23:00:00Z", nil, false, lookup.StatusVerified},               // no region
		{"phone", "2026-10-01T00:00:00Z", []string{"TH"}, false, lookup.StatusVerified},  // after: out
		{"email", "2026-06-30T12:00:00Z", []string{"SG"}, false, lookup.StatusVerified},  // before: out
		{"phone", "2026-07-10T08:00:00Z", []string{"TH"}, true, lookup.StatusVerified},   // official contact: out
		{"wallet", "2026-07-11T08:00:00Z", []string{"VN"}, false, lookup.StatusDelisted}, // false positive: out
	} {
		x := listing(i, hashOf("c0ffe", i))
		x.Kind, x.Regions, x.Official, x.Status = ident.Kind(l.kind), l.regions, l.official, l.status
		x.FirstSeen, x.LastSeen = day(l.seen), day(l.seen)
		ls = append(ls, x)
	}
	if err := s.PutListings(ctx, ls); err != nil {
		t.Fatal(err)
	}
	for i, r := range []struct {
		at, typology, country string
		status                lookup.ReportStatus
	}{
		{"2026-07-01T00:00:00Z", "phishing", "TH", lookup.ReportAccepted}, // first instant: in
		{"2026-07-15T09:00:00Z", "phishing", "TH", lookup.ReportAccepted},
		{"2026-08-01T09:00:00Z", "phishing", "MY", lookup.ReportAccepted},
		{"2026-09-09T09:00:00Z", "investment-scam", "TH", lookup.ReportAccepted},
		{"2026-09-30T23:59:59.999Z", "investment-scam", "TH", lookup.ReportAccepted},
		{"2026-10-01T00:00:00Z", "phishing", "TH", lookup.ReportAccepted},     // after: out
		{"2026-06-30T23:59:59.999Z", "phishing", "TH", lookup.ReportAccepted}, // before: out
		{"2026-08-02T09:00:00Z", "phishing", "TH", lookup.ReportPending},      // not moderated: out
		{"2026-08-03T09:00:00Z", "phishing", "TH", lookup.ReportRejected},     // rejected: out
	} {
		at := day(r.at)
		rep := &lookup.Report{ID: ids.New(at), Kind: "phone", Canonical: "+66812345678", Hash: hashOf("77777", i),
			Typology: r.typology, Country: r.country, Description: "d", Status: r.status, CreatedAt: at}
		if err := s.CreateReport(ctx, rep); err != nil {
			t.Fatal(err)
		}
	}
	err := s.AddLookupCounts(ctx, []lookup.Count{
		{Day: "2026-06-30", Kind: "phone", Verdict: "high_risk", N: 50}, // before: out
		{Day: "2026-07-01", Kind: "phone", Verdict: "high_risk", N: 3},
		{Day: "2026-07-01", Kind: "url", Verdict: "high_risk", N: 4}, // the kinds add up
		{Day: "2026-07-08", Kind: "phone", Verdict: "no_record", N: 10},
		{Day: "2026-09-30", Kind: "email", Verdict: "suspicious", N: 2},
		{Day: "2026-10-01", Kind: "phone", Verdict: "high_risk", N: 70}, // after: out
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testTrendCounts checks every aggregate against counts made by hand from
// countFixture, for several periods.
func testTrendCounts(t *testing.T, s store.Backend) {
	countFixture(t, s)
	tests := []struct {
		name, from, to                     string
		alerts, listings, reports, lookups string
	}{
		{"the quarter", "2026-07-01", "2026-09-30",
			"[{investment-scam warning 1} {parcel-scam warning 1} {phishing critical 1} {phishing warning 1}]",
			"[{phone MY 1} {phone TH 2} {url  1}]",
			"[{investment-scam TH 2} {phishing MY 1} {phishing TH 2}]",
			"[{2026-07-01 high_risk 7} {2026-07-08 no_record 10} {2026-09-30 suspicious 2}]"},
		{"its last day", "2026-09-30", "2026-09-30",
			"[{investment-scam warning 1}]", "[{url  1}]", "[{investment-scam TH 1}]", "[{2026-09-30 suspicious 2}]"},
		{"the next day", "2026-10-01", "2026-10-01",
			"[{phishing warning 1}]", "[{phone TH 1}]", "[{phishing TH 1}]", "[{2026-10-01 high_risk 70}]"},
		{"a week with nothing", "2026-05-01", "2026-05-07", "[]", "[]", "[]", "[]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := trends.Compute(context.Background(), s, &trends.Content{From: tc.from, To: tc.to})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct{ what, got, want string }{
				{"alerts", fmt.Sprint(d.Alerts), tc.alerts}, {"listings", fmt.Sprint(d.Listings), tc.listings},
				{"reports", fmt.Sprint(d.Reports), tc.reports}, {"lookups", fmt.Sprint(d.Lookups), tc.lookups},
			} {
				if c.got != c.want {
					t.Errorf("%s:\n got %s\nwant %s", c.what, c.got, c.want)
				}
			}
		})
	}
}
