package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/store"
)

func testListAlerts(t *testing.T, s store.Backend) {
	ctx := context.Background()
	var drafts []string
	for i := range 25 {
		st := alerts.StatusDraft
		if i%3 == 0 {
			st = alerts.StatusPublished
		}
		a := NewAlert(i, st)
		if err := s.CreateAlert(ctx, a, entry("alert.create", "alert:"+a.ID)); err != nil {
			t.Fatal(err)
		}
		if st == alerts.StatusDraft {
			drafts = append([]string{a.ID}, drafts...) // newest first
		}
	}
	var got []string
	before := ""
	for range 10 {
		page, err := s.ListAlerts(ctx, alerts.ListQuery{Status: alerts.StatusDraft, Before: before, Limit: 4})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page {
			if a.Status != alerts.StatusDraft {
				t.Errorf("status filter let through %s", a.Status)
			}
			got = append(got, a.ID)
		}
		if len(page) < 4 {
			break
		}
		before = page[len(page)-1].ID
	}
	if fmt.Sprint(got) != fmt.Sprint(drafts) {
		t.Errorf("paged drafts:\n got %v\nwant %v", got, drafts)
	}
	all, err := s.ListAlerts(ctx, alerts.ListQuery{Limit: 100})
	if err != nil || len(all) != 25 {
		t.Errorf("unfiltered list: %d alerts, %v; want 25", len(all), err)
	}
}

func testListPublic(t *testing.T, s store.Backend) {
	ctx := context.Background()
	same := base.Add(24 * time.Hour)
	var want []string
	for i := range 12 {
		st := []alerts.Status{alerts.StatusPublished, alerts.StatusRetracted, alerts.StatusDraft, alerts.StatusInReview}[i%4]
		a := NewAlert(i, st)
		if i >= 8 && a.PublishedAt != nil {
			a.PublishedAt = &same // ties are broken by id, newest first
		}
		if err := s.CreateAlert(ctx, a, entry("alert.create", "alert:"+a.ID)); err != nil {
			t.Fatal(err)
		}
		if a.Public() {
			want = append(want, a.ID)
		}
	}
	// Expected order: published_at desc, then id desc.
	expect := orderPublic(t, s, want)
	var got []string
	var after *alerts.PublicKey
	for range 10 {
		page, err := s.ListPublic(ctx, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page {
			got = append(got, a.ID)
		}
		if len(page) < 2 {
			break
		}
		k := page[len(page)-1].Key()
		after = &k
	}
	if fmt.Sprint(got) != fmt.Sprint(expect) {
		t.Errorf("public order:\n got %v\nwant %v", got, expect)
	}
}

// orderPublic sorts ids by the public order, reading each alert's key from the store.
func orderPublic(t *testing.T, s store.Backend, idList []string) []string {
	t.Helper()
	keys := map[string]alerts.PublicKey{}
	for _, id := range idList {
		a, err := s.Alert(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		keys[id] = a.Key()
	}
	out := append([]string(nil), idList...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if keys[out[j]].Before(keys[out[i]]) {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func testTokens(t *testing.T, s store.Backend) {
	ctx := context.Background()
	tok := auth.Token{ID: "000000000001aaaaaaaaaaaa", Name: "Ana", Role: "author", Agency: "TH", Hash: auth.Hash("bcn_x"), CreatedAt: base}
	if err := s.CreateToken(ctx, tok, entry("token.create", "token:"+tok.ID)); err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	dup := tok
	dup.ID = "000000000002aaaaaaaaaaaa"
	if err := s.CreateToken(ctx, dup, entry("token.create", "token:"+dup.ID)); err == nil {
		t.Error("a second token with the same hash was accepted")
	}
	got, err := s.TokenByHash(ctx, tok.Hash)
	if err != nil || mustJSON(t, got) != mustJSON(t, tok) {
		t.Errorf("TokenByHash: %+v %v", got, err)
	}
	if _, err := s.TokenByHash(ctx, auth.Hash("bcn_other")); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("unknown hash: %v, want ErrNotFound", err)
	}
	at := base.Add(time.Hour)
	for range 2 { // revoking twice is harmless
		if err := s.RevokeToken(ctx, tok.ID, at, entry("token.revoke", "token:"+tok.ID)); err != nil {
			t.Fatalf("RevokeToken: %v", err)
		}
	}
	if err := s.RevokeToken(ctx, "000000000009aaaaaaaaaaaa", at, entry("token.revoke", "token:x")); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("revoke unknown: %v, want ErrNotFound", err)
	}
	list, err := s.ListTokens(ctx)
	if err != nil || len(list) != 1 || list[0].RevokedAt == nil || !list[0].RevokedAt.Equal(at) {
		t.Errorf("ListTokens after revoke: %+v %v", list, err)
	}
	if n := auditCount(t, s); n != 2 {
		t.Errorf("audit has %d entries, want 2 (create, one revoke)", n)
	}
}

func testAudit(t *testing.T, s store.Backend) {
	ctx := context.Background()
	for i := range 7 {
		e := entry(fmt.Sprintf("alert.step%d", i), fmt.Sprintf("alert:%d", i%2))
		e.At, e.FromVersion, e.ToVersion, e.Reason = base.Add(time.Duration(i)*time.Second), i, i+1, "why"
		tok := auth.Token{ID: fmt.Sprintf("%024d", i), Name: "n", Role: "author", Agency: "TH", Hash: fmt.Sprint(i), CreatedAt: base}
		if err := s.CreateToken(ctx, tok, e); err != nil { // any write carries an entry
			t.Fatal(err)
		}
	}
	var actions []string
	before := ""
	for range 5 {
		page, err := s.ListAudit(ctx, audit.Query{Before: before, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			actions = append(actions, e.Action)
		}
		if len(page) < 3 {
			break
		}
		before = page[len(page)-1].ID
	}
	if want := "[alert.step6 alert.step5 alert.step4 alert.step3 alert.step2 alert.step1 alert.step0]"; fmt.Sprint(actions) != want {
		t.Errorf("audit pages: got %v, want %s", actions, want)
	}
	odd, err := s.ListAudit(ctx, audit.Query{Subject: "alert:1", Limit: 10})
	if err != nil || len(odd) != 3 {
		t.Fatalf("subject filter: %d entries, %v; want 3", len(odd), err)
	}
	e := odd[0]
	if e.Action != "alert.step5" || e.FromVersion != 5 || e.ToVersion != 6 || e.Reason != "why" || e.Actor != "tok1" ||
		e.ActorName != "Author" || !e.At.Equal(base.Add(5*time.Second)) || e.ToStatus != "draft" {
		t.Errorf("entry fields did not round-trip: %+v", e)
	}
	if _, err := s.ListAudit(ctx, audit.Query{Before: "not-a-cursor", Limit: 3}); !errors.Is(err, audit.ErrBadCursor) {
		t.Errorf("bad cursor: %v, want ErrBadCursor", err)
	}
}
