package push

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/langs"
)

func TestFilterMatches(t *testing.T) {
	alert := Filter{Severity: "warning", Regions: []string{"TH", "MY"}, Typologies: []string{"phishing", "parcel-scam"}}
	global := Filter{Severity: "critical", Regions: []string{"global"}, Typologies: []string{"investment-scam"}}
	report := Filter{Reports: true}
	sub := func(min string, regions, typ []string, reports bool) *Subscription {
		return &Subscription{MinSeverity: min, Regions: regions, Typologies: typ, Reports: reports}
	}
	cases := []struct {
		name string
		f    Filter
		s    *Subscription
		want bool
	}{
		{"everything", alert, sub("info", nil, nil, false), true},
		{"severity below the alert", alert, sub("advisory", nil, nil, false), true},
		{"severity equal", alert, sub("warning", nil, nil, false), true},
		{"severity above the alert", alert, sub("critical", nil, nil, false), false},
		{"one of its regions", alert, sub("info", []string{"MY"}, nil, false), true},
		{"another region", alert, sub("info", []string{"FR", "ES"}, nil, false), false},
		{"one of its typologies", alert, sub("info", nil, []string{"parcel-scam"}, false), true},
		{"another typology", alert, sub("info", nil, []string{"romance-scam"}, false), false},
		{"region and typology both match", alert, sub("info", []string{"TH"}, []string{"phishing"}, false), true},
		{"region matches, typology not", alert, sub("info", []string{"TH"}, []string{"loan-scam"}, false), false},
		{"global alert reaches a region choice", global, sub("warning", []string{"FR"}, nil, false), true},
		{"global alert, typology not chosen", global, sub("warning", []string{"FR"}, []string{"phishing"}, false), false},
		{"report to a subscriber who opted in", report, sub("critical", []string{"FR"}, []string{"phishing"}, true), true},
		{"report to one who did not", report, sub("info", nil, nil, false), false},
		{"alert to a reports-only choice still follows filters", alert, sub("info", []string{"FR"}, nil, true), false},
	}
	for _, c := range cases {
		if got := c.f.Matches(c.s); got != c.want {
			t.Errorf("%s: Matches = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestUrgencyTTLTopic(t *testing.T) {
	for sev, want := range map[alerts.Severity]string{"critical": "high", "warning": "normal", "advisory": "low", "info": "very-low"} {
		if got := UrgencyOf(sev); got != want {
			t.Errorf("UrgencyOf(%s) = %s, want %s", sev, got, want)
		}
	}
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		expires time.Time
		want    time.Duration
	}{
		{now.Add(48 * time.Hour), 48 * time.Hour},
		{now.Add(90 * 24 * time.Hour), MaxTTL},
		{now.Add(-time.Hour), 0},
	} {
		j := Job{Expires: c.expires}
		if got := j.TTL(now); got != c.want {
			t.Errorf("TTL until %v = %v, want %v", c.expires, got, c.want)
		}
	}
	a, b := TopicOf("alert:one"), TopicOf("alert:two")
	if len(a) != 32 || a == b || TopicOf("alert:one") != a || strings.ContainsAny(a, "+/=") {
		t.Errorf("topics %q %q: want 32 stable, distinct base64url characters", a, b)
	}
}

func testTexts() Texts {
	msgs := map[string]string{
		"en/push-title-update": "Updated: {{.Title}}", "th/push-title-update": "อัปเดต: {{.Title}}",
		"en/push-title-retraction": "Withdrawn: {{.Title}}", "en/push-body-retraction": "This warning was withdrawn.",
		"en/push-title-report": "Trend report: {{.Title}}",
	}
	return Texts{
		T: func(lang, id string, data map[string]any) string {
			s := msgs[lang+"/"+id]
			if s == "" {
				s = msgs["en/"+id]
			}
			if title, ok := data["Title"].(string); ok {
				s = strings.ReplaceAll(s, "{{.Title}}", title)
			}
			return s
		},
		Has: func(lang, id string) bool { _, ok := msgs[lang+"/"+id]; return ok },
	}
}

func testAlert() *alerts.Alert {
	exp := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	return &alerts.Alert{ID: "01ALERT", Slug: "fake-parcel", Version: 1, Content: alerts.Content{
		Severity: "critical", Regions: []string{"TH"}, Typologies: []string{"parcel-scam"}, ExpiresAt: &exp,
		Translations: map[string]alerts.Translation{
			"en": {Title: "Fake **parcel** texts", Summary: "Do not\npay   the fee.", Body: "b"},
			"th": {Title: "SMS พัสดุปลอม", Summary: "อย่าจ่ายค่าธรรมเนียม", Body: "b"},
		}}}
}

func TestAlertJobPayloads(t *testing.T) {
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	a := testAlert()
	j, err := AlertJob(a, KindAlert, "https://beacon.example/", testTexts(), now)
	if err != nil {
		t.Fatal(err)
	}
	if j.ID != "alert:01ALERT:v1:alert" || j.Urgency != "high" || j.Topic != TopicOf("alert:01ALERT") || !j.Expires.Equal(*a.ExpiresAt) {
		t.Errorf("job %+v", j)
	}
	if len(j.Payloads) != len(langs.All()) {
		t.Errorf("%d payloads, want one per language", len(j.Payloads))
	}
	var th, fr Payload
	_ = json.Unmarshal(j.Payload("th"), &th)
	_ = json.Unmarshal(j.Payload("fr"), &fr)
	if th.Title != "SMS พัสดุปลอม" || th.Lang != "th" || th.URL != "https://beacon.example/th/alerts/fake-parcel" || th.Tag != "alert:01ALERT" {
		t.Errorf("th payload %+v", th)
	}
	// French falls back to the English text, but links the French page.
	if fr.Title != "Fake parcel texts" || fr.Body != "Do not pay the fee." || fr.Lang != "en" || fr.URL != "https://beacon.example/fr/alerts/fake-parcel" {
		t.Errorf("fr payload %+v", fr)
	}

	a.Version = 2
	u, _ := AlertJob(a, KindUpdate, "https://beacon.example", testTexts(), now)
	r, _ := AlertJob(a, KindRetraction, "https://beacon.example", testTexts(), now)
	var up, re Payload
	_ = json.Unmarshal(u.Payload("th"), &up)
	_ = json.Unmarshal(r.Payload("th"), &re)
	if up.Title != "อัปเดต: SMS พัสดุปลอม" || up.Kind != KindUpdate || u.ID != "alert:01ALERT:v2:update" || u.Topic != j.Topic {
		t.Errorf("update %s %+v", u.ID, up)
	}
	// Thai has no retraction wording in the test catalog: English, whole.
	if re.Title != "Withdrawn: SMS พัสดุปลอม" || re.Body != "This warning was withdrawn." || r.ID != "alert:01ALERT:v2:retraction" {
		t.Errorf("retraction %s %+v", r.ID, re)
	}
}

func TestPayloadFitsWhateverTheText(t *testing.T) {
	if MaxPayload != 3993 { // the limit the push services agree on for a 4096-byte record
		t.Fatalf("MaxPayload is %d, want 3993", MaxPayload)
	}
	long := strings.Repeat("ឃ្លាំមើល \"ការបោក\" ", 2000) // Khmer: 3 bytes a rune, quotes escaped
	src := Source{Subject: "alert:x", Path: "/alerts/x", Kind: KindAlert, Severity: "info",
		Texts: map[string]Text{"km": {Title: long, Summary: long}, "en": {Title: "t", Summary: long}}}
	p, err := BuildPayloads(src, "https://b.example", testTexts())
	if err != nil {
		t.Fatal(err)
	}
	for lang, b := range p {
		var got Payload
		if len(b) > MaxPayload || json.Unmarshal(b, &got) != nil {
			t.Fatalf("%s: %d bytes (max %d)", lang, len(b), MaxPayload)
		}
		if utf8.RuneCountInString(got.Title) > maxTitleRunes || !strings.HasSuffix(got.Body, "…") {
			t.Errorf("%s: title of %d runes, body %q…", lang, utf8.RuneCountInString(got.Title), got.Body[:20])
		}
	}
	if _, err := BuildPayloads(Source{Subject: "alert:y"}, "https://b.example", testTexts()); err == nil {
		t.Error("a source without text built payloads")
	}
}

func TestKindOfChange(t *testing.T) {
	for _, c := range []struct {
		action  string
		version int
		kind    string
		ok      bool
	}{
		{"alert.approve", 1, KindAlert, true}, {"alert.approve", 3, KindUpdate, true},
		{"alert.retract", 2, KindRetraction, true}, {"alert.submit", 1, "", false}, {"alert.create", 0, "", false},
	} {
		kind, ok := KindOfChange(c.action, &alerts.Alert{Version: c.version})
		if kind != c.kind || ok != c.ok {
			t.Errorf("%s v%d: %q %v, want %q %v", c.action, c.version, kind, ok, c.kind, c.ok)
		}
	}
}

func TestReportJob(t *testing.T) {
	now := time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)
	j, err := ReportJob("01TREND", "q3-2026", map[string]Text{"en": {Title: "Q3: task scams rise", Summary: "Up 40%."}},
		"https://beacon.example", testTexts(), now)
	if err != nil {
		t.Fatal(err)
	}
	var p Payload
	_ = json.Unmarshal(j.Payload("vi"), &p)
	if j.ID != "trend:01TREND:v1:report" || !j.Filter.Reports || j.Urgency != "low" || j.TTL(now) != 7*24*time.Hour ||
		p.Title != "Trend report: Q3: task scams rise" || p.URL != "https://beacon.example/vi/trends/q3-2026" || p.Kind != KindReport {
		t.Errorf("job %+v payload %+v", j, p)
	}
}
