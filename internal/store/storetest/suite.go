package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/ids"
	"github.com/antifraud-alliance/beacon/internal/store"
)

// Run is the conformance suite: open must return a fresh, empty backend.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Backend)
	}{
		{"AlertRoundTrip", testAlertRoundTrip},
		{"SlugUnique", testSlugUnique},
		{"UpdateCompareAndSwap", testUpdateCAS},
		{"ConcurrentUpdatesOneWins", testConcurrentUpdates},
		{"ListAlertsPagingAndStatus", testListAlerts},
		{"ListPublicOrder", testListPublic},
		{"Tokens", testTokens},
		{"AuditPaging", testAudit},
		{"ListingsRoundTrip", testListings},
		{"ListingsByPrefix", testListingsByPrefix},
		{"ListingsByAlert", testListingsByAlert},
		{"ReportsModeration", testReports},
		{"LookupCountsAndSecrets", testCountsAndSecrets},
	}
	tests = append(tests, pushTests...)
	tests = append(tests, trendTests...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, open(t))
		})
	}
}

var base = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// NewAlert returns a valid alert as the service would create it.
func NewAlert(i int, status alerts.Status) *alerts.Alert {
	at := base.Add(time.Duration(i) * time.Minute)
	exp := at.Add(90 * 24 * time.Hour)
	a := &alerts.Alert{
		ID: ids.New(at), Slug: fmt.Sprintf("alert-%03d", i), Revision: 1, Status: status,
		Content: alerts.Content{
			Severity: alerts.SeverityWarning, Typologies: []string{"phishing"}, Regions: []string{"TH"},
			Channels: []string{"sms"}, Indicators: []alerts.Indicator{{Kind: "url", Value: "https://x.example/" + fmt.Sprint(i)}},
			ExpiresAt:    &exp,
			Translations: map[string]alerts.Translation{"en": {Title: "T", Summary: "S", Body: "B"}, "th": {Title: "ท", Summary: "ส", Body: "บ"}},
		},
		Agency: "TH", Author: "tok1", AuthorName: "Author", Editors: []string{"tok1"}, CreatedAt: at, UpdatedAt: at,
	}
	if status == alerts.StatusPublished || status == alerts.StatusRetracted {
		a.PublishedAt, a.Version = &at, 1
		a.History = []alerts.VersionInfo{{Version: 1, PublishedAt: at, Reviewer: "tok2"}}
	}
	return a
}

