package alerts

import (
	"errors"
	"fmt"
	"strings"
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

// FieldError is one invalid field; Field is a dotted path such as translations.en.title.
type FieldError struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// ValidationError lists every invalid field of a request, not just the first.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Detail
	}
	return "invalid alert: " + strings.Join(parts, "; ")
}

func (e *ValidationError) add(field, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Field: field, Detail: fmt.Sprintf(format, args...)})
}

func (e *ValidationError) orNil() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}
