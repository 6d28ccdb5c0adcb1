package alerts_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

var (
	ana   = alerts.Actor{ID: "tok-ana", Name: "Ana", Role: auth.RoleAuthor, Agency: "TH"}
	rex   = alerts.Actor{ID: "tok-rex", Name: "Rex", Role: auth.RoleReviewer, Agency: "TH"}
	rita  = alerts.Actor{ID: "tok-rita", Name: "Rita", Role: auth.RoleReviewer, Agency: "MY"}
	admin = alerts.Actor{ID: "tok-adm", Name: "Adm", Role: auth.RoleAdmin, Agency: "SG"}
)

func content() alerts.Content {
	exp := time.Now().Add(30 * 24 * time.Hour)
	return alerts.Content{
		Severity: alerts.SeverityWarning, Typologies: []string{"phishing"}, Regions: []string{"TH"}, Channels: []string{"sms"},
		ExpiresAt:    &exp,
		Translations: map[string]alerts.Translation{"en": {Title: "Parcel texts", Summary: "Do not click.", Body: "Delete it."}},
	}
}

func forEachBackend(t *testing.T, fn func(t *testing.T, svc *alerts.Service, st audit.Store)) {
	for _, k := range storetest.Kinds {
		t.Run(k.Name, func(t *testing.T) {
			t.Parallel()
			st := k.Open(t)
			fn(t, alerts.NewService(st, alerts.Options{}), st)
		})
	}
}

func TestFourEyes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, svc *alerts.Service, _ audit.Store) {
		ctx := context.Background()
		// A reviewer may write alerts too, and then may not approve them.
		a, err := svc.Create(ctx, rex, content())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Submit(ctx, rex, a.ID, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Approve(ctx, rex, a.ID, 0); !errors.Is(err, alerts.ErrFourEyes) {
			t.Fatalf("author approving own alert: %v, want ErrFourEyes", err)
		}
		if _, err := svc.Reject(ctx, rex, a.ID, 0, "nope"); !errors.Is(err, alerts.ErrFourEyes) {
			t.Fatalf("author rejecting own alert: %v, want ErrFourEyes", err)
		}
		if _, err := svc.Approve(ctx, ana, a.ID, 0); !errors.Is(err, alerts.ErrForbidden) {
			t.Fatalf("author role approving: %v, want ErrForbidden", err)
		}
		got, err := svc.Approve(ctx, rita, a.ID, 0)
		if err != nil || got.Status != alerts.StatusPublished || got.Version != 1 || got.Reviewer != rita.ID {
			t.Fatalf("another reviewer approving: %+v %v", got, err)
		}
	})
}

func TestCoEditorCannotApprove(t *testing.T) {
	forEachBackend(t, func(t *testing.T, svc *alerts.Service, _ audit.Store) {
		ctx := context.Background()
		a, _ := svc.Create(ctx, ana, content())
		sev := alerts.SeverityCritical
		if _, err := svc.Edit(ctx, rex, a.ID, 0, alerts.Patch{Severity: &sev}); err != nil {
			t.Fatal(err)
		}
		svc.Submit(ctx, ana, a.ID, 0)
		if _, err := svc.Approve(ctx, rex, a.ID, 0); !errors.Is(err, alerts.ErrFourEyes) {
			t.Fatalf("reviewer who edited the draft approving: %v, want ErrFourEyes", err)
		}
		if _, err := svc.Approve(ctx, admin, a.ID, 0); err != nil {
			t.Fatalf("admin who did not edit: %v", err)
		}
	})
}

func TestRevisionStaysPendingUntilApproved(t *testing.T) {
	forEachBackend(t, func(t *testing.T, svc *alerts.Service, log audit.Store) {
		ctx := context.Background()
		a, _ := svc.Create(ctx, ana, content())
		svc.Submit(ctx, ana, a.ID, 0)
		if _, err := svc.Approve(ctx, rex, a.ID, 0); err != nil {
			t.Fatal(err)
		}
		newEN := alerts.Translation{Title: "Parcel texts: now with QR codes", Summary: "Do not scan.", Body: "Delete it."}
		if _, err := svc.PutTranslation(ctx, ana, a.ID, 0, "en", newEN); err != nil {
			t.Fatal(err)
		}
		pub, err := svc.Public(ctx, a.Slug)
		if err != nil || pub.Translations["en"].Title != "Parcel texts" || pub.Version != 1 {
			t.Fatalf("live version changed before approval: %+v %v", pub, err)
		}
		if pub.Pending == nil || pub.Pending.Content.Translations["en"].Title != newEN.Title {
			t.Fatalf("pending revision missing: %+v", pub.Pending)
		}
		if _, err := svc.Approve(ctx, rex, a.ID, 0); err == nil {
			t.Fatal("approved a revision that was never submitted")
		}
		svc.Submit(ctx, ana, a.ID, 0)
		if _, err := svc.Edit(ctx, ana, a.ID, 0, alerts.Patch{}); err == nil {
			t.Fatal("edited a revision under review")
		}
		if _, err := svc.Approve(ctx, ana, a.ID, 0); !errors.Is(err, alerts.ErrForbidden) {
			t.Fatalf("author approving revision: %v", err)
		}
		pub, err = svc.Approve(ctx, rita, a.ID, 0)
		if err != nil || pub.Version != 2 || pub.Translations["en"].Title != newEN.Title || pub.Pending != nil || pub.RevisedAt == nil {
			t.Fatalf("after approving the revision: %+v %v", pub, err)
		}
		if pub.Slug != a.Slug {
			t.Errorf("slug changed from %q to %q", a.Slug, pub.Slug)
		}
		entries, _ := log.ListAudit(ctx, audit.Query{Subject: "alert:" + a.ID, Limit: 50})
		last := entries[0]
		if last.Action != "alert.approve" || last.FromVersion != 1 || last.ToVersion != 2 || last.Actor != rita.ID ||
			last.FromStatus != "published+revision:in_review" || last.ToStatus != "published" {
			t.Errorf("audit of the update approval: %+v", last)
		}
	})
}