func entry(action, subject string) audit.Entry {
	return audit.Entry{At: base, Actor: "tok1", ActorName: "Author", Action: action, Subject: subject, ToStatus: "draft", ToVersion: 0}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func auditCount(t *testing.T, s store.Backend) int {
	t.Helper()
	got, err := s.ListAudit(context.Background(), audit.Query{Limit: 1000})
	if err != nil {
		t.Fatalf("ListAudit: %v", err)
	}
	return len(got)
}

func testAlertRoundTrip(t *testing.T, s store.Backend) {
	ctx := context.Background()
	a := NewAlert(1, alerts.StatusDraft)
	if err := s.CreateAlert(ctx, a, entry("alert.create", "alert:"+a.ID)); err != nil {
		t.Fatalf("CreateAlert: %v", err)
	}
	for name, get := range map[string]func() (*alerts.Alert, error){
		"by id":   func() (*alerts.Alert, error) { return s.Alert(ctx, a.ID) },
		"by slug": func() (*alerts.Alert, error) { return s.AlertBySlug(ctx, a.Slug) },
	} {
		got, err := get()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if mustJSON(t, got) != mustJSON(t, a) {
			t.Errorf("%s: got %s\nwant %s", name, mustJSON(t, got), mustJSON(t, a))
		}
	}
	if _, err := s.Alert(ctx, ids.New(base)); !errors.Is(err, alerts.ErrNotFound) {
		t.Errorf("unknown id: got %v, want ErrNotFound", err)
	}
	if _, err := s.AlertBySlug(ctx, "no-such-slug"); !errors.Is(err, alerts.ErrNotFound) {
		t.Errorf("unknown slug: got %v, want ErrNotFound", err)
	}
}

func testSlugUnique(t *testing.T, s store.Backend) {
	ctx := context.Background()
	a, b := NewAlert(1, alerts.StatusDraft), NewAlert(2, alerts.StatusDraft)
	b.Slug = a.Slug
	if err := s.CreateAlert(ctx, a, entry("alert.create", "alert:"+a.ID)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAlert(ctx, b, entry("alert.create", "alert:"+b.ID)); !errors.Is(err, alerts.ErrSlugTaken) {
		t.Fatalf("second alert with slug %q: got %v, want ErrSlugTaken", a.Slug, err)
	}
	if n := auditCount(t, s); n != 1 {
		t.Errorf("failed create left an audit entry: %d entries", n)
	}
	if _, err := s.Alert(ctx, b.ID); !errors.Is(err, alerts.ErrNotFound) {
		t.Errorf("failed create left the alert behind: %v", err)
	}
}

func testUpdateCAS(t *testing.T, s store.Backend) {
	ctx := context.Background()
	a := NewAlert(1, alerts.StatusInReview)
	if err := s.CreateAlert(ctx, a, entry("alert.create", "alert:"+a.ID)); err != nil {
		t.Fatal(err)
	}
	pub := *a
	now := base.Add(time.Hour)
	pub.Status, pub.Revision, pub.Version, pub.PublishedAt = alerts.StatusPublished, 2, 1, &now
	if err := s.UpdateAlert(ctx, &pub, 1, entry("alert.approve", "alert:"+a.ID)); err != nil {
		t.Fatalf("UpdateAlert: %v", err)
	}
	stale := pub
	stale.Revision = 3
	stale.Severity = alerts.SeverityCritical
	if err := s.UpdateAlert(ctx, &stale, 1, entry("alert.update", "alert:"+a.ID)); !errors.Is(err, alerts.ErrConflict) {
		t.Fatalf("stale update: got %v, want ErrConflict", err)
	}
	got, err := s.Alert(ctx, a.ID)
	if err != nil || mustJSON(t, got) != mustJSON(t, &pub) {
		t.Errorf("after stale update: got %v %v, want the approved alert", got, err)
	}
	if n := auditCount(t, s); n != 2 {
		t.Errorf("audit has %d entries, want 2 (the stale update must not be recorded)", n)
	}
	ghost := NewAlert(9, alerts.StatusDraft)
	if err := s.UpdateAlert(ctx, ghost, 1, entry("alert.update", "alert:"+ghost.ID)); !errors.Is(err, alerts.ErrNotFound) {
		t.Errorf("update of unknown alert: got %v, want ErrNotFound", err)
	}
	if page, _ := s.ListPublic(ctx, nil, 10); len(page) != 1 || page[0].ID != a.ID {
		t.Errorf("published alert not in public list: %v", page)
	}
	if page, _ := s.ListAlerts(ctx, alerts.ListQuery{Status: alerts.StatusInReview, Limit: 10}); len(page) != 0 {
		t.Errorf("status index not updated: %d alerts still in review", len(page))
	}
}

func testConcurrentUpdates(t *testing.T, s store.Backend) {
	ctx := context.Background()
	a := NewAlert(1, alerts.StatusDraft)
	if err := s.CreateAlert(ctx, a, entry("alert.create", "alert:"+a.ID)); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := *a
			b.Revision = 2
			b.Translations = map[string]alerts.Translation{"en": {Title: fmt.Sprint(i), Summary: "S", Body: "B"}}
			errs[i] = s.UpdateAlert(ctx, &b, 1, entry("alert.update", "alert:"+a.ID))
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, alerts.ErrConflict):
			t.Errorf("unexpected error: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d concurrent updates from the same revision succeeded, want exactly 1", won)
	}
	if c := auditCount(t, s); c != 2 {
		t.Errorf("audit has %d entries, want 2", c)
	}
}
