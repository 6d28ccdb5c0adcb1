package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/internal/trends"
)

// TrendService is everything the API needs of the trend-report domain.
type TrendService interface {
	docService[*trends.Report]
	Create(ctx context.Context, actor trends.Actor, c trends.Content) (*trends.Report, error)
	Edit(ctx context.Context, actor trends.Actor, id string, ifRevision int, p trends.Patch) (*trends.Report, error)
	Public(ctx context.Context, slug string) (*trends.Report, error)
	PublicList(ctx context.Context, cursor string, limit int) ([]*trends.Report, string, error)
	Data(ctx context.Context, r *trends.Report) (*trends.Data, error)
}

// trendHandlers serves /trends: the workflow routes shared with alerts, and
// create, patch and a preview of the data of a report's period.
type trendHandlers struct {
	*docHandlers[*trends.Report]
	svc TrendService
}

func newTrendHandlers(svc TrendService, now func() time.Time) *trendHandlers {
	view := func(r *trends.Report, _ time.Time) any { return r }
	return &trendHandlers{docHandlers: &docHandlers[*trends.Report]{svc: svc, now: now, view: view}, svc: svc}
}

func (h *trendHandlers) routes(v1 fiber.Router, author, reviewer fiber.Handler) {
	h.docHandlers.routes(v1, "/trends", h.create, patchWith(h.docHandlers, h.patch), author, reviewer)
	v1.Get("/trends/:id/data", author, h.data)
}

// trendInput is the body of POST /trends.
type trendInput struct {
	From         string                        `json:"from"`
	To           string                        `json:"to"`
	Translations map[string]trends.Translation `json:"translations"`
}

func (h *trendHandlers) create(c *fiber.Ctx) error {
	var in trendInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	r, err := h.svc.Create(c.UserContext(), actor(c), trends.Content{From: in.From, To: in.To, Translations: in.Translations})
	if err != nil {
		return err
	}
	c.Location("/api/v1/trends/" + r.ID)
	return h.write(c, http.StatusCreated, r)
}

// trendPatch is the body of PATCH /trends/{id}: absent fields stay as they
// are; a translation set to null is removed.
type trendPatch struct {
	From         *string                        `json:"from"`
	To           *string                        `json:"to"`
	Translations map[string]*trends.Translation `json:"translations"`
}

func (h *trendHandlers) patch(c *fiber.Ctx, id string, rev int, in *trendPatch) (*trends.Report, error) {
	return h.svc.Edit(c.UserContext(), actor(c), id, rev, trends.Patch{From: in.From, To: in.To, Translations: in.Translations})
}

// data previews the aggregates of a report's period (its live content's),
// whatever its state, so that authors write about the numbers readers will see.
func (h *trendHandlers) data(c *fiber.Ctx) error {
	id, err := docID(c)
	if err != nil {
		return err
	}
	r, err := h.svc.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	d, err := h.svc.Data(c.UserContext(), r)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(d)
}
