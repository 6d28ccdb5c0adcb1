package feeds

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/antifraud-alliance/beacon/alerts"
)

var capTimeRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$`)

// capAlerts covers every shape of CAP message: each severity, Alert,
// Update (with a gap in history), Cancel, several languages, global, expiry.
func capAlerts() map[string]*alerts.Alert {
	first := published("0195bb000000000000000001", "first", t0, alerts.SeverityInfo, []string{"TH", "LA", "KH"}, "phishing")
	first.Translations["zh-hans"] = alerts.Translation{Title: "冒充快递", Summary: "假短信。", Body: "不要点击。"}
	first.Translations["ar"] = alerts.Translation{Title: "رسائل مزيفة", Summary: "لا تنقر.", Body: "احذر."}
	first.ExpiresAt = ptr(t0.Add(30 * 24 * time.Hour))
	upd := published("0195bb000000000000000002", "update", t0.Add(-72*time.Hour), alerts.SeverityAdvisory, []string{"global"}, "investment-scam", "romance-scam")
	revise(upd, t0.Add(-48*time.Hour))
	revise(upd, t0.Add(-24*time.Hour))
	gap := published("0195bb000000000000000003", "gap", t0.Add(-72*time.Hour), alerts.SeverityWarning, []string{"VN"}, "task-scam")
	gap.Version, gap.RevisedAt = 3, ptr(t0.Add(-time.Hour)) // history of v2 and v3 lost
	gone := published("0195bb000000000000000004", "gone", t0.Add(-72*time.Hour), alerts.SeverityCritical, []string{"MY"}, "loan-scam")
	revise(gone, t0.Add(-48*time.Hour))
	retract(gone, t0.Add(-2*time.Hour), "Issued in error.")
	expired := published("0195bb000000000000000005", "expired", t0.Add(-90*24*time.Hour), alerts.SeverityWarning, []string{"PH"}, "prize-scam")
	expired.ExpiresAt = ptr(t0.Add(-10 * 24 * time.Hour))
	oldCancel := published("0195bb000000000000000006", "old-cancel", t0.Add(-90*24*time.Hour), alerts.SeverityInfo, []string{"ID"}, "sextortion")
	retract(oldCancel, t0.Add(-60*24*time.Hour), "Duplicate.")
	return map[string]*alerts.Alert{"first": first, "update": upd, "gap": gap, "gone": gone, "expired": expired, "old-cancel": oldCancel}
}

func decodeCAP(t *testing.T, b []byte) *capAlert {
	t.Helper()
	var m capAlert
	if err := xml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.XMLName.Space != capNamespace {
		t.Errorf("namespace %q", m.XMLName.Space)
	}
	return &m
}

func TestCAPMessages(t *testing.T) {
	cfg := testConfig(t)
	docs := map[string][]byte{}
	got := map[string]*capAlert{}
	for name, a := range capAlerts() {
		b, err := CAPMessage(cfg, a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs[name+".xml"] = b
		got[name] = decodeCAP(t, b)
	}
	validateCAP(t, docs)

	ref := func(id string, v int, at time.Time) string {
		return fmt.Sprintf("beacon@beacon.example.org,beacon.example.org-alert-%s-v%d,%s", id, v, at.UTC().Format("2006-01-02T15:04:05")+"-00:00")
	}
	as := capAlerts()
	for name, m := range got {
		a := as[name]
		if m.Sender != "beacon@beacon.example.org" || m.Status != "Actual" || m.Scope != "Public" {
			t.Errorf("%s: sender %q status %q scope %q", name, m.Sender, m.Status, m.Scope)
		}
		if !capTimeRE.MatchString(m.Sent) || !strings.HasSuffix(m.Sent, "-00:00") {
			t.Errorf("%s: sent %q", name, m.Sent)
		}
		if m.Incidents != "beacon.example.org-alert-"+a.ID {
			t.Errorf("%s: incidents %q", name, m.Incidents)
		}
		if len(m.Info) != len(a.Translations) {
			t.Errorf("%s: %d info blocks for %d languages", name, len(m.Info), len(a.Translations))
		}
		for _, in := range m.Info {
			l := capMapping[a.Severity]
			if in.Category != "Security" || in.Severity != l.Severity || in.Certainty != "Observed" {
				t.Errorf("%s: info %+v", name, in)
			}
			if in.Event == "" || in.Headline == "" || in.Description == "" || !strings.HasPrefix(in.Web, testBase+"/") {
				t.Errorf("%s/%s: empty event, headline, description or web: %+v", name, in.Language, in)
			}
			if len(in.Areas) != len(a.Regions) {
				t.Errorf("%s: %d areas for %v", name, len(in.Areas), a.Regions)
			}
			for i, ar := range in.Areas {
				switch r := a.Regions[i]; {
				case r == "global" && len(ar.Geocodes) == 0 && ar.AreaDesc != "":
				case len(ar.Geocodes) == 1 && ar.Geocodes[0] == (capValue{capGeocode, r}) && ar.AreaDesc != r:
				default:
					t.Errorf("%s: area %+v for %q", name, ar, r)
				}
			}
		}
	}

	first := got["first"]
	if first.Identifier != "beacon.example.org-alert-0195bb000000000000000001-v1" || first.MsgType != "Alert" || first.References != "" {
		t.Errorf("first: %q %q refs %q", first.Identifier, first.MsgType, first.References)
	}
	var langsGot []string
	for _, in := range first.Info {
		langsGot = append(langsGot, in.Language)
	}
	if want := []string{"en", "zh-Hans", "ar"}; !slices.Equal(langsGot, want) {
		t.Errorf("info languages %v, want %v", langsGot, want)
	}
	en := first.Info[0]
	if en.Event != "Phishing and fake messages" || en.Urgency != "Future" || en.ResponseType != "Monitor" || en.Severity != "Minor" {
		t.Errorf("first en: event %q urgency %q response %q severity %q", en.Event, en.Urgency, en.ResponseType, en.Severity)
	}
	mustContain(t, "instruction", en.Instruction, "Do not click the link")
	if en.Expires != "2026-03-31T09:30:15-00:00" || en.Web != testBase+"/en/alerts/first" {
		t.Errorf("expires %q web %q", en.Expires, en.Web)
	}
	if en.Areas[0].AreaDesc != "Thailand" || first.Info[1].Areas[0].AreaDesc != "泰国" {
		t.Errorf("area names %q %q", en.Areas[0].AreaDesc, first.Info[1].Areas[0].AreaDesc)
	}

	upd, a := got["update"], as["update"]
	if upd.MsgType != "Update" || upd.Identifier != "beacon.example.org-alert-"+a.ID+"-v3" ||
		upd.References != ref(a.ID, 1, a.History[0].PublishedAt)+" "+ref(a.ID, 2, a.History[1].PublishedAt) {
		t.Errorf("update: %q %q refs %q", upd.MsgType, upd.Identifier, upd.References)
	}
	if upd.Sent != capTime(a.History[2].PublishedAt) || upd.Info[0].Urgency != "Future" || upd.Info[0].ResponseType != "Avoid" {
		t.Errorf("update: sent %q info %+v", upd.Sent, upd.Info[0])
	}
	if e := upd.Info[0].Event; !strings.Contains(e, ", ") {
		t.Errorf("two typologies should make a list: %q", e)
	}

	gap, a := got["gap"], as["gap"]
	if gap.Identifier != "beacon.example.org-alert-"+a.ID+"-v3" || gap.References != ref(a.ID, 1, *a.PublishedAt) || gap.Sent != capTime(*a.RevisedAt) {
		t.Errorf("gap: %q refs %q sent %q", gap.Identifier, gap.References, gap.Sent)
	}

	gone, a := got["gone"], as["gone"]
	if gone.MsgType != "Cancel" || gone.Identifier != "beacon.example.org-alert-"+a.ID+"-v2-cancel" || gone.Sent != capTime(*a.RetractedAt) ||
		gone.References != ref(a.ID, 1, a.History[0].PublishedAt)+" "+ref(a.ID, 2, a.History[1].PublishedAt) {
		t.Errorf("cancel: %q %q sent %q refs %q", gone.MsgType, gone.Identifier, gone.Sent, gone.References)
	}
	if in := gone.Info[0]; in.Urgency != "Past" || in.ResponseType != "None" || !strings.HasPrefix(in.Headline, "[Withdrawn] ") ||
		in.Description != "Withdrawn: Issued in error." || in.Instruction != "" {
		t.Errorf("cancel info %+v", in)
	}
}

// TestCAPMapping: the table covers every severity with CAP's own values,
// and rising Beacon severity never lowers CAP severity or urgency.
func TestCAPMapping(t *testing.T) {
	sev := []string{"Minor", "Moderate", "Severe", "Extreme"}
	urg := []string{"Past", "Future", "Expected", "Immediate"}
	resp := []string{"Avoid", "Monitor"}
	prevS, prevU := -1, -1
	for _, s := range alerts.Severities {
		l, ok := capMapping[s]
		if !ok {
			t.Fatalf("no CAP mapping for %q", s)
		}
		si, ui := slices.Index(sev, l.Severity), slices.Index(urg, l.Urgency)
		if si < prevS || ui < prevU || si < 0 || ui < 1 || !slices.Contains(resp, l.ResponseType) {
			t.Errorf("%s → %+v", s, l)
		}
		prevS, prevU = si, ui
	}
	if len(capMapping) != len(alerts.Severities) {
		t.Errorf("table has %d rows for %d severities", len(capMapping), len(alerts.Severities))
	}
}

// TestSchemaCatchesErrors proves the validation is real: a message the
// schema forbids fails it.
func TestSchemaCatchesErrors(t *testing.T) {
	b, err := CAPMessage(testConfig(t), capAlerts()["first"])
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{
		"msgtype.xml": bytes.Replace(b, []byte("<msgType>Alert<"), []byte("<msgType>Notice<"), 1),
		"sent.xml":    bytes.Replace(b, []byte("-00:00</sent>"), []byte("Z</sent>"), 1),
		"order.xml":   bytes.Replace(b, []byte("<scope>Public</scope>"), []byte(""), 1),
	} {
		if bytes.Equal(bad, b) {
			t.Fatalf("%s: mutation did not apply", name)
		}
		if out, err := lint(t, map[string][]byte{name: bad}, "--schema", "testdata/CAP-v1.2.xsd"); err == nil {
			t.Errorf("%s: schema accepted an invalid message\n%s", name, out)
		}
	}
}

func TestCAPNotPublic(t *testing.T) {
	a := capAlerts()["first"]
	a.Status, a.PublishedAt = alerts.StatusInReview, nil
	if _, err := CAPMessage(testConfig(t), a); !errors.Is(err, ErrNotPublic) {
		t.Errorf("draft: %v", err)
	}
	cfg := testConfig(t)
	cfg.Sender = "alerts, beacon"
	if _, err := CAPMessage(cfg, capAlerts()["first"]); err == nil {
		t.Error("sender with a comma accepted")
	}
}

func TestCAPIndex(t *testing.T) {
	cfg := testConfig(t)
	as := capAlerts()
	var list []*alerts.Alert
	for _, a := range as {
		list = append(list, a)
	}
	b, mod, err := CAPIndex(cfg, list)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, "cap.atom", b)
	feed, err := gofeed.NewParser().ParseString(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if feed.FeedLink != testBase+"/cap/alerts.atom" || feed.Language != "en" {
		t.Errorf("self %q language %q", feed.FeedLink, feed.Language)
	}
	// Current: in force (first, update, gap) or recently cancelled (gone),
	// newest first; the expired alert and the old cancellation have left.
	want := []string{"first", "gone", "gap", "update"}
	var got []string
	docs := map[string][]byte{}
	for _, it := range feed.Items {
		var slug string
		for s, a := range as {
			if it.Link == testBase+"/cap/alerts/"+a.ID+".xml" {
				slug = s
			}
		}
		got = append(got, slug)
		a := as[slug]
		if it.GUID != "tag:beacon.example.org,2026:cap/alert/"+a.ID {
			t.Errorf("%s: id %q", slug, it.GUID)
		}
		msg, err := CAPMessage(cfg, a)
		if err != nil {
			t.Fatal(err)
		}
		docs[slug+".xml"] = msg
		sent := decodeCAP(t, msg).Sent
		if it.UpdatedParsed == nil || capTime(*it.UpdatedParsed) != sent {
			t.Errorf("%s: updated %v, message sent %s", slug, it.UpdatedParsed, sent)
		}
		mustContain(t, slug+" summary", it.Description, decodeCAP(t, msg).Identifier)
	}
	if !slices.Equal(got, want) {
		t.Errorf("index lists %v, want %v", got, want)
	}
	for _, l := range attrs(t, b, "link")[2:] {
		if l["type"] != "application/cap+xml" {
			t.Errorf("entry link type %q", l["type"])
		}
	}
	validateCAP(t, docs)
	// The latest change is first's publication (t0), later than gone's
	// cancellation (t0-2h), the expiry that removed "expired" (t0-10d) and
	// the end of old-cancel's retention (t0-30d).
	if wantMod := t0.Truncate(time.Second); !mod.Equal(wantMod) || !feed.UpdatedParsed.Equal(wantMod) {
		t.Errorf("modified %v, feed updated %v, want %v", mod, feed.UpdatedParsed, wantMod)
	}
	// Leaving the index changes it: when "first" expires, the index is newer.
	cfg.Now = func() time.Time { return t0.Add(31 * 24 * time.Hour) }
	_, mod2, err := CAPIndex(cfg, list)
	if err != nil || !mod2.Equal(as["first"].ExpiresAt.Truncate(time.Second)) {
		t.Errorf("after expiry: modified %v (%v), want %v", mod2, err, as["first"].ExpiresAt)
	}
}
