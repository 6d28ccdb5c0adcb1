package alerts

import (
	"time"

	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// The methods of this file make *Alert a workflow.Doc, so that alerts run the
// lifecycle every published document shares. Alert keeps its lifecycle
// fields itself (rather than embedding workflow.Record) because code across
// the tree builds alerts field by field.

// Fields implements workflow.Doc.
func (a *Alert) Fields() workflow.Fields {
	return workflow.Fields{ID: &a.ID, Slug: &a.Slug, Version: &a.Version, Revision: &a.Revision, Status: &a.Status,
		Agency: &a.Agency, Author: &a.Author, AuthorName: &a.AuthorName, Editors: &a.Editors,
		Reviewer: &a.Reviewer, ReviewerName: &a.ReviewerName, RejectReason: &a.RejectReason, RetractReason: &a.RetractReason,
		CreatedAt: &a.CreatedAt, UpdatedAt: &a.UpdatedAt, PublishedAt: &a.PublishedAt, RevisedAt: &a.RevisedAt,
		RetractedAt: &a.RetractedAt, History: &a.History}
}

// Versions implements workflow.Doc.
func (a *Alert) Versions() workflow.Versions[Content] {
	return workflow.Versions[Content]{Live: &a.Content, Pending: &a.Pending}
}

// Copy implements workflow.Doc: a deep copy.
func (a *Alert) Copy() *Alert {
	c := *a
	workflow.CopySlices(c.Fields())
	c.Versions().Detach()
	return &c
}

// Clone implements workflow.Content: a deep copy.
func (c Content) Clone() Content { return c.clone() }

// Check implements workflow.Content.
func (c Content) Check(now time.Time, forReview bool) error { return c.validate(now, forReview) }

// Texts implements workflow.Content.
func (c Content) Texts() map[string]Translation { return c.Translations }
