package feeds

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/antifraud-alliance/beacon/alerts"
)

// Text an attacker (or a careless paste) could put into an alert. The
// domain's validation rejects control characters in titles, but feeds must
// not rely on it: stored data may predate a rule, and bodies allow more.
const (
	hostileTitle   = "Tom & Jerry <script>alert(1)</script> ]]> \x00\x01\x0b\x1b\x7f\u0085 \u202Eevil\u202C \u200Fمرحبا\u200E <![CDATA[x]]> &amp;"
	hostileSummary = "Line one\r\nline two\ttab </summary></entry><entry> \ufffe\uffff end"
	hostileBody    = "Hello <script>alert(2)</script> <img src=x onerror=alert(3)> &#1; &#x1b; [link](javascript:alert(4)) ]]>"
	hostileAgency  = "<b>Agency</b> & \"Co\" \x07"
)

// cleanTitle is hostileTitle as readers must see it: markup as text,
// controls and bidi overrides gone, the RTL/LTR marks kept.
const cleanTitle = "Tom & Jerry <script>alert(1)</script> ]]> evil \u200Fمرحبا\u200E <![CDATA[x]]> &amp;"

func hostileAlert() *alerts.Alert {
	a := published("0195cc000000000000000001", "hostile", t0, alerts.SeverityCritical, []string{"TH", "global"}, "phishing")
	a.Agency = hostileAgency
	a.Translations = map[string]alerts.Translation{
		"en": {Title: hostileTitle, Summary: hostileSummary, Body: hostileBody},
		"ar": {Title: hostileTitle, Summary: hostileSummary, Body: hostileBody},
	}
	return a
}

// checkBytes fails on characters XML 1.0 forbids and on live markup.
func checkBytes(t *testing.T, name string, b []byte) {
	t.Helper()
	s := string(b)
	for _, r := range s {
		if (unicode.IsControl(r) && r != '\n' && r != '\t') || r == 0xFFFE || r == 0xFFFF || (r >= 0x202A && r <= 0x202E) {
			t.Errorf("%s contains %U", name, r)
		}
	}
	for _, live := range []string{"<script", "<img", "onerror=", "javascript:", "<![CDATA[", "</entry><entry>"} {
		if strings.Contains(strings.ToLower(s), live) {
			t.Errorf("%s contains live %q", name, live)
		}
	}
}

func TestHostileText(t *testing.T) {
	cfg := testConfig(t)
	for _, lang := range []string{"en", "ar"} {
		for _, f := range formats {
			for _, retracted := range []bool{false, true} {
				a := hostileAlert()
				if retracted {
					retract(a, t0.Add(time.Hour), hostileSummary)
				}
				b, _, feed := render(t, cfg, f, lang, Filter{}, a) // well-formed and readable
				name := string(f) + "/" + lang
				checkBytes(t, name, b)
				if f == JSON && !json.Valid(b) {
					t.Fatalf("%s: invalid JSON", name)
				}
				it := feed.Items[0]
				want := cleanTitle
				if retracted {
					want = "[" + msg(lang, "status-retracted", nil) + "] " + cleanTitle
				}
				if it.Title != want {
					t.Errorf("%s: title\n got %q\nwant %q", name, it.Title, want)
				}
				desc := it.Description
				if f == RSS {
					desc = htmlUnescape(desc)
				}
				mustContain(t, name+" summary", desc, "Line one line two tab </summary></entry><entry> end")
				if len(it.Authors) != 1 || it.Authors[0].Name != `<b>Agency</b> & "Co"` {
					t.Errorf("%s: author %+v", name, it.Authors)
				}
				if !retracted && !strings.Contains(it.Content, "Hello") {
					t.Errorf("%s: body lost: %q", name, it.Content)
				}
				if f == Atom && retracted {
					if d := attrs(t, b, "deleted-entry"); len(d) != 1 || d[0]["ref"] != it.GUID {
						t.Errorf("%s: tombstone %+v", name, d)
					}
				}
			}
		}
	}
}

func TestHostileCAP(t *testing.T) {
	cfg := testConfig(t)
	docs := map[string][]byte{}
	for _, retracted := range []bool{false, true} {
		a := hostileAlert()
		name := "alert.xml"
		if retracted {
			retract(a, t0.Add(time.Hour), hostileSummary)
			name = "cancel.xml"
		}
		b, err := CAPMessage(cfg, a)
		if err != nil {
			t.Fatal(err)
		}
		checkBytes(t, name, b)
		wellFormed(t, name, b)
		docs[name] = b
		m := decodeCAP(t, b)
		for _, in := range m.Info {
			if !strings.HasSuffix(in.Headline, cleanTitle) || in.SenderName != `<b>Agency</b> & "Co"` {
				t.Errorf("%s/%s: headline %q sender %q", name, in.Language, in.Headline, in.SenderName)
			}
			mustContain(t, "description", in.Description, "line two")
		}
		idx, _, err := CAPIndex(cfg, []*alerts.Alert{a})
		if err != nil {
			t.Fatal(err)
		}
		checkBytes(t, "index", idx)
		wellFormed(t, "index.atom", idx)
	}
	validateCAP(t, docs)
}

func TestClean(t *testing.T) {
	cases := map[string]string{
		"a\x00b\x1fc\x7fd\u0080e\u009ff":   "abcdef",
		"tab\tnl\ncr\r\ncr2\r.":            "tab\tnl\ncr\ncr2\n.",
		"bad\xffutf8\xc3":                  "badutf8",
		"\u202Bembed\u202C\u2066iso\u2069": "embediso",
		"\u200Fkeep\u200E\u061C":           "\u200Fkeep\u200E\u061C",
		"\ufffd replacement stays":         "\ufffd replacement stays",
	}
	for in, want := range cases {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := line(" a \n\t b  "); got != "a b" {
		t.Errorf("line = %q", got)
	}
}
