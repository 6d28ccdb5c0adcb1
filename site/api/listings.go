package api

import (
	"errors"
	"io"
	"mime"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/ids"
	"github.com/antifraud-alliance/beacon/internal/lookup"
)

// ImportPath is the one route whose body is streamed past the body limit.
const ImportPath = "/api/v1/listings/import"

// actorEntry starts an audit entry for the authenticated caller.
func actorEntry(c *fiber.Ctx) audit.Entry {
	a := actor(c)
	return audit.Entry{Actor: a.ID, ActorName: a.Name}
}

// importListings streams NDJSON or CSV into the listings: the body is read as
// it arrives, so a million lines need no more memory than a batch.
func (h *lookupHandlers) importListings(c *fiber.Ctx) error {
	mt, _, _ := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	format := map[string]string{"application/x-ndjson": lookup.FormatNDJSON, "application/jsonl": lookup.FormatNDJSON,
		"text/csv": lookup.FormatCSV}[mt]
	if format == "" {
		return NewProblem("unsupported-media-type", "Send listings as application/x-ndjson (one JSON object a line) or text/csv with a header row.")
	}
	var body io.Reader
	if c.Request().IsBodyStream() {
		body = c.Context().RequestBodyStream()
	} else {
		body = strings.NewReader(string(c.Body()))
	}
	rep, err := h.svc.Import(c.UserContext(), actorEntry(c), actor(c).Agency, format, body)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(rep)
}

func (h *lookupHandlers) delist(c *fiber.Ctx) error {
	id := c.Params("id")
	if !ids.Valid(id) {
		return NewProblem("not-found", "There is no listing with this id.")
	}
	var in reasonInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	l, err := h.svc.Delist(c.UserContext(), actorEntry(c), string([]byte(id)), in.Reason)
	return h.answer(c, l, err)
}

// answer renders a domain result or maps its error (field errors are
// rendered by ToProblem like everyone else's).
func (h *lookupHandlers) answer(c *fiber.Ctx, v any, err error) error {
	switch {
	case errors.Is(err, lookup.ErrNotFound):
		return NewProblem("not-found", "There is no such listing or report.")
	case errors.Is(err, lookup.ErrConflict):
		return NewProblem("invalid-state", "This report was already decided.")
	case err != nil:
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(v)
}
