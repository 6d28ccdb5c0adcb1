package site_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
)

// TestBrowserCanonicalMatchesServer: for each input the page's script either
// computes exactly the server's canonical form (and the domains the server
// also matches), or leaves the value to the server; it never guesses.
func TestBrowserCanonicalMatchesServer(t *testing.T) {
	e := newWebEnv(t, false)
	base := e.serve(t)
	ctx, problems := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/en/check"), chromedp.WaitVisible("#check-form")); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ kind, value, country string }{
		{"phone", "+66 2 123 4567", ""}, {"phone", "02 123 4567", "TH"}, {"phone", "0066 2-123-4567", ""},
		{"phone", "๐๒ ๑๒๓ ๔๕๖๗", "TH"}, {"phone", "081-234-5678", "TH"}, {"phone", "(03) 2145 0000", "MY"},
		{"phone", "6123 4567", "SG"}, {"phone", "0917 123 4567", "PH"}, {"phone", "028 3000 4567", "VN"},
		{"phone", "0812-3456-7890", "ID"}, {"phone", "012 345 678", "KH"}, {"phone", "020 7946 0018", "GB"},
		{"phone", "01 23 45 67 89", "FR"}, {"phone", "138 0013 8000", "CN"}, {"phone", "tel:+٦٦٨١٢٣٤٥٦٧٨", ""},
		{"url", "https://www.Scam-Shop.example/Login/", ""}, {"url", "scam-shop.example", ""},
		{"url", "http://bücher.example/a", ""}, {"url", "pay.shop.scam.example/x?y=1#z", ""}, {"url", "http://192.0.2.1/", ""},
		{"email", "Refunds@Shop-Support.example", ""}, {"bank", "DE89 3704 0044 0532 0130 00", ""},
		{"bank", "GB82 WEST 1234 5698 7654 32", ""}, {"bank", "DE89 3704 0044 0532 0130 01", ""},
		{"wallet", "0x52908400098527886e0f7030069857d2e4169ee7", ""},
	}
	decided := 0
	for _, c := range cases {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
			`window.beaconCanonical(`+jsString(c.kind)+`, `+jsString(c.value)+`, `+jsString(c.country)+`) || []`))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 {
			continue // the server answers this one
		}
		decided++
		id, err := ident.Parse(ident.Kind(c.kind), c.value, c.country)
		if err != nil {
			t.Errorf("%s %q: the script accepted what the server refuses (%v)", c.kind, c.value, err)
			continue
		}
		if got[0] != id.Canonical {
			t.Errorf("%s %q: script %q, server %q", c.kind, c.value, got[0], id.Canonical)
		}
		for _, r := range ident.Related(id) {
			if !slices.Contains(got, r.Canonical) {
				t.Errorf("%s %q: the script does not also check %q, which the server matches", c.kind, c.value, r.Canonical)
			}
		}
	}
	if decided < 15 {
		t.Errorf("the script decided only %d of %d cases itself", decided, len(cases))
	}
	for _, p := range problems() {
		t.Error(p)
	}
}

// TestBrowserCheck checks a number in the page: the answer comes from the
// range API, and the server's count shows no server-side check of it.
func TestBrowserCheck(t *testing.T) {
	e := newWebEnv(t, true)
	base := e.serve(t)
	ctx, problems := browser(t)
	for _, tc := range []struct{ lang, value, want string }{
		{"en", "+66 2 000 1191", "verdict-official-title"},
		{"th", "02 000 1191", "verdict-official-title"},
		{"en", "https://police-verify.example/", "verdict-high_risk-title"},
		{"ar", "+66 2 999 0000", "verdict-no_record-title"},
	} {
		err := chromedp.Do(ctx,
			chromedp.Navigate(base+"/"+tc.lang+"/check"),
			chromedp.WaitVisible("#check-form"),
			chromedp.SetValue("#f-kind", map[bool]string{true: "url", false: "phone"}[strings.HasPrefix(tc.value, "http")]),
			chromedp.SetValue("#f-value", tc.value),
			chromedp.SetValue("#f-country", map[string]string{"th": "TH"}[tc.lang]),
			chromedp.Click(`#check-form button[type="submit"]`),
			chromedp.WaitVisible("#check-result h2"),
		)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.lang, tc.value, err)
		}
		h2, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#check-result h2").textContent`))
		if err != nil || h2 != e.cat.T(tc.lang, tc.want, nil) {
			t.Errorf("%s %s: %q, want %q", tc.lang, tc.value, h2, e.cat.T(tc.lang, tc.want, nil))
		}
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		if !strings.HasSuffix(loc, "/"+tc.lang+"/check") {
			t.Errorf("the page navigated to %s: the form was posted instead of checked in the browser", loc)
		}
		if tc.want == "verdict-official-title" {
			label, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#check-result [data-label]").textContent`))
			if err != nil || label != "[DEMO] Police hotline, Thailand" {
				t.Errorf("%s: the official answer names %q, want whose number it is", tc.lang, label)
			}
		}
	}
	if err := e.lk.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	day := time.Now().UTC().Format("2006-01-02")
	counts, _ := e.st.LookupCounts(context.Background(), day, day)
	for _, c := range counts {
		if c.Kind != "range" {
			t.Errorf("the server counted a check it could see (%+v): the browser leaked the value", c)
		}
	}
	for _, p := range problems() {
		t.Error(p)
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}
