// Package jsonw appends JSON values exactly as encoding/json's Marshal
// writes them, without its reflection, for the few documents on the hot
// paths of checks and imports. Values it has no fast way for (strings with
// anything to escape, say) are handed to encoding/json, so the bytes are
// always Marshal's.
package jsonw

import (
	"encoding/json"
	"time"
)

// plain reports whether Marshal writes s between quotes unchanged: printable
// ASCII without the quote, the backslash and the HTML characters it escapes.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// String appends s as a JSON string.
func String(b []byte, s string) []byte {
	if plain(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// Strings appends a list of strings; nil is null, as Marshal writes it.
func Strings(b []byte, list []string) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = String(b, s)
	}
	return append(b, ']')
}

// Time appends t in RFC 3339 with nanoseconds, as time.Time's MarshalJSON
// does, and fails for the same times (years outside 0–9999).
func Time(b []byte, t time.Time) ([]byte, error) {
	b = append(b, '"')
	b, err := t.AppendText(b)
	if err != nil {
		return nil, err
	}
	return append(b, '"'), nil
}
