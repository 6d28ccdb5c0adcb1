// Package demo fills an empty store with clearly marked demonstration content
// (titles start with "[DEMO]"), run through the real lifecycle, so that a
// newcomer's `beacon serve --demo` shows every feature with real data.
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/lookup"
)

//go:embed alerts.json
var alertsJSON []byte

//go:embed listings.ndjson
var listingsNDJSON []byte

// suspicious is a number that citizens report and a reviewer accepts, so
// the demo shows the suspicious verdict too.
const suspicious = "+66 61 000 5678"

type demoAlert struct {
	Key              string `json:"key"`
	Agency           string `json:"agency"`
	PublishedDaysAgo int    `json:"publishedDaysAgo"`
	Alert            struct {
		alerts.Content
		ExpiresInDays int `json:"expiresInDays"`
	} `json:"alert"`
	Update *struct {
		Severity     *alerts.Severity               `json:"severity"`
		Regions      *[]string                      `json:"regions"`
		Indicators   *[]alerts.Indicator            `json:"indicators"`
		Translations map[string]*alerts.Translation `json:"translations"`
	} `json:"update"`
	Retract string `json:"retract"`
}

// Load adds the demo alerts, listings and accepted citizen reports unless
// the store already holds alerts. The listings of the alerts' indicators
// come from the lookup service's sync of every published alert.
func Load(ctx context.Context, st alerts.Store, lk *lookup.Service, log *slog.Logger) error {
	existing, err := st.ListAlerts(ctx, alerts.ListQuery{Limit: 1})
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		log.Info("demo: the store already has alerts; demo content not added")
		return nil
	}
	var items []demoAlert
	if err := json.Unmarshal(alertsJSON, &items); err != nil {
		return fmt.Errorf("demo alerts.json: %w", err)
	}
	now := time.Now().UTC()
	for _, d := range items {
		if err := load(ctx, st, d, now); err != nil {
			return fmt.Errorf("demo alert %s: %w", d.Key, err)
		}
	}
	log.Info("demo: added demo alerts", "count", len(items))
	if lk == nil {
		return nil
	}
	actor := audit.Entry{Actor: "demo", ActorName: "Demo agency"}
	rep, err := lk.Import(ctx, actor, "TH", lookup.FormatNDJSON, bytes.NewReader(listingsNDJSON))
	if err != nil || rep.Rejected > 0 {
		return fmt.Errorf("demo listings: %v %+v", err, rep)
	}
	for _, text := range []string{"[DEMO] They said I won a prize and asked for a fee.", "[DEMO] Same caller, asked for a transfer.",
		"[DEMO] Asked me to pay customs for a parcel I never ordered."} {
		r, err := lk.Submit(ctx, lookup.ReportInput{Kind: "phone", Value: suspicious, Typology: "prize-scam", Country: "TH", Description: text})
		if err != nil {
			return fmt.Errorf("demo report: %w", err)
		}
		if _, err := lk.Accept(ctx, actor, r.ID, "demo"); err != nil {
			return fmt.Errorf("demo report: %w", err)
		}
	}
	log.Info("demo: added demo listings and reports", "listings", rep.Created)
	return nil
}

// load runs one alert through create, submit, approve (and update or
// retraction), on a clock set to when the demo says it happened.
func load(ctx context.Context, st alerts.Store, d demoAlert, now time.Time) error {
	clock := now.AddDate(0, 0, -d.PublishedDaysAgo).Add(-2 * time.Hour)
	svc := alerts.NewService(st, alerts.Options{Now: func() time.Time { return clock }})
	author := alerts.Actor{ID: "demo-author-" + d.Agency, Name: "Demo author (" + d.Agency + ")", Role: auth.RoleAuthor, Agency: d.Agency}
	reviewer := alerts.Actor{ID: "demo-reviewer", Name: "Demo reviewer", Role: auth.RoleReviewer, Agency: d.Agency}
	c := d.Alert.Content
	exp := now.AddDate(0, 0, d.Alert.ExpiresInDays)
	c.ExpiresAt = &exp
	a, err := svc.Create(ctx, author, c)
	if err != nil {
		return err
	}
	clock = clock.Add(time.Hour)
	if _, err := svc.Submit(ctx, author, a.ID, 0); err != nil {
		return err
	}
	clock = clock.Add(time.Hour)
	if _, err := svc.Approve(ctx, reviewer, a.ID, 0); err != nil {
		return err
	}
	clock = clock.Add(time.Duration(d.PublishedDaysAgo) * 12 * time.Hour) // later events land half-way to now
	if u := d.Update; u != nil {
		p := alerts.Patch{Severity: u.Severity, Regions: u.Regions, Indicators: u.Indicators, Translations: u.Translations}
		if _, err := svc.Edit(ctx, author, a.ID, 0, p); err != nil {
			return err
		}
		if _, err := svc.Submit(ctx, author, a.ID, 0); err != nil {
			return err
		}
		if _, err := svc.Approve(ctx, reviewer, a.ID, 0); err != nil {
			return err
		}
	}
	if d.Retract != "" {
		if _, err := svc.Retract(ctx, reviewer, a.ID, 0, d.Retract); err != nil {
			return err
		}
	}
	return nil
}
