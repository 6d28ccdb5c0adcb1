package site

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
)

// DemoNotification is one notification the demo subscriber of
// `beacon serve --demo` received from the local push service, as decrypted.
type DemoNotification struct {
	At                                                          time.Time
	Kind, Title, Body, URL, Tag, Severity, Lang, Urgency, Topic string
	TTL                                                         int  // seconds
	Replaced                                                    bool // a later notification with the same tag or topic took its place
}

type subscribeData struct {
	Regions, Typologies, Severities []string
	Formats                         []string
	// Web Push: every country, by its code and name in the reader's
	// language's order ("THThailand|…", which subscribe.js turns into the
	// menu: as options the names' markup would take a sixth of the page);
	// the country preselected for the language; whether the demo inbox is
	// served.
	Countries string
	Home      string
	Demo      bool
}

// pushDefaultSeverity is preselected: advisories and above, which leaves out
// the purely informational notices.
const pushDefaultSeverity = "advisory"

func (w *web) subscribePage(c *fiber.Ctx, v *view) (string, error) {
	regions, err := w.regionsInUse(c)
	if err != nil {
		return "", err
	}
	d := subscribeData{Regions: regions, Typologies: alerts.Typologies, Formats: []string{"rss", "atom", "json"},
		Countries: countryList(w.countries.get(v.tag)), Home: homeCountry[v.Lang], Demo: w.demoInbox != nil}
	for _, s := range alerts.Severities {
		d.Severities = append(d.Severities, string(s))
	}
	v.Title, v.Desc, v.Nav, v.Data = v.T("subscribe-title"), v.T("subscribe-lede"), "subscribe", d
	v.Scripts = []string{"subscribe.js"}
	return "subscribe", nil
}

func countryList(list []countryOpt) string {
	var b strings.Builder
	for i, c := range list {
		if i > 0 {
			b.WriteByte('|')
		}
		b.WriteString(c.Code)
		b.WriteString(strings.ReplaceAll(c.Name, "|", "/"))
	}
	return b.String()
}

// PushDefault says whether a severity is the one preselected on the subscribe page.
func (v *view) PushDefault(severity string) bool { return severity == pushDefaultSeverity }

type demoItem struct {
	DemoNotification
	When, ISO string
}

// demoPage lists what the demo subscriber received, newest first. It changes
// with every notification, so it is rendered for each request and never cached.
func (w *web) demoPage(c *fiber.Ctx) error {
	lang, _ := c.Locals(langKey).(string)
	v := w.newView(lang, "/subscribe/demo", "")
	got := w.demoInbox()
	items := make([]demoItem, 0, len(got))
	for _, n := range got {
		items = append(items, demoItem{DemoNotification: n, When: v.DemoTime(n.At), ISO: n.At.UTC().Format(time.RFC3339)})
	}
	slices.SortStableFunc(items, func(a, b demoItem) int { return cmp.Compare(b.At.UnixNano(), a.At.UnixNano()) })
	v.Title, v.Desc, v.Nav, v.NoIndex, v.Data = v.T("push-demo-title"), v.T("push-demo-lede"), "subscribe", true, items
	body, err := w.render("subscribe_demo", v)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(body)
}

// DemoTime formats a moment as the reader's date and a 24-hour UTC time in
// the language's digits.
func (v *view) DemoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	return v.T("push-demo-time", "Date", v.Date(t), "Time", v.twoDigits(t.Hour())+":"+v.twoDigits(t.Minute()))
}

func (v *view) twoDigits(n int) string {
	if n < 10 {
		return v.Num(0) + v.Num(n)
	}
	return v.Num(n)
}

// PushKind names a kind of notification ("alert", "update", "retraction",
// "report") in the reader's language; an unknown kind is shown as it came.
func (v *view) PushKind(kind string) string {
	switch kind {
	case "alert", "update", "retraction", "report":
		return v.T("push-kind-" + kind)
	}
	return kind
}

// PushSeverity names a severity in the reader's language; an unknown one as it came.
func (v *view) PushSeverity(s string) string {
	if alerts.Severity(s).Rank() == 0 {
		return s
	}
	return v.T("severity-" + s)
}
