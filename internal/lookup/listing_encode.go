package lookup

import (
	"strconv"
	"time"

	"github.com/antifraud-alliance/beacon/internal/lookup/jsonw"
)

// AppendListing appends l as json.Marshal writes it (TestAppendListing
// compares them), several times faster: an import encodes every listing.
func AppendListing(b []byte, l *Listing) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = jsonw.String(b, l.ID)
	b = append(b, `,"hash":`...)
	b = jsonw.String(b, l.Hash)
	b = append(b, `,"kind":`...)
	b = jsonw.String(b, string(l.Kind))
	b = append(b, `,"canonical":`...)
	b = jsonw.String(b, l.Canonical)
	b = append(b, `,"status":`...)
	b = jsonw.String(b, string(l.Status))
	b = append(b, `,"official":`...)
	b = appendBool(b, l.Official)
	if l.Label != "" {
		b = append(b, `,"label":`...)
		b = jsonw.String(b, l.Label)
	}
	b, err := AppendProvenance(b, l.Typologies, l.Regions, l.Sources, l.FirstSeen, l.LastSeen, l.Reports)
	if err != nil {
		return nil, err
	}
	if l.DelistReason != "" {
		b = append(b, `,"delistReason":`...)
		b = jsonw.String(b, l.DelistReason)
	}
	b = append(b, `,"updatedAt":`...)
	if b, err = jsonw.Time(b, l.UpdatedAt); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// AppendProvenance appends the fields a listing and the lookup answer's
// view of it share, from ,"typologies" to ,"reports", as json.Marshal
// writes them.
func AppendProvenance(b []byte, typologies, regions []string, sources []Source, first, last time.Time, reports int) ([]byte, error) {
	b = append(b, `,"typologies":`...)
	b = jsonw.Strings(b, typologies)
	b = append(b, `,"regions":`...)
	b = jsonw.Strings(b, regions)
	b = append(b, `,"sources":`...)
	b = AppendSources(b, sources)
	var err error
	b = append(b, `,"firstSeen":`...)
	if b, err = jsonw.Time(b, first); err != nil {
		return nil, err
	}
	b = append(b, `,"lastSeen":`...)
	if b, err = jsonw.Time(b, last); err != nil {
		return nil, err
	}
	b = append(b, `,"reports":`...)
	return strconv.AppendInt(b, int64(reports), 10), nil
}

// AppendSources appends sources as json.Marshal writes them.
func AppendSources(b []byte, sources []Source) []byte {
	if sources == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range sources {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"agency":`...)
		b = jsonw.String(b, s.Agency)
		if s.Reference != "" {
			b = append(b, `,"reference":`...)
			b = jsonw.String(b, s.Reference)
		}
		if s.Alert != "" {
			b = append(b, `,"alert":`...)
			b = jsonw.String(b, s.Alert)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, "true"...)
	}
	return append(b, "false"...)
}
