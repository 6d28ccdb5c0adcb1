package alerts

import (
	"errors"
	"fmt"

	"github.com/antifraud-alliance/beacon/internal/valid"
)

// Errors the service and its store return; the API maps each to a status.
var (
	ErrNotFound  = errors.New("alert not found")
	ErrConflict  = errors.New("alert was changed by someone else") // stale revision
	ErrSlugTaken = errors.New("slug already taken")
	ErrFourEyes  = errors.New("a reviewer cannot approve or reject an alert they wrote")
	ErrForbidden = errors.New("your role does not allow this")
)

// StateError says an action does not apply to the alert's current state.
type StateError struct {
	Action string
	Status Status
	Hint   string
}

func (e *StateError) Error() string {
	msg := fmt.Sprintf("cannot %s an alert that is %s", e.Action, e.Status)
	if e.Hint != "" {
		msg += ": " + e.Hint
	}
	return msg
}

// FieldError and ValidationError are the shared field errors of internal/valid.
type (
	FieldError      = valid.FieldError
	ValidationError = valid.Errors
)
