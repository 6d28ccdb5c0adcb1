package api

import (
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/ids"
	"github.com/antifraud-alliance/beacon/internal/lookup"
)

func fieldError(field, detail string) alerts.FieldError {
	return alerts.FieldError{Field: field, Detail: detail}
}

// submitReport takes a citizen's report into moderation: 202, since nothing
// is published until a reviewer accepts it.
func (h *lookupHandlers) submitReport(c *fiber.Ctx) error {
	var in lookup.ReportInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	r, err := h.svc.Submit(c.UserContext(), in)
	if err != nil {
		return h.answer(c, nil, err)
	}
	return c.Status(http.StatusAccepted).JSON(fiber.Map{"id": r.ID, "status": r.Status})
}

func (h *lookupHandlers) listReports(c *fiber.Ctx) error {
	status := lookup.ReportStatus(c.Query("status", string(lookup.ReportPending)))
	switch status {
	case lookup.ReportPending, lookup.ReportAccepted, lookup.ReportRejected:
	default:
		return invalid("status", "status must be pending, accepted or rejected")
	}
	cursor, limit, err := idPage(c)
	if err != nil {
		return err
	}
	if limit == 0 {
		limit = 20
	}
	list, err := h.svc.Reports(c.UserContext(), status, cursor, limit+1)
	if err != nil {
		return err
	}
	out := page[*lookup.Report]{Items: list}
	if len(list) > limit {
		out.Items, out.Next = list[:limit], list[limit-1].ID
	}
	if out.Items == nil {
		out.Items = []*lookup.Report{}
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(out)
}

// decideReport accepts or rejects a report; the body {"reason": "…"} is
// optional for accept and required for reject.
func (h *lookupHandlers) decideReport(accept bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id := c.Params("id")
		if !ids.Valid(id) {
			return NewProblem("not-found", "There is no such report.")
		}
		var in reasonInput
		if len(c.Body()) > 0 || !accept {
			if err := decodeJSON(c, &in); err != nil {
				return err
			}
		}
		id = string([]byte(id))
		var r *lookup.Report
		var err error
		if accept {
			r, err = h.svc.Accept(c.UserContext(), actorEntry(c), id, in.Reason)
		} else {
			r, err = h.svc.Reject(c.UserContext(), actorEntry(c), id, in.Reason)
		}
		return h.answer(c, r, err)
	}
}
