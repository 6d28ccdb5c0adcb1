// Package audit describes the append-only log of every state change and every
// write made through the API. Entries are written by the storage backends in
// the same transaction as the change they record, so a failed change leaves no
// entry and a recorded change always has one.
package audit

import (
	"context"
	"errors"
	"time"
)

// Entry is one line of the audit log.
type Entry struct {
	ID          string    `json:"id"`
	At          time.Time `json:"at"`
	Actor       string    `json:"actor"`     // token id, or "cli" / "demo" for local tools
	ActorName   string    `json:"actorName"` // the token's name at the time
	Action      string    `json:"action"`    // e.g. alert.create, alert.approve, token.revoke
	Subject     string    `json:"subject"`   // e.g. alert:<id>
	FromStatus  string    `json:"fromStatus,omitempty"`
	ToStatus    string    `json:"toStatus,omitempty"`
	FromVersion int       `json:"fromVersion"`
	ToVersion   int       `json:"toVersion"`
	Reason      string    `json:"reason,omitempty"`
}

// Query selects a page of entries, newest first.
type Query struct {
	Subject string // optional exact subject filter
	Before  string // opaque cursor: the ID of the last entry of the previous page
	Limit   int
}

// Store reads the log. Appends happen inside the backends' write methods.
type Store interface {
	ListAudit(ctx context.Context, q Query) ([]Entry, error)
}

// ErrBadCursor is returned for a cursor the store did not hand out.
var ErrBadCursor = errors.New("malformed audit cursor")
