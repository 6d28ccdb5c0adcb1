package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
)

// alertService is what the authoring handlers need of the alert domain.
type alertService interface {
	docService[*alerts.Alert]
	Create(ctx context.Context, actor alerts.Actor, c alerts.Content) (*alerts.Alert, error)
	Edit(ctx context.Context, actor alerts.Actor, id string, ifRevision int, p alerts.Patch) (*alerts.Alert, error)
}

// alertHandlers serves /alerts: the shared workflow routes, and create and
// patch with the alert's own fields.
type alertHandlers struct {
	*docHandlers[*alerts.Alert]
	svc alertService
}

func newAlertHandlers(svc alertService, now func() time.Time) *alertHandlers {
	view := func(a *alerts.Alert, now time.Time) any { return alertView{Alert: a, Status: a.EffectiveStatus(now)} }
	return &alertHandlers{docHandlers: &docHandlers[*alerts.Alert]{svc: svc, now: now, view: view}, svc: svc}
}

// alertInput is the body of POST /alerts.
type alertInput struct {
	Severity     alerts.Severity               `json:"severity"`
	Typologies   []string                      `json:"typologies"`
	Regions      []string                      `json:"regions"`
	Channels     []string                      `json:"channels"`
	Indicators   []alerts.Indicator            `json:"indicators"`
	ExpiresAt    *time.Time                    `json:"expiresAt"`
	Translations map[string]alerts.Translation `json:"translations"`
}

func (h *alertHandlers) create(c *fiber.Ctx) error {
	var in alertInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	a, err := h.svc.Create(c.UserContext(), actor(c), alerts.Content{
		Severity: in.Severity, Typologies: in.Typologies, Regions: in.Regions, Channels: in.Channels,
		Indicators: in.Indicators, ExpiresAt: in.ExpiresAt, Translations: in.Translations,
	})
	if err != nil {
		return err
	}
	c.Location("/api/v1/alerts/" + a.ID)
	return h.write(c, http.StatusCreated, a)
}
