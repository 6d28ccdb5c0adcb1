package api

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/internal/audit"
)

type auditHandler struct {
	store interface {
		ListAudit(ctx context.Context, q audit.Query) ([]audit.Entry, error)
	}
}

func (h *auditHandler) list(c *fiber.Ctx) error {
	limit, err := queryLimit(c)
	if err != nil {
		return err
	}
	if limit == 0 {
		limit = 50
	}
	subject := c.Query("subject")
	if len(subject) > 200 {
		return invalid("subject", "subject is at most 200 characters, e.g. alert:<id>")
	}
	entries, err := h.store.ListAudit(c.UserContext(), audit.Query{Subject: subject, Before: c.Query("cursor"), Limit: limit + 1})
	if err != nil {
		return err
	}
	out := page[audit.Entry]{Items: entries}
	if len(entries) > limit {
		out.Items = entries[:limit]
		out.Next = entries[limit-1].ID
	}
	if out.Items == nil {
		out.Items = []audit.Entry{}
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(out)
}
