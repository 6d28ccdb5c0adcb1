package api

import (
	"sync"

	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/lookup/jsonw"
)

// appendLookupAnswer writes a as c.JSON would (TestLookupAnswerJSON
// compares them) without reflection, which cost a check more than
// everything else it does but the database read.
func appendLookupAnswer(b []byte, a lookupAnswer) ([]byte, error) {
	b = append(b, `{"kind":`...)
	b = jsonw.String(b, string(a.Kind))
	b = append(b, `,"canonical":`...)
	b = jsonw.String(b, a.Canonical)
	b = append(b, `,"verdict":`...)
	b = jsonw.String(b, string(a.Verdict))
	b = append(b, `,"listing":`...)
	if l := a.Listing; l == nil {
		b = append(b, "null"...)
	} else {
		var err error
		b = append(b, `{"id":`...)
		b = jsonw.String(b, l.ID)
		b = append(b, `,"status":`...)
		b = jsonw.String(b, string(l.Status))
		if b, err = lookup.AppendProvenance(b, l.Typologies, l.Regions, l.Sources, l.FirstSeen, l.LastSeen, l.Reports); err != nil {
			return nil, err
		}
		b = append(b, `,"label":`...)
		if l.Label == nil {
			b = append(b, "null"...)
		} else {
			b = jsonw.String(b, *l.Label)
		}
		b = append(b, '}')
	}
	b = append(b, `,"advice":`...)
	b = jsonw.String(b, a.Advice)
	return append(b, '}'), nil
}

// adviceMemo keeps the advice of each language and verdict: Advice looks it
// up in the message catalog, which cost a check as much as parsing its
// number, and its answer for a pair never changes. The language comes from
// the query, so at most maxAdvised pairs are kept; others are looked up.
type adviceMemo struct {
	mu sync.RWMutex
	m  map[[2]string]string
}

const maxAdvised = 256

func (a *adviceMemo) get(lang string, v lookup.Verdict, advice func(string, lookup.Verdict) string) string {
	k := [2]string{lang, string(v)}
	a.mu.RLock()
	s, ok := a.m[k]
	a.mu.RUnlock()
	if ok {
		return s
	}
	s = advice(lang, v)
	a.mu.Lock()
	if a.m == nil {
		a.m = map[[2]string]string{}
	}
	if len(a.m) < maxAdvised {
		a.m[[2]string{string([]byte(lang)), string(v)}] = s // lang may share the request's buffer
	}
	a.mu.Unlock()
	return s
}
