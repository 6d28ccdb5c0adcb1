package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/langs"
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

func (h *alertHandlers) patch(c *fiber.Ctx) error {
	id, err := alertID(c)
	if err != nil {
		return err
	}
	rev, err := requiredIfMatch(c)
	if err != nil {
		return err
	}
	var in alertPatch
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	p := alerts.Patch{
		Severity: in.Severity, Typologies: in.Typologies, Regions: in.Regions, Channels: in.Channels,
		Indicators: in.Indicators, Translations: in.Translations,
	}
	if in.ExpiresAt.Set {
		p.ExpiresAt, p.ClearExpiry = in.ExpiresAt.Value, in.ExpiresAt.Value == nil
	}
	a, err := h.svc.Edit(c.UserContext(), actor(c), id, rev, p)
	if err != nil {
		return err
	}
	return writeAlert(c, http.StatusOK, a, h.now())
}

func (h *alertHandlers) putTranslation(c *fiber.Ctx) error {
	id, err := alertID(c)
	if err != nil {
		return err
	}
	lang := c.Params("lang")
	if !langs.Supported(lang) {
		return invalid("lang", "the language in the path must be one of the supported tags, e.g. en, th, zh-hans")
	}
	lang = string([]byte(lang))
	rev, err := requiredIfMatch(c)
	if err != nil {
		return err
	}
	var tr alerts.Translation
	if err := decodeJSON(c, &tr); err != nil {
		return err
	}
	a, err := h.svc.PutTranslation(c.UserContext(), actor(c), id, rev, lang, tr)
	if err != nil {
		return err
	}
	return writeAlert(c, http.StatusOK, a, h.now())
}

// reasonInput is the body of reject and retract.
type reasonInput struct {
	Reason string `json:"reason"`
}

// transition handles the lifecycle actions; If-Match is optional for them,
// since each checks the alert's state itself.
func (h *alertHandlers) transition(do func(*alertHandlers, *fiber.Ctx, string, int) (*alerts.Alert, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := alertID(c)
		if err != nil {
			return err
		}
		rev, err := ifMatch(c)
		if err != nil {
			return err
		}
		a, err := do(h, c, id, rev)
		if err != nil {
			return err
		}
		return writeAlert(c, http.StatusOK, a, h.now())
	}
}

func submit(h *alertHandlers, c *fiber.Ctx, id string, rev int) (*alerts.Alert, error) {
	return h.svc.Submit(c.UserContext(), actor(c), id, rev)
}

func approve(h *alertHandlers, c *fiber.Ctx, id string, rev int) (*alerts.Alert, error) {
	return h.svc.Approve(c.UserContext(), actor(c), id, rev)
}

func reject(h *alertHandlers, c *fiber.Ctx, id string, rev int) (*alerts.Alert, error) {
	var in reasonInput
	if err := decodeJSON(c, &in); err != nil {
		return nil, err
	}
	return h.svc.Reject(c.UserContext(), actor(c), id, rev, in.Reason)
}

func retract(h *alertHandlers, c *fiber.Ctx, id string, rev int) (*alerts.Alert, error) {
	var in reasonInput
	if err := decodeJSON(c, &in); err != nil {
		return nil, err
	}
	return h.svc.Retract(c.UserContext(), actor(c), id, rev, in.Reason)
}