func TestRejectAndRetract(t *testing.T) {
	forEachBackend(t, func(t *testing.T, svc *alerts.Service, log audit.Store) {
		ctx := context.Background()
		a, _ := svc.Create(ctx, ana, content())
		svc.Submit(ctx, ana, a.ID, 0)
		var ve *alerts.ValidationError
		if _, err := svc.Reject(ctx, rex, a.ID, 0, "  "); !errors.As(err, &ve) || ve.Fields[0].Field != "reason" {
			t.Fatalf("reject without reason: %v", err)
		}
		got, err := svc.Reject(ctx, rex, a.ID, 0, "Add the Thai translation")
		if err != nil || got.Status != alerts.StatusDraft || got.RejectReason != "Add the Thai translation" {
			t.Fatalf("reject: %+v %v", got, err)
		}
		if _, err := svc.Retract(ctx, rex, a.ID, 0, "wrong"); err == nil {
			t.Fatal("retracted a draft")
		}
		svc.Submit(ctx, ana, a.ID, 0)
		svc.Approve(ctx, rex, a.ID, 0)
		if _, err := svc.Retract(ctx, rex, a.ID, 0, ""); !errors.As(err, &ve) {
			t.Fatalf("retract without reason: %v", err)
		}
		got, err = svc.Retract(ctx, rex, a.ID, 0, "Number belonged to a real courier")
		if err != nil || got.Status != alerts.StatusRetracted || got.RetractedAt == nil {
			t.Fatalf("retract: %+v %v", got, err)
		}
		if _, err := svc.Public(ctx, a.Slug); err != nil {
			t.Errorf("a retracted alert stays readable (with its banner): %v", err)
		}
		entries, _ := log.ListAudit(ctx, audit.Query{Subject: "alert:" + a.ID, Limit: 50})
		var actions []string
		for i := len(entries) - 1; i >= 0; i-- {
			actions = append(actions, entries[i].Action+":"+entries[i].ToStatus)
		}
		want := "[alert.create:draft alert.submit:in_review alert.reject:draft alert.submit:in_review alert.approve:published alert.retract:retracted]"
		if got := fmtList(actions); got != want {
			t.Errorf("audit trail:\n got %s\nwant %s", got, want)
		}
	})
}

func TestSubmitNeedsEnglishAndStaleRevisionConflicts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, svc *alerts.Service, _ audit.Store) {
		ctx := context.Background()
		c := content()
		c.Translations = map[string]alerts.Translation{"th": {Title: "ข้อความพัสดุ", Summary: "อย่ากด", Body: "ลบทิ้ง"}}
		a, err := svc.Create(ctx, ana, c)
		if err != nil {
			t.Fatal(err)
		}
		if a.Slug != "alert" {
			t.Errorf("slug of a Thai-only title: %q, want a neutral one", a.Slug)
		}
		var ve *alerts.ValidationError
		if _, err := svc.Submit(ctx, ana, a.ID, 0); !errors.As(err, &ve) || ve.Fields[0].Field != "translations.en" {
			t.Fatalf("submit without English: %v", err)
		}
		if _, err := svc.Submit(ctx, ana, a.ID, a.Revision+1); !errors.Is(err, alerts.ErrConflict) {
			t.Fatalf("stale revision: %v, want ErrConflict", err)
		}
		b, _ := svc.Create(ctx, ana, c)
		if b.Slug == a.Slug {
			t.Errorf("two alerts share slug %q", a.Slug)
		}
	})
}

func fmtList(s []string) string {
	out := "["
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out + "]"
}

// TestSubmitterCannotApprove closes the gap where a published alert was sent
// to review with no edits and so had no editor to exclude.
func TestSubmitterCannotApprove(t *testing.T) {
	forEachBackend(t, func(t *testing.T, svc *alerts.Service, _ audit.Store) {
		ctx := context.Background()
		a, _ := svc.Create(ctx, ana, content())
		svc.Submit(ctx, ana, a.ID, 0)
		svc.Approve(ctx, rex, a.ID, 0)
		var se *alerts.StateError
		if _, err := svc.Submit(ctx, rita, a.ID, 0); !errors.As(err, &se) {
			t.Fatalf("submitting a published alert without a revision: %v, want a StateError", err)
		}
		sev := alerts.SeverityCritical
		if _, err := svc.Edit(ctx, ana, a.ID, 0, alerts.Patch{Severity: &sev}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Submit(ctx, rita, a.ID, 0); err != nil { // a reviewer sends ana's revision on
			t.Fatal(err)
		}
		if _, err := svc.Approve(ctx, rita, a.ID, 0); !errors.Is(err, alerts.ErrFourEyes) {
			t.Fatalf("the reviewer who submitted approving: %v, want ErrFourEyes", err)
		}
		if _, err := svc.Approve(ctx, rex, a.ID, 0); err != nil {
			t.Fatal(err)
		}
	})
}
