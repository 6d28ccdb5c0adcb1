package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/internal/ids"
	"github.com/antifraud-alliance/beacon/internal/langs"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// Alerts and trend reports share their authoring workflow (internal/workflow),
// and so the handlers of its routes: list, read with ETag, translations,
// submit, approve, reject and retract. Each kind adds create and patch.

// doc is a workflow document as the handlers see it.
type doc interface{ Fields() workflow.Fields }

// docService is what the shared handlers need of a document kind's service.
type docService[D doc] interface {
	Get(ctx context.Context, id string) (D, error)
	List(ctx context.Context, q workflow.ListQuery) ([]D, string, error)
	PutTranslation(ctx context.Context, actor workflow.Actor, id string, ifRevision int, lang string, tr workflow.Translation) (D, error)
	Submit(ctx context.Context, actor workflow.Actor, id string, ifRevision int) (D, error)
	Approve(ctx context.Context, actor workflow.Actor, id string, ifRevision int) (D, error)
	Reject(ctx context.Context, actor workflow.Actor, id string, ifRevision int, reason string) (D, error)
	Retract(ctx context.Context, actor workflow.Actor, id string, ifRevision int, reason string) (D, error)
}

// docHandlers serves one kind of document; view is its representation
// in the authoring API at time now.
type docHandlers[D doc] struct {
	svc  docService[D]
	now  func() time.Time
	view func(d D, now time.Time) any
}

// routes registers the kind's routes under base (e.g. /alerts).
func (h *docHandlers[D]) routes(v1 fiber.Router, base string, create, patch fiber.Handler, author, reviewer fiber.Handler) {
	v1.Post(base, author, create)
	v1.Get(base, author, h.list)
	v1.Get(base+"/:id", author, h.get)
	v1.Patch(base+"/:id", author, patch)
	v1.Put(base+"/:id/translations/:lang", author, h.putTranslation)
	v1.Post(base+"/:id/submit", author, h.transition(h.submit))
	v1.Post(base+"/:id/approve", reviewer, h.transition(h.approve))
	v1.Post(base+"/:id/reject", reviewer, h.transition(h.reject))
	v1.Post(base+"/:id/retract", reviewer, h.transition(h.retract))
}

// write answers with the document, its revision as the ETag.
func (h *docHandlers[D]) write(c *fiber.Ctx, status int, d D) error {
	c.Set(fiber.HeaderETag, etag(*d.Fields().Revision))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(status).JSON(h.view(d, h.now()))
}

func (h *docHandlers[D]) list(c *fiber.Ctx) error {
	st := workflow.Status(c.Query("status"))
	switch st {
	case "", workflow.StatusDraft, workflow.StatusInReview, workflow.StatusPublished, workflow.StatusRetracted:
	default:
		return invalid("status", "status must be draft, in_review, published or retracted")
	}
	cursor, limit, err := idPage(c)
	if err != nil {
		return err
	}
	items, next, err := h.svc.List(c.UserContext(), workflow.ListQuery{Status: st, Before: cursor, Limit: limit})
	if err != nil {
		return err
	}
	now := h.now()
	out := page[any]{Items: make([]any, len(items)), Next: next}
	for i, d := range items {
		out.Items[i] = h.view(d, now)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(out)
}

func (h *docHandlers[D]) get(c *fiber.Ctx) error {
	id, err := docID(c)
	if err != nil {
		return err
	}
	d, err := h.svc.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	if tag := etag(*d.Fields().Revision); c.Get(fiber.HeaderIfNoneMatch) == tag {
		c.Set(fiber.HeaderETag, tag)
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.SendStatus(http.StatusNotModified)
	}
	return h.write(c, http.StatusOK, d)
}

func (h *docHandlers[D]) putTranslation(c *fiber.Ctx) error {
	id, err := docID(c)
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
	var tr workflow.Translation
	if err := decodeJSON(c, &tr); err != nil {
		return err
	}
	d, err := h.svc.PutTranslation(c.UserContext(), actor(c), id, rev, lang, tr)
	if err != nil {
		return err
	}
	return h.write(c, http.StatusOK, d)
}

// patchWith handles a kind's PATCH: it reads the id, the required If-Match
// (so that two people editing at once never silently overwrite each other)
// and the body as P, and answers with the document edit makes of them.
func patchWith[D doc, P any](h *docHandlers[D], edit func(c *fiber.Ctx, id string, rev int, in *P) (D, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := docID(c)
		if err != nil {
			return err
		}
		rev, err := requiredIfMatch(c)
		if err != nil {
			return err
		}
		var in P
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
		d, err := edit(c, id, rev, &in)
		if err != nil {
			return err
		}
		return h.write(c, http.StatusOK, d)
	}
}

// reasonInput is the body of reject and retract.
type reasonInput struct {
	Reason string `json:"reason"`
}

// transition handles the lifecycle actions; If-Match is optional for them,
// since each checks the document's state itself.
func (h *docHandlers[D]) transition(do func(c *fiber.Ctx, id string, rev int) (D, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := docID(c)
		if err != nil {
			return err
		}
		rev, err := ifMatch(c)
		if err != nil {
			return err
		}
		d, err := do(c, id, rev)
		if err != nil {
			return err
		}
		return h.write(c, http.StatusOK, d)
	}
}

func (h *docHandlers[D]) submit(c *fiber.Ctx, id string, rev int) (D, error) {
	return h.svc.Submit(c.UserContext(), actor(c), id, rev)
}

func (h *docHandlers[D]) approve(c *fiber.Ctx, id string, rev int) (D, error) {
	return h.svc.Approve(c.UserContext(), actor(c), id, rev)
}

func (h *docHandlers[D]) reject(c *fiber.Ctx, id string, rev int) (D, error) {
	var in reasonInput
	if err := decodeJSON(c, &in); err != nil {
		var zero D
		return zero, err
	}
	return h.svc.Reject(c.UserContext(), actor(c), id, rev, in.Reason)
}

func (h *docHandlers[D]) retract(c *fiber.Ctx, id string, rev int) (D, error) {
	var in reasonInput
	if err := decodeJSON(c, &in); err != nil {
		var zero D
		return zero, err
	}
	return h.svc.Retract(c.UserContext(), actor(c), id, rev, in.Reason)
}

// docID reads the id in the path; one of a shape ids never have is not found.
func docID(c *fiber.Ctx) (string, error) {
	id := c.Params("id")
	if !ids.Valid(id) {
		return "", workflow.ErrNotFound
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
