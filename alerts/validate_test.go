package alerts

import (
	"strings"
	"testing"
	"time"
)

func validContent(now time.Time) Content {
	exp := now.Add(30 * 24 * time.Hour)
	return Content{
		Severity: SeverityWarning, Typologies: []string{"official-impersonation"}, Regions: []string{"TH", "MY"},
		Channels: []string{"phone"}, Indicators: []Indicator{{Kind: "phone", Value: "+66 2 123 4567"}}, ExpiresAt: &exp,
		Translations: map[string]Translation{"en": {Title: "Fake police calls", Summary: "Hang up.", Body: "**Hang up** and call 191."}},
	}
}

func TestValidate(t *testing.T) {
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	past, far := now.Add(-time.Minute), now.Add(6*365*24*time.Hour)
	tests := []struct {
		name   string
		change func(*Content)
		fields []string // the invalid fields reported, in order; none means valid
	}{
		{"valid", func(*Content) {}, nil},
		{"no expiry is fine", func(c *Content) { c.ExpiresAt = nil }, nil},
		{"global alone", func(c *Content) { c.Regions = []string{"global"} }, nil},
		{"thai title at the limit", func(c *Content) {
			c.Translations["th"] = Translation{Title: strings.Repeat("ก", MaxTitle), Summary: "ส", Body: "บ"}
		}, nil},
		{"bad severity", func(c *Content) { c.Severity = "severe" }, []string{"severity"}},
		{"missing severity", func(c *Content) { c.Severity = "" }, []string{"severity"}},
		{"unknown typology", func(c *Content) { c.Typologies = []string{"phishing", "vishing"} }, []string{"typologies[1]"}},
		{"no typology", func(c *Content) { c.Typologies = nil }, []string{"typologies"}},
		{"duplicate typology", func(c *Content) { c.Typologies = []string{"phishing", "phishing"} }, []string{"typologies[1]"}},
		{"lower-case region", func(c *Content) { c.Regions = []string{"th"} }, []string{"regions[0]"}},
		{"unassigned region", func(c *Content) { c.Regions = []string{"UK"} }, []string{"regions[0]"}},
		{"global with a country", func(c *Content) { c.Regions = []string{"global", "TH"} }, []string{"regions"}},
		{"bad channel", func(c *Content) { c.Channels = []string{"fax"} }, []string{"channels[0]"}},
		{"bad indicator kind", func(c *Content) { c.Indicators = []Indicator{{Kind: "ip", Value: "1.2.3.4"}} }, []string{"indicators[0].kind"}},
		{"empty indicator", func(c *Content) { c.Indicators = []Indicator{{Kind: "url", Value: " "}} }, []string{"indicators[0].value"}},
		{"expiry in the past", func(c *Content) { c.ExpiresAt = &past }, []string{"expiresAt"}},
		{"expiry too far", func(c *Content) { c.ExpiresAt = &far }, []string{"expiresAt"}},
		{"no translations", func(c *Content) { c.Translations = nil }, []string{"translations"}},
		{"unsupported language", func(c *Content) { c.Translations["de"] = c.Translations["en"] }, []string{"translations.de"}},
		{"upper-case language", func(c *Content) { c.Translations["EN"] = c.Translations["en"] }, []string{"translations.EN"}},
		{"title too long", func(c *Content) {
			c.Translations["en"] = Translation{Title: strings.Repeat("a", MaxTitle+1), Summary: "s", Body: "b"}
		}, []string{"translations.en.title"}},
		{"summary too long", func(c *Content) {
			c.Translations["en"] = Translation{Title: "t", Summary: strings.Repeat("a", MaxSummary+1), Body: "b"}
		}, []string{"translations.en.summary"}},
		{"body too long", func(c *Content) {
			c.Translations["en"] = Translation{Title: "t", Summary: "s", Body: strings.Repeat("a", MaxBody+1)}
		}, []string{"translations.en.body"}},
		{"empty title", func(c *Content) { c.Translations["en"] = Translation{Summary: "s", Body: "b"} }, []string{"translations.en.title"}},
		{"control character in title", func(c *Content) {
			c.Translations["en"] = Translation{Title: "a\x07b", Summary: "s", Body: "line\nbreak"}
		}, []string{"translations.en.title"}},
		{"several at once", func(c *Content) { c.Severity = ""; c.Channels = nil }, []string{"severity", "channels"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := validContent(now)
			tc.change(&c)
			err := c.Validate(now)
			var got []string
			if ve, ok := err.(*ValidationError); ok {
				for _, f := range ve.Fields {
					got = append(got, f.Field)
				}
			} else if err != nil {
				t.Fatalf("unexpected error type %T: %v", err, err)
			}
			if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
				t.Errorf("invalid fields = %v, want %v (%v)", got, tc.fields, err)
			}
		})
	}
}

func TestEffectiveStatus(t *testing.T) {
	now := time.Now()
	past, future := now.Add(-time.Second), now.Add(time.Hour)
	tests := []struct {
		status Status
		exp    *time.Time
		want   Status
	}{
		{StatusPublished, nil, StatusPublished},
		{StatusPublished, &future, StatusPublished},
		{StatusPublished, &past, StatusExpired},
		{StatusRetracted, &past, StatusRetracted},
		{StatusDraft, &past, StatusDraft},
	}
	for _, tc := range tests {
		a := &Alert{Status: tc.status, Content: Content{ExpiresAt: tc.exp}}
		if got := a.EffectiveStatus(now); got != tc.want {
			t.Errorf("%s expiring %v: got %s, want %s", tc.status, tc.exp, got, tc.want)
		}
	}
}
