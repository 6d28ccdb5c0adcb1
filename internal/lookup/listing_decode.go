package lookup

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
)

// Listings are stored as JSON, and reading one back was the largest cost of
// a server-side check after the database itself: encoding/json spends most
// of its time on reflection and validation for a shape that never changes.
// DecodeListing reads the documents Beacon writes itself directly and leaves
// everything else (escapes, unknown or repeated keys, nulls where a value
// belongs, unusual numbers) to encoding/json, so its result is always
// encoding/json's: FuzzDecodeListing compares them. AppendListing is the
// same for writing.

// DecodeListing decodes a stored listing as json.Unmarshal would.
func DecodeListing(doc []byte) (*Listing, error) {
	l := new(Listing)
	d := jsonReader{b: doc}
	if d.listing(l) && d.end() {
		return l, nil
	}
	l = new(Listing)
	if err := json.Unmarshal(doc, l); err != nil {
		return nil, err
	}
	return l, nil
}

// jsonReader reads the subset of JSON the fast path takes. Each method
// reports false for anything outside it, and the caller falls back.
type jsonReader struct {
	b []byte
	i int
}

func (d *jsonReader) space() {
	for d.i < len(d.b) && (d.b[d.i] == ' ' || d.b[d.i] == '\n' || d.b[d.i] == '\t' || d.b[d.i] == '\r') {
		d.i++
	}
}

// byte consumes c after optional white space.
func (d *jsonReader) byte(c byte) bool {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *jsonReader) end() bool {
	d.space()
	return d.i == len(d.b)
}

// raw reads a string without escapes or control characters, in valid UTF-8
// (encoding/json would replace invalid bytes), and returns its bytes in
// the document.
func (d *jsonReader) raw() ([]byte, bool) {
	if !d.byte('"') {
		return nil, false
	}
	start, ascii := d.i, true
	for ; d.i < len(d.b); d.i++ {
		switch c := d.b[d.i]; {
		case c == '"':
			s := d.b[start:d.i]
			d.i++
			return s, ascii || utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= 0x80:
			ascii = false
		}
	}
	return nil, false
}

func (d *jsonReader) str() (string, bool) {
	b, ok := d.raw()
	return string(b), ok
}

// object reads {"key": value, ...}, calling field for each key, which must
// read the value. Keys must be distinct (seen is a bit per known key).
func (d *jsonReader) object(field func(key []byte, seen *uint32) bool) bool {
	if !d.byte('{') {
		return false
	}
	var seen uint32
	if d.byte('}') {
		return true
	}
	for {
		key, ok := d.raw()
		if !ok || !d.byte(':') || !field(key, &seen) {
			return false
		}
		if d.byte('}') {
			return true
		}
		if !d.byte(',') {
			return false
		}
	}
}

// once marks bit in seen, refusing a key met before.
func once(seen *uint32, bit uint) bool {
	if *seen&(1<<bit) != 0 {
		return false
	}
	*seen |= 1 << bit
	return true
}

// array reads [v, ...], calling elem for each value; null is no elements.
func (d *jsonReader) array(null *bool, elem func() bool) bool {
	d.space()
	if d.i+4 <= len(d.b) && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		*null = true
		return true
	}
	if !d.byte('[') {
		return false
	}
	if d.byte(']') {
		return true
	}
	for {
		if !elem() {
			return false
		}
		if d.byte(']') {
			return true
		}
		if !d.byte(',') {
			return false
		}
	}
}

func (d *jsonReader) strings(dst *[]string) bool {
	var null bool
	out := []string{}
	ok := d.array(&null, func() bool {
		s, ok := d.str()
		out = append(out, s)
		return ok
	})
	if null {
		out = nil
	}
	*dst = out
	return ok
}

func (d *jsonReader) literal(word string) bool {
	d.space()
	if d.i+len(word) <= len(d.b) && string(d.b[d.i:d.i+len(word)]) == word {
		d.i += len(word)
		return true
	}
	return false
}

func (d *jsonReader) bool(dst *bool) bool {
	switch {
	case d.literal("true"):
		*dst = true
	case d.literal("false"):
		*dst = false
	default:
		return false
	}
	return true
}

// int reads a plain integer (no fraction or exponent, no leading zeros).
func (d *jsonReader) int(dst *int) bool {
	d.space()
	start := d.i
	if d.i < len(d.b) && d.b[d.i] == '-' {
		d.i++
	}
	digits := d.i
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		d.i++
	}
	if d.i == digits || (d.b[digits] == '0' && d.i > digits+1) {
		return false
	}
	if d.i < len(d.b) && (d.b[d.i] == '.' || d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		return false
	}
	n, err := strconv.Atoi(string(d.b[start:d.i]))
	*dst = n
	return err == nil
}

func (d *jsonReader) time(dst *time.Time) bool {
	b, ok := d.raw()
	return ok && dst.UnmarshalText(b) == nil
}

func (d *jsonReader) listing(l *Listing) bool {
	return d.object(func(key []byte, seen *uint32) bool {
		switch string(key) {
		case "id":
			return once(seen, 0) && d.into(&l.ID)
		case "hash":
			return once(seen, 1) && d.into(&l.Hash)
		case "kind":
			b, ok := d.raw()
			l.Kind = ident.Kind(intern(b))
			return once(seen, 2) && ok
		case "canonical":
			return once(seen, 3) && d.into(&l.Canonical)
		case "status":
			b, ok := d.raw()
			l.Status = Status(intern(b))
			return once(seen, 4) && ok
		case "official":
			return once(seen, 5) && d.bool(&l.Official)
		case "label":
			return once(seen, 6) && d.into(&l.Label)
		case "typologies":
			return once(seen, 7) && d.strings(&l.Typologies)
		case "regions":
			return once(seen, 8) && d.strings(&l.Regions)
		case "sources":
			return once(seen, 9) && d.sources(&l.Sources)
		case "firstSeen":
			return once(seen, 10) && d.time(&l.FirstSeen)
		case "lastSeen":
			return once(seen, 11) && d.time(&l.LastSeen)
		case "reports":
			return once(seen, 12) && d.int(&l.Reports)
		case "delistReason":
			return once(seen, 13) && d.into(&l.DelistReason)
		case "updatedAt":
			return once(seen, 14) && d.time(&l.UpdatedAt)
		}
		return false // unknown: encoding/json matches keys case-insensitively
	})
}

// intern returns the few values every listing repeats without allocating.
func intern(b []byte) string {
	switch string(b) {
	case "phone":
		return "phone"
	case "verified":
		return "verified"
	case "reported":
		return "reported"
	}
	return string(b)
}

func (d *jsonReader) into(dst *string) bool {
	s, ok := d.str()
	*dst = s
	return ok
}

func (d *jsonReader) sources(dst *[]Source) bool {
	var null bool
	out := []Source{}
	ok := d.array(&null, func() bool {
		var s Source
		ok := d.object(func(key []byte, seen *uint32) bool {
			switch string(key) {
			case "agency":
				return once(seen, 0) && d.into(&s.Agency)
			case "reference":
				return once(seen, 1) && d.into(&s.Reference)
			case "alert":
				return once(seen, 2) && d.into(&s.Alert)
			}
			return false
		})
		out = append(out, s)
		return ok
	})
	if null {
		out = nil
	}
	*dst = out
	return ok
}
