package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/gofiber/fiber/v2"
)

// themeColour is the brand colour of beacon.css (--brand), also the
// layout's theme-color; a test keeps the three in step.
const themeColour = "#12355b"

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose,omitempty"`
}

type webManifest struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	ThemeColor      string         `json:"theme_color"`
	BackgroundColor string         `json:"background_color"`
	Icons           []manifestIcon `json:"icons"`
}

// pushFiles are the service worker and the web app manifest, which must live
// at fixed addresses at the site's root (the worker's scope is the folder it
// is served from; the manifest lets iPhones install the site, the only way
// they get web pushes).
type pushFiles struct {
	manifest, manifestTag []byte
	worker                staticFile
}

func (w *web) loadPushFiles() *pushFiles {
	worker, ok := w.static.files["sw.js"]
	if !ok {
		panic("site: no static file sw.js") // caught at start-up by the page tests
	}
	// The start page negotiates the reader's language; so does the app.
	m := webManifest{ID: "/", Name: w.cat.T("en", "site-name", nil) + " — " + w.cat.T("en", "site-tagline", nil),
		ShortName: w.cat.T("en", "site-name", nil), Description: w.cat.T("en", "home-lede", nil),
		StartURL: "/", Scope: "/", Display: "standalone", ThemeColor: themeColour, BackgroundColor: "#ffffff",
		Icons: []manifestIcon{
			{Src: w.static.url("icon.svg"), Sizes: "any", Type: "image/svg+xml"},
			{Src: w.static.url("icon-96.png"), Sizes: "96x96", Type: "image/png"},
			{Src: w.static.url("icon-192.png"), Sizes: "192x192", Type: "image/png"},
			{Src: w.static.url("icon-512.png"), Sizes: "512x512", Type: "image/png"},
			{Src: w.static.url("icon-maskable-192.png"), Sizes: "192x192", Type: "image/png", Purpose: "maskable"},
			{Src: w.static.url("icon-maskable-512.png"), Sizes: "512x512", Type: "image/png", Purpose: "maskable"},
		}}
	b, _ := json.Marshal(m) // plain strings: cannot fail
	sum := sha256.Sum256(b)
	return &pushFiles{manifest: b, manifestTag: []byte(`"` + hex.EncodeToString(sum[:6]) + `"`), worker: worker}
}

// pushRoutes serves the worker and the manifest at the root; they must be
// registered before the /:lang group, whose middleware would claim them.
func (w *web) pushRoutes(app *fiber.App) {
	f := w.loadPushFiles()
	// The worker is checked for updates on every navigation; no-cache makes
	// the browser revalidate (a 304 by ETag), so a new version reaches it.
	app.Get("/sw.js", func(c *fiber.Ctx) error {
		return sendTagged(c, f.worker.body, []byte(`"`+f.worker.hash+`"`), "text/javascript; charset=utf-8", "no-cache")
	})
	app.Get("/manifest.webmanifest", func(c *fiber.Ctx) error {
		return sendTagged(c, f.manifest, f.manifestTag, "application/manifest+json", "public, max-age=3600")
	})
	if w.demoInbox != nil {
		app.Get("/:lang/subscribe/demo", w.requireLang, w.demoPage)
	}
}

func sendTagged(c *fiber.Ctx, body, etag []byte, ctype, cacheControl string) error {
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderCacheControl, cacheControl)
	c.Response().Header.SetBytesV(fiber.HeaderETag, etag)
	if c.Get(fiber.HeaderIfNoneMatch) == string(etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	return c.Send(body)
}
