package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/push"
)

// PushSubscriptions is what the push routes need of storage.
type PushSubscriptions interface {
	SaveSubscription(ctx context.Context, s push.Subscription) (bool, error)
	DeleteSubscription(ctx context.Context, endpoint string) (bool, error)
}

// PushDeps are the push routes' collaborators; nil in Deps leaves them out.
type PushDeps struct {
	Store     PushSubscriptions
	Policy    *push.EndpointPolicy // which endpoints Beacon will send to (SSRF)
	PublicKey string               // the VAPID application server key
	Limit     int                  // subscription changes per minute per client; 0: no limit
}

type pushHandlers struct {
	d   PushDeps
	now func() time.Time
}

func (h *pushHandlers) publicKey(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.JSON(fiber.Map{"publicKey": h.d.PublicKey})
}

// subscribe upserts a subscription by endpoint: 201 when new, 200 when its
// filters were replaced. The endpoint is checked before anything is stored,
// so that no subscription can point Beacon at an internal address.
func (h *pushHandlers) subscribe(c *fiber.Ctx) error {
	var s push.Subscription
	if err := decodeJSON(c, &s); err != nil {
		return err
	}
	s.CreatedAt = h.now().UTC()
	if err := s.Validate(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 5*time.Second)
	defer cancel()
	if err := h.d.Policy.Check(ctx, s.Endpoint); err != nil {
		return endpointProblem(err)
	}
	created, err := h.d.Store.SaveSubscription(c.UserContext(), s)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.Status(status).JSON(s)
}

// unsubscribe deletes by endpoint; 204 whether or not it was there, so that
// a retried unsubscribe succeeds. The endpoint is a capability URL: knowing
// it is what proves the right to remove it.
func (h *pushHandlers) unsubscribe(c *fiber.Ctx) error {
	var in struct {
		Endpoint string `json:"endpoint"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(in.Endpoint) == "":
		return invalid("endpoint", "endpoint is required")
	case len(in.Endpoint) > push.MaxEndpoint:
		return invalid("endpoint", "endpoint is longer than any push service's")
	}
	if _, err := h.d.Store.DeleteSubscription(c.UserContext(), in.Endpoint); err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}

func endpointProblem(err error) error {
	e, ok := push.IsEndpointError(err)
	if !ok {
		if errors.Is(err, context.DeadlineExceeded) {
			return NewProblem("endpoint-refused", "The push service's address could not be checked in time.",
				alerts.FieldError{Field: "endpoint", Detail: push.CodeResolve + ": lookup timed out"})
		}
		return err
	}
	return NewProblem("endpoint-refused", "Beacon does not send to this push endpoint: "+e.Detail+".",
		alerts.FieldError{Field: "endpoint", Detail: e.Code + ": " + e.Detail})
}
