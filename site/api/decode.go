package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
)

// MaxBody is the largest request body the API reads.
const MaxBody = 1 << 20

// decodeJSON reads the body as exactly one JSON value into dst, rejecting
// unknown fields, wrong types and trailing data with a problem naming the field.
func decodeJSON(c *fiber.Ctx, dst any, mediaTypes ...string) error {
	if len(mediaTypes) == 0 {
		mediaTypes = []string{fiber.MIMEApplicationJSON}
	}
	mt, _, err := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	if err != nil || !contains(mediaTypes, mt) {
		return NewProblem("unsupported-media-type", "Send the body as "+strings.Join(mediaTypes, " or ")+".")
	}
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonProblem(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return NewProblem("malformed-json", "The body holds more than one JSON value.")
	}
	return nil
}

func jsonProblem(err error) *Problem {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tim *time.ParseError
	switch {
	case errors.As(err, &tim), strings.HasPrefix(err.Error(), "Time.UnmarshalJSON"):
		// The only times the API takes are expiry dates.
		return invalid("expiresAt", "expiresAt must be an RFC 3339 date-time string such as 2027-03-01T00:00:00Z")
	case errors.Is(err, io.EOF):
		return NewProblem("malformed-json", "The body is empty; send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return NewProblem("malformed-json", "The body ends in the middle of a JSON value.")
	case errors.As(err, &syn):
		return NewProblem("malformed-json", fmt.Sprintf("The body is not valid JSON (at byte %d): %s.", syn.Offset, syn.Error()))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(body)"
		}
		return invalid(field, fmt.Sprintf("%s must be %s, not a JSON %s", field, describeType(typ.Type.String()), typ.Value))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		return invalid(name, fmt.Sprintf("unknown field %q; see the API description for the fields this request takes", name))
	}
	var fe *alerts.ValidationError
	if errors.As(err, &fe) { // from a custom UnmarshalJSON
		return ToProblem(fe)
	}
	return NewProblem("malformed-json", "The body could not be read as the expected JSON object: "+err.Error())
}

func describeType(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"), strings.HasPrefix(goType, "*[]"):
		return "an array"
	case strings.HasPrefix(goType, "map"), strings.Contains(goType, "."):
		if strings.Contains(goType, "Severity") {
			return "a string"
		}
		return "an object"
	case strings.Contains(goType, "int"), strings.Contains(goType, "float"):
		return "a number"
	case strings.Contains(goType, "bool"):
		return "true or false"
	}
	return "a string"
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
