package site_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromium finds Debian's browser; the test fails (never skips) without it.
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("BEACON_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Fatal("chromium is not installed: apt-get install chromium (or set BEACON_CHROMIUM)")
	return ""
}

// TestBrowser loads the home page, an alert and an explainer in English,
// Arabic and Thai in a real browser, checks language and layout direction,
// switches language through the menu, and fails on any console error (a CSP
// violation, a missing file or a script error all log one).
func TestBrowser(t *testing.T) {
	e := newWebEnv(t, true)
	updated, _, _ := e.publicSlugs()
	base := e.serve(t)
	ctx, problems := browser(t)
	for _, lang := range []string{"en", "ar", "th"} {
		for _, p := range []string{"/", "/alerts/" + updated, "/scams/official-impersonation"} {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"+lang+p), chromedp.WaitVisible("main h1")); err != nil {
				t.Fatalf("%s%s: %v", lang, p, err)
			}
			layout, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
				Lang, Dir   string
				Brand, Menu float64
			}](`({Lang: document.documentElement.lang, Dir: getComputedStyle(document.body).direction,
			  Brand: document.querySelector('.brand').getBoundingClientRect().left,
			  Menu: document.querySelector('.langs').getBoundingClientRect().left})`))
			htmlLang, dir, brandX, menuX := layout.Lang, layout.Dir, layout.Brand, layout.Menu
			if err != nil {
				t.Fatalf("%s%s: %v", lang, p, err)
			}
			wantDir := map[bool]string{true: "rtl", false: "ltr"}[lang == "ar"]
			if htmlLang != lang || dir != wantDir {
				t.Errorf("%s%s: lang %q dir %q, want %q %q", lang, p, htmlLang, dir, lang, wantDir)
			}
			if (wantDir == "ltr") != (brandX < menuX) {
				t.Errorf("%s%s: the header does not mirror (brand at %.0f, language menu at %.0f)", lang, p, brandX, menuX)
			}
		}
	}

	// On a small phone no page may scroll sideways, in any script.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "ar", "th", "my", "km", "ru"} {
		for _, p := range []string{"/", "/alerts", "/alerts/" + updated, "/scams/official-impersonation", "/check", "/subscribe",
			"/subscribe/demo"} {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"+lang+p), chromedp.WaitVisible("main h1")); err != nil {
				t.Fatal(err)
			}
			w, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
			if err != nil {
				t.Fatal(err)
			}
			if w[0] > w[1] {
				t.Errorf("%s%s scrolls sideways on a 360px phone: %dpx wide", lang, p, w[0])
			}
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateReset()); err != nil {
		t.Fatal(err)
	}

	// Switch from English to Thai on an explainer through the menu: same page, Thai.
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/en/scams/phishing"),
		chromedp.Click(".langs summary"),
		chromedp.Click(`.langs a[hreflang="th"]`),
		chromedp.WaitVisible(`html[lang="th"] main h1`),
	)
	if err != nil {
		t.Fatal(err)
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	htmlLang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(url, "/th/scams/phishing") || htmlLang != "th" {
		t.Errorf("after switching: %s lang %q, want /th/scams/phishing in Thai", url, htmlLang)
	}
	for _, p := range problems() {
		t.Error(p)
	}
}

// browser starts Debian's Chromium; problems returns what the console logged
// as errors or warnings (CSP violations, missing files, script errors).
func browser(t *testing.T) (context.Context, func() []string) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.WindowSize(412, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	// The listener goes in at creation, so it sees the events of the very first page.
	var mu sync.Mutex
	var problems []string
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				problems = append(problems, fmt.Sprintf("console %s: %v", ev.Type, ev.Args))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				problems = append(problems, fmt.Sprintf("log %s: %s %s", ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // starts the browser, outside any timeout
		t.Fatal(err)
	}
	for _, enable := range []func() error{
		func() error { _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); return err },
		func() error { _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); return err },
	} {
		if err := enable(); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel)

	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}

// serve starts the site on a loopback port and returns its base URL.
func (e *webEnv) serve(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go e.srv.App.Listener(ln)
	t.Cleanup(func() { e.srv.App.Shutdown() })
	return "http://" + ln.Addr().String()
}
