package api

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
)

// alertPatch is the body of PATCH /alerts/{id}: absent fields stay as they are;
// "expiresAt": null removes the expiry; a translation set to null is removed.
type alertPatch struct {
	Severity     *alerts.Severity               `json:"severity"`
	Typologies   *[]string                      `json:"typologies"`
	Regions      *[]string                      `json:"regions"`
	Channels     *[]string                      `json:"channels"`
	Indicators   *[]alerts.Indicator            `json:"indicators"`
	ExpiresAt    optionalTime                   `json:"expiresAt"`
	Translations map[string]*alerts.Translation `json:"translations"`
}

// optionalTime tells an absent value from an explicit null.
type optionalTime struct {
	Set   bool
	Value *time.Time
}

func (o *optionalTime) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

func (h *alertHandlers) patch(c *fiber.Ctx, id string, rev int, in *alertPatch) (*alerts.Alert, error) {
	p := alerts.Patch{
		Severity: in.Severity, Typologies: in.Typologies, Regions: in.Regions, Channels: in.Channels,
		Indicators: in.Indicators, Translations: in.Translations,
	}
	if in.ExpiresAt.Set {
		p.ExpiresAt, p.ClearExpiry = in.ExpiresAt.Value, in.ExpiresAt.Value == nil
	}
	return h.svc.Edit(c.UserContext(), actor(c), id, rev, p)
}
