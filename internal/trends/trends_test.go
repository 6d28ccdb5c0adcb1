package trends_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/store"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

var (
	ana  = trends.Actor{ID: "tok-ana", Name: "Ana", Role: auth.RoleAuthor, Agency: "TH"}
	rex  = trends.Actor{ID: "tok-rex", Name: "Rex", Role: auth.RoleReviewer, Agency: "TH"}
	rita = trends.Actor{ID: "tok-rita", Name: "Rita", Role: auth.RoleReviewer, Agency: "MY"}
	now  = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
)

func quarter() trends.Content {
	return trends.Content{From: "2026-07-01", To: "2026-09-30", Translations: map[string]trends.Translation{
		"en": {Title: "Fraud in the third quarter", Summary: "Phishing rose.", Body: "**Phishing** rose."}}}
}

func forEachBackend(t *testing.T, fn func(t *testing.T, svc *trends.Service, st store.Backend, changes *[]trends.Change)) {
	for _, k := range storetest.Kinds {
		t.Run(k.Name, func(t *testing.T) {
			t.Parallel()
			st := k.Open(t)
			var changes []trends.Change
			svc := trends.NewService(st, st, trends.Options{Now: func() time.Time { return now },
				OnChange: func(c trends.Change) { changes = append(changes, c) }})
			fn(t, svc, st, &changes)
		})
	}
}

