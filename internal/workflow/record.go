package workflow

import (
	"time"
)

// Doc is what the engine needs of a document type D (a pointer type, e.g.
// *alerts.Alert) whose content has type C: its lifecycle fields, its live
// content and pending revision, and a deep copy.
type Doc[D any, C Content[C]] interface {
	// Fields points at the document's lifecycle fields.
	Fields() Fields
	// Versions points at the live content and the pending revision.
	Versions() Versions[C]
	// Copy returns a deep copy, so that the engine never changes a value the caller holds.
	Copy() D
}

// Fields points at the lifecycle fields of one document, wherever its type keeps them.
type Fields struct {
	ID, Slug                   *string
	Version                    *int // published version, 0 before the first publish
	Revision                   *int // bumped by every write; the ETag
	Status                     *Status
	Agency, Author, AuthorName *string
	Editors                    *[]string // who wrote the content now under review
	Reviewer, ReviewerName     *string
	RejectReason               *string
	RetractReason              *string
	CreatedAt, UpdatedAt       *time.Time
	PublishedAt                **time.Time // first publication
	RevisedAt                  **time.Time // latest approved update
	RetractedAt                **time.Time
	History                    *[]VersionInfo
}

// Record holds the lifecycle fields, for document types that embed it.
type Record struct {
	ID            string        `json:"id"`
	Slug          string        `json:"slug"`
	Version       int           `json:"version"`
	Revision      int           `json:"revision"`
	Status        Status        `json:"status"`
	Agency        string        `json:"agency"`
	Author        string        `json:"author"`
	AuthorName    string        `json:"authorName"`
	Editors       []string      `json:"editors"`
	Reviewer      string        `json:"reviewer,omitempty"`
	ReviewerName  string        `json:"reviewerName,omitempty"`
	RejectReason  string        `json:"rejectReason,omitempty"`
	RetractReason string        `json:"retractReason,omitempty"`
	CreatedAt     time.Time     `json:"createdAt"`
	UpdatedAt     time.Time     `json:"updatedAt"`
	PublishedAt   *time.Time    `json:"publishedAt,omitempty"`
	RevisedAt     *time.Time    `json:"revisedAt,omitempty"`
	RetractedAt   *time.Time    `json:"retractedAt,omitempty"`
	History       []VersionInfo `json:"history,omitempty"`
}

// Fields implements Doc for types that embed Record.
func (r *Record) Fields() Fields {
	return Fields{ID: &r.ID, Slug: &r.Slug, Version: &r.Version, Revision: &r.Revision, Status: &r.Status,
		Agency: &r.Agency, Author: &r.Author, AuthorName: &r.AuthorName, Editors: &r.Editors,
		Reviewer: &r.Reviewer, ReviewerName: &r.ReviewerName, RejectReason: &r.RejectReason, RetractReason: &r.RetractReason,
		CreatedAt: &r.CreatedAt, UpdatedAt: &r.UpdatedAt, PublishedAt: &r.PublishedAt, RevisedAt: &r.RevisedAt,
		RetractedAt: &r.RetractedAt, History: &r.History}
}

// Public reports whether the document has ever been published (it is then readable by anyone).
func (f Fields) Public() bool {
	return *f.PublishedAt != nil && (*f.Status == StatusPublished || *f.Status == StatusRetracted)
}

// Key returns the document's position in the public order; only valid when PublishedAt is set.
func (f Fields) Key() PublicKey { return PublicKey{PublishedAt: **f.PublishedAt, ID: *f.ID} }

// LastPublicChange is when the public last saw the document change: its
// first publication, each approved version, or its retraction.
func (f Fields) LastPublicChange() time.Time {
	t := **f.PublishedAt
	for _, p := range []*time.Time{*f.RevisedAt, *f.RetractedAt} {
		if p != nil && p.After(t) {
			t = *p
		}
	}
	for _, h := range *f.History {
		if h.PublishedAt.After(t) {
			t = h.PublishedAt
		}
	}
	return t
}

// CopySlices gives a shallow copy of a document its own editors and history;
// Copy implementations call it after copying the struct.
func CopySlices(f Fields) {
	*f.Editors = append([]string(nil), (*f.Editors)...)
	*f.History = append([]VersionInfo(nil), (*f.History)...)
}

// Clone returns a copy with its own editors.
func (p PendingState) Clone() PendingState {
	p.Editors = append([]string(nil), p.Editors...)
	return p
}
