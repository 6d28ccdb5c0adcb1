// Package valid is how every domain reports invalid input: each bad field
// by its JSON path, all of them at once, so the API can render one problem
// listing them and pages can mark each field.
package valid

import (
	"fmt"
	"strings"
)

// FieldError is one invalid field; Field is a dotted path such as keys.auth.
type FieldError struct {
	Field  string `json:"field"`
	Detail string `json:"detail"`
}

// Errors lists every invalid field of one input. What names the input in
// the error text ("alert", "report", …).
type Errors struct {
	What   string
	Fields []FieldError
}

func (e *Errors) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Detail
	}
	what := e.What
	if what == "" {
		what = "input"
	}
	return "invalid " + what + ": " + strings.Join(parts, "; ")
}

// Add records an invalid field.
func (e *Errors) Add(field, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Field: field, Detail: fmt.Sprintf(format, args...)})
}

// Err is e when a field was added, else nil.
func (e *Errors) Err() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}

// Field is an error about a single field.
func Field(what, field, format string, args ...any) error {
	e := &Errors{What: what}
	e.Add(field, format, args...)
	return e
}
