package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/ids"
	"github.com/antifraud-alliance/beacon/internal/store"
	"github.com/antifraud-alliance/beacon/internal/trends"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// trendTests are the conformance tests of trends.Store and trends.Counter.
var trendTests = []struct {
	name string
	fn   func(*testing.T, store.Backend)
}{
	{"TrendReportsStored", testTrendStore},
	{"TrendReportsPublicOrder", testTrendPublicOrder},
	{"TrendCounts", testTrendCounts},
}

// NewTrend returns a valid trend report as the service would create it; a
// published one was published i minutes after the suite's base time.
func NewTrend(i int, status workflow.Status) *trends.Report {
	at := base.Add(time.Duration(i) * time.Minute)
	r := &trends.Report{
		Record: workflow.Record{ID: ids.New(at), Slug: fmt.Sprintf("trend-%03d", i), Revision: 1, Status: status,
			Agency: "TH", Author: "tok1", AuthorName: "Author", Editors: []string{"tok1"}, CreatedAt: at, UpdatedAt: at},
		Content: trends.Content{From: "2026-07-01", To: "2026-09-30",
			Translations: map[string]trends.Translation{"en": {Title: "Q3", Summary: "S", Body: "B"}, "ar": {Title: "ر", Summary: "م", Body: "ن"}}},
	}
	if status == workflow.StatusPublished || status == workflow.StatusRetracted {
		r.PublishedAt, r.Version = &at, 1
		r.History = []workflow.VersionInfo{{Version: 1, PublishedAt: at, Reviewer: "tok2"}}
	}
	return r
}

func testTrendStore(t *testing.T, s store.Backend) {
	ctx := context.Background()
	r := NewTrend(1, workflow.StatusDraft)
	if err := s.CreateTrend(ctx, r, entry("trend.create", "trend:"+r.ID)); err != nil {
		t.Fatalf("CreateTrend: %v", err)
	}
	byID, err1 := s.Trend(ctx, r.ID)
	bySlug, err2 := s.TrendBySlug(ctx, r.Slug)
	if err1 != nil || err2 != nil || mustJSON(t, byID) != mustJSON(t, r) || mustJSON(t, bySlug) != mustJSON(t, r) {
		t.Fatalf("read back: %v %v\n got %s\nwant %s", err1, err2, mustJSON(t, byID), mustJSON(t, r))
	}
	if _, err := s.Trend(ctx, ids.New(base)); !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("unknown id: %v, want ErrNotFound", err)
	}
	if _, err := s.TrendBySlug(ctx, r.Slug+"-x"); !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("unknown slug: %v, want ErrNotFound", err)
	}
	twin := NewTrend(2, workflow.StatusDraft)
	twin.Slug = r.Slug
	if err := s.CreateTrend(ctx, twin, entry("trend.create", "trend:"+twin.ID)); !errors.Is(err, workflow.ErrSlugTaken) {
		t.Errorf("second report with one slug: %v, want ErrSlugTaken", err)
	}
	// An alert may have the same slug: the kinds have their own namespaces.
	a := NewAlert(3, "draft")
	a.Slug = r.Slug
	if err := s.CreateAlert(ctx, a, entry("alert.create", "alert:"+a.ID)); err != nil {
		t.Errorf("alert with a trend report's slug: %v", err)
	}
	pub := r.Copy()
	now := base.Add(time.Hour)
	pub.Status, pub.Revision, pub.Version, pub.PublishedAt = workflow.StatusPublished, 2, 1, &now
	pub.Pending = &trends.Pending{Content: pub.Content.Clone(), PendingState: workflow.PendingState{Status: workflow.StatusDraft, Editors: []string{"tok3"}, CreatedAt: now}}
	if err := s.UpdateTrend(ctx, pub, 1, entry("trend.approve", "trend:"+r.ID)); err != nil {
		t.Fatalf("UpdateTrend: %v", err)
	}
	stale := pub.Copy()
	stale.Revision, stale.To = 3, "2026-08-31"
	if err := s.UpdateTrend(ctx, stale, 1, entry("trend.update", "trend:"+r.ID)); !errors.Is(err, workflow.ErrConflict) {
		t.Errorf("stale update: %v, want ErrConflict", err)
	}
	if err := s.UpdateTrend(ctx, NewTrend(9, workflow.StatusDraft), 1, entry("trend.update", "trend:x")); !errors.Is(err, workflow.ErrNotFound) {
		t.Errorf("update of an unknown report: %v, want ErrNotFound", err)
	}
	if got, err := s.Trend(ctx, r.ID); err != nil || mustJSON(t, got) != mustJSON(t, pub) {
		t.Errorf("after the stale update:\n got %s\nwant %s (%v)", mustJSON(t, got), mustJSON(t, pub), err)
	}
	if n := auditCount(t, s); n != 3 { // create, alert create, approve; nothing of the failures
		t.Errorf("audit has %d entries, want 3", n)
	}
	drafts, _ := s.ListTrends(ctx, workflow.ListQuery{Status: workflow.StatusDraft, Limit: 10})
	published, _ := s.ListTrends(ctx, workflow.ListQuery{Status: workflow.StatusPublished, Limit: 10})
	if len(drafts) != 0 || len(published) != 1 || published[0].ID != r.ID {
		t.Errorf("status index: %d drafts, %d published", len(drafts), len(published))
	}
}

func testTrendPublicOrder(t *testing.T, s store.Backend) {
	ctx := context.Background()
	same := base.Add(48 * time.Hour)
	var want []workflow.PublicKey
	for i := range 9 {
		st := []workflow.Status{workflow.StatusPublished, workflow.StatusRetracted, workflow.StatusDraft}[i%3]
		r := NewTrend(i, st)
		if i >= 6 && r.PublishedAt != nil {
			r.PublishedAt = &same // ties are broken by id, newest first
		}
		if err := s.CreateTrend(ctx, r, entry("trend.create", "trend:"+r.ID)); err != nil {
			t.Fatal(err)
		}
		if r.Public() {
			want = append(want, r.Fields().Key())
		}
	}
	for i := range want { // the public order, by hand
		for j := i + 1; j < len(want); j++ {
			if want[j].Before(want[i]) {
				want[i], want[j] = want[j], want[i]
			}
		}
	}
	var got []workflow.PublicKey
	var after *workflow.PublicKey
	for range 10 {
		page, err := s.ListPublicTrends(ctx, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page {
			got = append(got, r.Fields().Key())
		}
		if len(page) < 2 {
			break
		}
		k := got[len(got)-1]
		after = &k
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("public order:\n got %v\nwant %v", got, want)
	}
}
