package lookup

import (
	"bytes"
	"encoding/json"
)

// decodeImportLine decodes one NDJSON line as a json.Decoder that refuses
// unknown fields would, with that decoder's error detail for a bad line.
// Agencies' files are what Beacon's own tools write, so most lines take the
// direct path of DecodeListing's reader; anything else (escapes, repeated
// or differently cased keys, nulls, trailing values) goes to encoding/json
// (FuzzDecodeImportLine compares the two).
func decodeImportLine(raw []byte) (*ImportLine, string) {
	in := &ImportLine{}
	if d := (jsonReader{b: raw}); d.importLine(in) && d.end() {
		return in, ""
	}
	in = &ImportLine{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(in); err != nil {
		return nil, "not a JSON object of a listing: " + err.Error()
	}
	if dec.More() {
		return nil, "more than one JSON value on the line"
	}
	return in, ""
}

func (d *jsonReader) importLine(in *ImportLine) bool {
	return d.object(func(key []byte, seen *uint32) bool {
		switch string(key) {
		case "kind":
			return once(seen, 0) && d.into(&in.Kind)
		case "value":
			return once(seen, 1) && d.into(&in.Value)
		case "region":
			return once(seen, 2) && d.into(&in.Region)
		case "status":
			return once(seen, 3) && d.into(&in.Status)
		case "official":
			return once(seen, 4) && d.bool(&in.Official)
		case "label":
			return once(seen, 5) && d.into(&in.Label)
		case "typologies":
			return once(seen, 6) && d.strings(&in.Typologies)
		case "reference":
			return once(seen, 7) && d.into(&in.Reference)
		case "seen":
			return once(seen, 8) && d.into(&in.Seen)
		}
		return false
	})
}
