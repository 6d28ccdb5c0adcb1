package api

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
)

// ProblemTypeBase prefixes every problem type; the suffix is a stable code
// clients can switch on (openapi.yaml lists them).
const ProblemTypeBase = "urn:beacon:problem:"

// Problem is an RFC 9457 problem detail. Every API error is rendered as one.
type Problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail"`
	Instance  string              `json:"instance,omitempty"`
	Errors    []alerts.FieldError `json:"errors,omitempty"`
	RequestID string              `json:"requestId,omitempty"`
	headers   map[string]string
}

func (p *Problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail) }

// Header returns the extra response headers the problem needs (e.g. WWW-Authenticate).
func (p *Problem) Header() map[string]string { return p.headers }

// The stable problem codes with their status and title.
var codes = map[string]struct {
	status int
	title  string
}{
	"bad-request":            {400, "Bad request"},
	"malformed-json":         {400, "Malformed JSON"},
	"validation-failed":      {400, "Invalid request"},
	"invalid-identifier":     {400, "Not a valid number, address or account"},
	"endpoint-refused":       {400, "Push endpoint refused"},
	"unauthorized":           {401, "Authentication required"},
	"forbidden":              {403, "Not allowed for your role"},
	"four-eyes":              {403, "Four-eyes rule"},
	"not-found":              {404, "Not found"},
	"method-not-allowed":     {405, "Method not allowed"},
	"invalid-state":          {409, "Not possible in the current state"},
	"precondition-failed":    {412, "Precondition failed"},
	"body-too-large":         {413, "Request body too large"},
	"unsupported-media-type": {415, "Unsupported media type"},
	"precondition-required":  {428, "Precondition required"},
	"rate-limited":           {429, "Too many requests"},
	"internal":               {500, "Internal error"},
	"unavailable":            {503, "Service unavailable"},
}

// NewProblem builds a problem of a known code; detail says what went wrong in this request.
func NewProblem(code, detail string, fields ...alerts.FieldError) *Problem {
	c, ok := codes[code]
	if !ok {
		panic("api: unknown problem code " + code) // programming error, caught by tests
	}
	return &Problem{Type: ProblemTypeBase + code, Title: c.title, Status: c.status, Detail: detail, Errors: fields}
}

func invalid(field, detail string) *Problem {
	return NewProblem("validation-failed", detail, alerts.FieldError{Field: field, Detail: detail})
}

// ToProblem maps any error a handler returns to the problem the client sees.
// Unknown errors become a 500 whose detail reveals nothing internal.
func ToProblem(err error) *Problem {
	var p *Problem
	var v *alerts.ValidationError
	var st *alerts.StateError
	var fe *fiber.Error
	switch {
	case errors.As(err, &p):
		return p
	case errors.As(err, &v):
		return NewProblem("validation-failed", fmt.Sprintf("%d field(s) are invalid; see errors", len(v.Fields)), v.Fields...)
	case errors.As(err, &st):
		return NewProblem("invalid-state", st.Error())
	case errors.Is(err, alerts.ErrNotFound):
		return NewProblem("not-found", "There is nothing with this id or slug.")
	case errors.Is(err, alerts.ErrConflict):
		return NewProblem("precondition-failed", "It was changed since you read it; read it again and retry with its new ETag.")
	case errors.Is(err, alerts.ErrFourEyes):
		return NewProblem("four-eyes", "Alerts and reports must be reviewed by someone who did not write or submit them. Ask another reviewer.")
	case errors.Is(err, alerts.ErrForbidden):
		return NewProblem("forbidden", "Your token's role does not allow this action.")
	case errors.Is(err, audit.ErrBadCursor):
		return invalid("cursor", "cursor is not one this API returned")
	case errors.As(err, &fe):
		return fromFiber(fe)
	}
	return NewProblem("internal", "Something went wrong on our side. The request id identifies it in our logs.")
}

func fromFiber(fe *fiber.Error) *Problem {
	switch fe.Code {
	case http.StatusNotFound:
		return NewProblem("not-found", "No such resource.")
	case http.StatusMethodNotAllowed:
		return NewProblem("method-not-allowed", "This resource does not support that method.")
	case http.StatusRequestEntityTooLarge:
		return NewProblem("body-too-large", fmt.Sprintf("The request body is over the limit of %d bytes.", MaxBody))
	case http.StatusUnsupportedMediaType:
		return NewProblem("unsupported-media-type", fe.Message)
	case http.StatusServiceUnavailable:
		return NewProblem("unavailable", "The service is shutting down or overloaded; retry shortly.")
	case http.StatusTooManyRequests:
		return NewProblem("rate-limited", "Slow down and retry later.")
	}
	if fe.Code >= 400 && fe.Code < 500 {
		p := NewProblem("bad-request", fe.Message)
		p.Title, p.Status = http.StatusText(fe.Code), fe.Code
		return p
	}
	return NewProblem("internal", "Something went wrong on our side. The request id identifies it in our logs.")
}

// WriteProblem renders p as application/problem+json.
func WriteProblem(c *fiber.Ctx, p *Problem) error {
	for k, v := range p.headers {
		c.Set(k, v)
	}
	c.Status(p.Status)
	c.Set(fiber.HeaderContentType, "application/problem+json")
	return c.JSON(p, "application/problem+json")
}
