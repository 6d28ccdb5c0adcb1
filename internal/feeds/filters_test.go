package feeds

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
)

func TestFilters(t *testing.T) {
	cfg := testConfig(t)
	th := published("0195aa000000000000000010", "th-phish", t0, alerts.SeverityAdvisory, []string{"TH", "LA"}, "phishing")
	vn := published("0195aa000000000000000011", "vn-invest", t0.Add(-time.Hour), alerts.SeverityCritical, []string{"VN"}, "investment-scam")
	gl := published("0195aa000000000000000012", "global-info", t0.Add(-2*time.Hour), alerts.SeverityInfo, []string{"global"}, "phishing", "money-mule")
	old := published("0195aa000000000000000013", "th-old", t0.Add(-3*time.Hour), alerts.SeverityWarning, []string{"TH"}, "investment-scam")
	retract(old, t0, "Wrong.")
	draft := published("0195aa000000000000000014", "draft", t0.Add(time.Hour), alerts.SeverityCritical, []string{"TH"}, "phishing")
	draft.Status, draft.PublishedAt = alerts.StatusDraft, nil
	list := []*alerts.Alert{draft, th, vn, gl, old}
	cases := []struct {
		f    Filter
		want []string
	}{
		{Filter{}, []string{"th-phish", "vn-invest", "global-info", "th-old"}},
		{Filter{Region: "TH"}, []string{"th-phish", "global-info", "th-old"}},
		{Filter{Region: "global"}, []string{"global-info"}},
		{Filter{Typology: "phishing"}, []string{"th-phish", "global-info"}},
		{Filter{MinSeverity: alerts.SeverityWarning}, []string{"vn-invest", "th-old"}},
		{Filter{Region: "TH", Typology: "investment-scam"}, []string{"th-old"}},
		{Filter{Region: "TH", MinSeverity: alerts.SeverityAdvisory}, []string{"th-phish", "th-old"}},
		{Filter{Region: "VN", Typology: "phishing", MinSeverity: alerts.SeverityInfo}, []string{"global-info"}},
		{Filter{Region: "LA", Typology: "phishing", MinSeverity: alerts.SeverityCritical}, nil},
	}
	for _, c := range cases {
		for _, f := range formats {
			_, mod, feed := render(t, cfg, f, "en", c.f, list...)
			var got []string
			for _, it := range feed.Items {
				got = append(got, it.Link[strings.LastIndex(it.Link, "/")+1:])
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%s %+v: got %v, want %v", f, c.f, got, c.want)
			}
			if want := testBase + "/en/feeds/alerts." + string(f) + querySuffix(c.f); feed.FeedLink != want {
				t.Errorf("%s: self link %q, want %q", f, feed.FeedLink, want)
			}
			if !mod.Equal(t0.Truncate(time.Second)) { // the latest change to any public alert
				t.Errorf("%s %+v: modified %v", f, c.f, mod)
			}
		}
	}
	bad := []struct {
		f      Filter
		fields []string
	}{
		{Filter{Region: "th"}, []string{"region"}},
		{Filter{Region: "XX"}, []string{"region"}},
		{Filter{Typology: "bogus"}, []string{"typology"}},
		{Filter{MinSeverity: "high"}, []string{"severity"}},
		{Filter{Region: "Thailand", Typology: "x", MinSeverity: "y"}, []string{"region", "typology", "severity"}},
	}
	for _, c := range bad {
		_, _, err := Alerts(cfg, RSS, "en", c.f, list)
		var ve *alerts.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%+v: error %v, want a validation error (a 400)", c.f, err)
		}
		var fields []string
		for _, fe := range ve.Fields {
			fields = append(fields, fe.Field)
		}
		if !slices.Equal(fields, c.fields) {
			t.Errorf("%+v: invalid fields %v, want %v", c.f, fields, c.fields)
		}
	}
}

func querySuffix(f Filter) string {
	if q := f.Values().Encode(); q != "" {
		return "?" + q
	}
	return ""
}

func TestArguments(t *testing.T) {
	cfg := testConfig(t)
	if _, _, err := Alerts(cfg, "xml", "en", Filter{}, nil); !errors.Is(err, ErrFormat) {
		t.Errorf("format: %v", err)
	}
	if _, _, err := Alerts(cfg, RSS, "de", Filter{}, nil); !errors.Is(err, ErrLanguage) {
		t.Errorf("language: %v", err)
	}
	bad := cfg
	bad.BaseURL = "beacon.example.org"
	if _, _, err := Alerts(bad, RSS, "en", Filter{}, nil); err == nil {
		t.Error("relative base URL accepted")
	}
	for _, f := range formats {
		if f.ContentType() == "" {
			t.Errorf("%s has no content type", f)
		}
	}
}

// TestEmptyFeed: no alerts still gives a valid feed with a real time.
func TestEmptyFeed(t *testing.T) {
	cfg := testConfig(t)
	for _, f := range formats {
		b, mod, feed := render(t, cfg, f, "ar", Filter{Region: "TH"})
		if mod.IsZero() || !mod.Equal(epoch) {
			t.Errorf("%s: modified %v", f, mod)
		}
		if len(feed.Items) != 0 || feed.Language != "ar" {
			t.Errorf("%s: %d items, language %q", f, len(feed.Items), feed.Language)
		}
		if strings.Contains(string(b), "0001-01-01") {
			t.Errorf("%s: zero time in output", f)
		}
	}
}

func TestMaxEntries(t *testing.T) {
	var list []*alerts.Alert
	for i := range MaxEntries + 5 {
		id := "0195aa0000000000000001" + string(rune('a'+i/26)) + string(rune('a'+i%26))
		list = append(list, published(id, "a-"+id, t0.Add(-time.Duration(i)*time.Minute), alerts.SeverityInfo, []string{"TH"}, "phishing"))
	}
	_, _, feed := render(t, testConfig(t), Atom, "en", Filter{}, list...)
	if len(feed.Items) != MaxEntries || feed.Items[0].Link != testBase+"/en/alerts/"+list[0].Slug {
		t.Errorf("%d items, first %q", len(feed.Items), feed.Items[0].Link)
	}
}
