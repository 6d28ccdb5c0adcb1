package site

import (
	"sort"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/antifraud-alliance/beacon/internal/iso3166"
)

type countryOpt struct{ Code, Name string }

// countryMenus keeps each language's sorted country list: collating 249
// names is worth doing once per language, not on every form a reader posts.
type countryMenus struct{ m sync.Map } // language.Tag → []countryOpt

func (c *countryMenus) get(tag language.Tag) []countryOpt {
	if v, ok := c.m.Load(tag); ok {
		return v.([]countryOpt)
	}
	list := countries(tag)
	c.m.Store(tag, list)
	return list
}

// countries lists every country by its name in the language, in that
// language's alphabetical order, for the forms' country menus.
func countries(tag language.Tag) []countryOpt {
	names := display.Regions(tag)
	out := make([]countryOpt, 0, 249)
	for _, c := range iso3166.Codes() {
		r, err := language.ParseRegion(c)
		if err != nil {
			continue
		}
		name := names.Name(r)
		if name == "" {
			name = display.Regions(language.English).Name(r)
		}
		out = append(out, countryOpt{Code: c, Name: name})
	}
	col := collate.New(tag)
	sort.SliceStable(out, func(i, j int) bool { return col.CompareString(out[i].Name, out[j].Name) < 0 })
	return out
}

// homeCountry is the country a language's readers most likely call from,
// preselected in forms (the reader can change it).
var homeCountry = map[string]string{"th": "TH", "vi": "VN", "id": "ID", "ms": "MY", "fil": "PH", "km": "KH", "lo": "LA",
	"my": "MM", "zh-hans": "CN", "zh-hant": "TW", "ru": "RU", "pt": "BR", "es": "ES", "fr": "FR", "ar": "AE", "en": ""}
