// Package workflow is the editorial lifecycle that every document Beacon
// publishes shares, alerts and trend reports alike: draft → in_review →
// published (→ retracted), translations per language, a pending revision that
// leaves the published version live until it is approved, and the four-eyes
// rule (whoever wrote or submitted content may not approve it). Every change
// is stored together with its audit entry.
//
// A domain plugs in its document type through Doc and its storage through
// Store; the rules live here once. Like the domains, it knows nothing of
// HTTP, SQL or Redis.
package workflow

import (
	"errors"
	"fmt"
	"time"

	"github.com/antifraud-alliance/beacon/internal/auth"
)

// Status is where a document stands in its lifecycle.
type Status string

// The stored statuses.
const (
	StatusDraft     Status = "draft"
	StatusInReview  Status = "in_review"
	StatusPublished Status = "published"
	StatusRetracted Status = "retracted"
)

// Actor is who performs an action.
type Actor struct {
	ID     string
	Name   string
	Role   auth.Role
	Agency string
}

// VersionInfo records one published version.
type VersionInfo struct {
	Version     int       `json:"version"`
	PublishedAt time.Time `json:"publishedAt"`
	Reviewer    string    `json:"reviewer"`
}

// PendingState is where the pending revision of a published document stands;
// the domain keeps it beside the revision's content.
type PendingState struct {
	Status       Status    `json:"status"` // draft or in_review
	Editors      []string  `json:"editors"`
	RejectReason string    `json:"rejectReason,omitempty"`
	CreatedAt    time.Time `json:"createdAt"`
}

// Errors the engine and the stores return; the API maps each to a status.
var (
	ErrNotFound  = errors.New("not found")
	ErrConflict  = errors.New("changed by someone else") // stale revision
	ErrSlugTaken = errors.New("slug already taken")
	ErrFourEyes  = errors.New("a reviewer cannot approve or reject what they wrote or submitted")
	ErrForbidden = errors.New("your role does not allow this")
)

// StateError says an action does not apply to a document's current state.
type StateError struct {
	Kind   string // what the document is: alert, trend report
	Action string
	Status Status
	Hint   string
}

func (e *StateError) Error() string {
	kind := e.Kind
	if kind == "" {
		kind = "document"
	}
	msg := fmt.Sprintf("cannot %s %s %s that is %s", e.Action, article(kind), kind, e.Status)
	if e.Hint != "" {
		msg += ": " + e.Hint
	}
	return msg
}

func article(noun string) string {
	switch noun[0] {
	case 'a', 'e', 'i', 'o', 'u':
		return "an"
	}
	return "a"
}

// ListQuery selects documents for the authoring API.
type ListQuery struct {
	Status Status // a stored status, or "" for all
	Before string // exclusive id cursor, "" for the start
	Limit  int
}

// Change tells listeners that a committed write changed a document.
type Change[D any] struct {
	ID     string
	Slug   string
	Action string // the audit action, e.g. alert.approve
	Public bool   // whether what the public sees changed (publish, update, retract)
	Doc    D      // as stored; listeners must not change it
}
