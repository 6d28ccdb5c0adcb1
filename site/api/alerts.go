package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/ids"
)

// alertService is what the authoring handlers need of the alert domain.
type alertService interface {
	Create(ctx context.Context, actor alerts.Actor, c alerts.Content) (*alerts.Alert, error)
	Get(ctx context.Context, id string) (*alerts.Alert, error)
	List(ctx context.Context, q alerts.ListQuery) ([]*alerts.Alert, string, error)
	Edit(ctx context.Context, actor alerts.Actor, id string, ifRevision int, p alerts.Patch) (*alerts.Alert, error)
	PutTranslation(ctx context.Context, actor alerts.Actor, id string, ifRevision int, lang string, tr alerts.Translation) (*alerts.Alert, error)
	Submit(ctx context.Context, actor alerts.Actor, id string, ifRevision int) (*alerts.Alert, error)
	Approve(ctx context.Context, actor alerts.Actor, id string, ifRevision int) (*alerts.Alert, error)
	Reject(ctx context.Context, actor alerts.Actor, id string, ifRevision int, reason string) (*alerts.Alert, error)
	Retract(ctx context.Context, actor alerts.Actor, id string, ifRevision int, reason string) (*alerts.Alert, error)
}

type alertHandlers struct {
	svc alertService
	now func() time.Time
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
	return writeAlert(c, http.StatusCreated, a, h.now())
}

func (h *alertHandlers) list(c *fiber.Ctx) error {
	st := alerts.Status(c.Query("status"))
	switch st {
	case "", alerts.StatusDraft, alerts.StatusInReview, alerts.StatusPublished, alerts.StatusRetracted:
	default:
		return invalid("status", "status must be draft, in_review, published or retracted")
	}
	cursor, limit, err := idPage(c)
	if err != nil {
		return err
	}
	items, next, err := h.svc.List(c.UserContext(), alerts.ListQuery{Status: st, Before: cursor, Limit: limit})
	if err != nil {
		return err
	}
	now := h.now()
	out := page[alertView]{Items: make([]alertView, len(items)), Next: next}
	for i, a := range items {
		out.Items[i] = alertView{Alert: a, Status: a.EffectiveStatus(now)}
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(out)
}

func (h *alertHandlers) get(c *fiber.Ctx) error {
	id, err := alertID(c)
	if err != nil {
		return err
	}
	a, err := h.svc.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	if c.Get(fiber.HeaderIfNoneMatch) == etag(a.Revision) {
		c.Set(fiber.HeaderETag, etag(a.Revision))
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.SendStatus(http.StatusNotModified)
	}
	return writeAlert(c, http.StatusOK, a, h.now())
}

func alertID(c *fiber.Ctx) (string, error) {
	id := c.Params("id")
	if !ids.Valid(id) {
		return "", alerts.ErrNotFound
	}
	return string([]byte(id)), nil // copy: Fiber reuses the buffer after the handler
}

// idPage reads the cursor (the id of the last item seen) and limit of a list
// paged by id; the limit is 0 when not given.
func idPage(c *fiber.Ctx) (cursor string, limit int, err error) {
	cursor = c.Query("cursor")
	if cursor != "" && !ids.Valid(cursor) {
		return "", 0, invalid("cursor", "cursor is not one this API returned")
	}
	limit, err = queryLimit(c)
	return string([]byte(cursor)), limit, err
}

func queryLimit(c *fiber.Ctx) (int, error) {
	if c.Query("limit") == "" {
		return 0, nil
	}
	limit := c.QueryInt("limit", -1)
	if limit < 1 || limit > 100 {
		return 0, invalid("limit", "limit must be a whole number from 1 to 100")
	}
	return limit, nil
}
