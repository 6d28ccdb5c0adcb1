package alerts

import (
	"context"
	"time"

	"github.com/antifraud-alliance/beacon/internal/audit"
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
type ListQuery struct {
	Status Status // a stored status, or "" for all
	Before string // exclusive id cursor, "" for the start
	Limit  int
}

// PublicKey is the position of an alert in the public order.
type PublicKey struct {
	PublishedAt time.Time
	ID          string
}

// Key returns the alert's position in the public order; only valid when PublishedAt is set.
func (a *Alert) Key() PublicKey { return PublicKey{PublishedAt: *a.PublishedAt, ID: a.ID} }

// Before reports whether k sorts before o in the public order (newer first).
func (k PublicKey) Before(o PublicKey) bool {
	if !k.PublishedAt.Equal(o.PublishedAt) {
		return k.PublishedAt.After(o.PublishedAt)
	}
	return k.ID > o.ID
}
