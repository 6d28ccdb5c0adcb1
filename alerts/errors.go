package alerts

import (
	"github.com/antifraud-alliance/beacon/internal/valid"
	"github.com/antifraud-alliance/beacon/internal/workflow"
)

// Errors the service and its store return; the API maps each to a status.
// They are the workflow's, shared by every kind of published document.
var (
	ErrNotFound  = workflow.ErrNotFound
	ErrConflict  = workflow.ErrConflict // stale revision
	ErrSlugTaken = workflow.ErrSlugTaken
	ErrFourEyes  = workflow.ErrFourEyes
	ErrForbidden = workflow.ErrForbidden
)

// StateError says an action does not apply to the alert's current state.
type StateError = workflow.StateError

// FieldError and ValidationError are the shared field errors of internal/valid.
type (
	FieldError      = valid.FieldError
	ValidationError = valid.Errors
)