// TestLifecycle: the report goes through the alerts' workflow, four-eyes
// rule and audit log included, and a publication is announced as public.
func TestLifecycle(t *testing.T) {
	forEachBackend(t, func(t *testing.T, svc *trends.Service, st store.Backend, changes *[]trends.Change) {
		ctx := context.Background()
		r, err := svc.Create(ctx, rex, quarter())
		if err != nil {
			t.Fatal(err)
		}
		if r.Slug != "fraud-in-the-third-quarter" || r.Status != workflow.StatusDraft || r.Agency != "TH" {
			t.Fatalf("created: %+v", r.Record)
		}
		if _, err := svc.Submit(ctx, rex, r.ID, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Approve(ctx, rex, r.ID, 0); !errors.Is(err, workflow.ErrFourEyes) {
			t.Errorf("the author approving: %v, want ErrFourEyes", err)
		}
		if _, err := svc.Approve(ctx, ana, r.ID, 0); !errors.Is(err, workflow.ErrForbidden) {
			t.Errorf("an author role approving: %v, want ErrForbidden", err)
		}
		pub, err := svc.Approve(ctx, rita, r.ID, 0)
		if err != nil || pub.Status != workflow.StatusPublished || pub.Version != 1 || pub.PublishedAt == nil {
			t.Fatalf("approved: %+v %v", pub, err)
		}
		last := (*changes)[len(*changes)-1]
		if last.Action != "trend.approve" || !last.Public || last.Report.ID != r.ID {
			t.Errorf("the publication's change: %+v", last)
		}
		// A correction goes to a pending revision; the live text stays.
		fix := trends.Translation{Title: "Fraud in the third quarter of 2026", Summary: "Phishing rose.", Body: "Fixed."}
		if _, err := svc.PutTranslation(ctx, ana, r.ID, 0, "en", fix); err != nil {
			t.Fatal(err)
		}
		live, err := svc.Public(ctx, r.Slug)
		if err != nil || live.Translations["en"].Title != quarter().Translations["en"].Title || live.Pending == nil {
			t.Fatalf("live report during the revision: %+v %v", live, err)
		}
		svc.Submit(ctx, ana, r.ID, 0)
		if got, err := svc.Approve(ctx, rex, r.ID, 0); err != nil || got.Version != 2 || got.Translations["en"].Title != fix.Title {
			t.Fatalf("approving the revision: %+v %v", got, err)
		}
		if _, err := svc.Retract(ctx, rita, r.ID, 0, "Counted a test agency's reports"); err != nil {
			t.Fatal(err)
		}
		entries, _ := st.ListAudit(ctx, audit.Query{Subject: "trend:" + r.ID, Limit: 50})
		var trail []string
		for i := len(entries) - 1; i >= 0; i-- {
			trail = append(trail, entries[i].Action+":"+entries[i].ToStatus)
		}
		want := "[trend.create:draft trend.submit:in_review trend.approve:published trend.update:published+revision:draft " +
			"trend.submit:published+revision:in_review trend.approve:published trend.retract:retracted]"
		if fmt.Sprint(trail) != want {
			t.Errorf("audit trail:\n got %v\nwant %s", trail, want)
		}
	})
}

func TestValidation(t *testing.T) {
	tests := []struct {
		name     string
		change   func(*trends.Content)
		fields   string
		toReview bool
	}{
		{"valid", func(*trends.Content) {}, "", true},
		{"a single day", func(c *trends.Content) { c.From, c.To = "2026-11-22", "2026-11-22" }, "", true},
		{"not a date", func(c *trends.Content) { c.From = "1 July" }, "from", false},
		{"no leading zero", func(c *trends.Content) { c.To = "2026-9-30" }, "to", false},
		{"backwards", func(c *trends.Content) { c.From, c.To = "2026-09-30", "2026-07-01" }, "to", false},
		{"over a year", func(c *trends.Content) { c.From = "2025-06-01" }, "to", false},
		{"in the future", func(c *trends.Content) { c.To = "2026-11-23" }, "to", false},
		{"bad language", func(c *trends.Content) { c.Translations["xx"] = c.Translations["en"] }, "translations.xx", false},
		{"no English, for review", func(c *trends.Content) {
			c.Translations = map[string]trends.Translation{"th": {Title: "ไตรมาสสาม", Summary: "ส", Body: "บ"}}
		}, "translations.en", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := quarter()
			tc.change(&c)
			err := c.Check(now, tc.toReview)
			var got []string
			var ve *trends.ValidationError
			if errors.As(err, &ve) {
				for _, f := range ve.Fields {
					got = append(got, f.Field)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got, ",") != tc.fields {
				t.Errorf("invalid fields %v, want %q", got, tc.fields)
			}
		})
	}
}

func TestWeeksAndTotals(t *testing.T) {
	d := &trends.Data{From: "2026-07-01", To: "2026-07-16", Lookups: []trends.LookupCount{
		{Day: "2026-07-01", Verdict: "high_risk", N: 2}, {Day: "2026-07-07", Verdict: "high_risk", N: 3},
		{Day: "2026-07-08", Verdict: "no_record", N: 5}, {Day: "2026-07-16", Verdict: "suspicious", N: 7},
		{Day: "2026-07-17", Verdict: "suspicious", N: 100}, // outside the period: ignored
	}}
	weeks := d.Weeks()
	var got []string
	for _, w := range weeks {
		got = append(got, fmt.Sprintf("%s/%d:%d,%d,%d,%d", w.Start.Format("01-02"), w.Days,
			w.ByVerdict["high_risk"], w.ByVerdict["suspicious"], w.ByVerdict["official"], w.ByVerdict["no_record"]))
	}
	if want := "[07-01/7:5,0,0,0 07-08/7:0,0,0,5 07-15/2:0,7,0,0]"; fmt.Sprint(got) != want {
		t.Errorf("weeks %v, want %s", got, want)
	}
	d.Reports = []trends.ReportCount{{"investment-scam", "TH", 2}, {"phishing", "MY", 1}, {"phishing", "TH", 2}}
	if got := fmt.Sprint(d.ReportsByTypology()); got != "[{phishing 3} {investment-scam 2}]" {
		t.Errorf("by typology: %s", got)
	}
	if got := fmt.Sprint(d.ReportsByCountry()); got != "[{TH 4} {MY 1}]" {
		t.Errorf("by country: %s", got)
	}
	if got := d.Totals(); got.Reports != 5 || got.Lookups != 117 {
		t.Errorf("totals %+v", got)
	}
}

func TestCSV(t *testing.T) {
	d := &trends.Data{From: "2026-07-01", To: "2026-07-02",
		Alerts:   []trends.AlertCount{{"phishing", "warning", 3}},
		Listings: []trends.ListingCount{{"url", "", 1}},
		Reports:  []trends.ReportCount{{"phishing", "TH", 2}},
		Lookups:  []trends.LookupCount{{"2026-07-01", "high_risk", 7}}}
	b, err := d.CSV()
	if err != nil {
		t.Fatal(err)
	}
	want := "dataset,dimension1,value1,dimension2,value2,count\r\n" +
		"alerts,typology,phishing,severity,warning,3\r\nlistings,kind,url,region,,1\r\n" +
		"reports,typology,phishing,country,TH,2\r\nlookups,day,2026-07-01,verdict,high_risk,7\r\n"
	if string(b) != want {
		t.Errorf("CSV:\n%q\nwant\n%q", b, want)
	}
}
