package alerts

import (
	"context"

	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// Store is the storage the alert domain needs. Every write takes the audit
// entry that records it and must store both or neither.
type Store interface {
	// CreateAlert stores a new alert; ErrSlugTaken if its slug is in use.
	CreateAlert(ctx context.Context, a *Alert, e audit.Entry) error
	// Alert and AlertBySlug return ErrNotFound when there is no such alert.
	Alert(ctx context.Context, id string) (*Alert, error)
	AlertBySlug(ctx context.Context, slug string) (*Alert, error)
	// UpdateAlert replaces the alert if the stored one still has prevRevision,
	// and returns ErrConflict otherwise.
	UpdateAlert(ctx context.Context, a *Alert, prevRevision int, e audit.Entry) error
	// ListAlerts pages through alerts newest first (by id), optionally of one stored status.
	ListAlerts(ctx context.Context, q ListQuery) ([]*Alert, error)
	// ListPublic pages through alerts that were ever published (published or
	// retracted), most recently first-published first, strictly after the cursor.
	ListPublic(ctx context.Context, after *PublicKey, limit int) ([]*Alert, error)
}

// ListQuery selects alerts for the authoring API.
type ListQuery = workflow.ListQuery

// PublicKey is the position of an alert in the public order.
type PublicKey = workflow.PublicKey

// Key returns the alert's position in the public order; only valid when PublishedAt is set.
func (a *Alert) Key() PublicKey { return a.Fields().Key() }
