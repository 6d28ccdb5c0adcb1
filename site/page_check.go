package site

import (
	"context"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
)

// Lookups is what the check and report pages need of the lookup domain.
type Lookups interface {
	Lookup(ctx context.Context, kind ident.Kind, value, region string) (*lookup.Result, error)
	Submit(ctx context.Context, in lookup.ReportInput) (*lookup.Report, error)
	OfficialContacts(ctx context.Context, region string) ([]*lookup.Listing, error)
	Threshold() int
}

type checkData struct {
	Kind, Value, Country string
	Kinds                []ident.Kind
	Countries            []countryOpt
	Typologies           []string
	Result               *lookup.Result
	Officials            []*lookup.Listing // the real numbers of authorities in Country
	Error                string            // already in the reader's language
	Errors               map[string]string // field → message in the reader's language
}

func (w *web) checkForm(v *view, kind, value, country string) checkData {
	if kind == "" {
		kind = string(ident.Phone)
	}
	if country == "" {
		country = homeCountry[v.Lang]
	}
	return checkData{Kind: kind, Value: value, Country: country, Kinds: ident.Kinds,
		Countries: w.countries.get(v.tag), Typologies: alerts.Typologies}
}

// checkPage shows the form. With JavaScript the browser answers it through
// the range API; without, the form posts to checkPost.
func (w *web) checkPage(c *fiber.Ctx, v *view) (string, error) {
	v.Title, v.Desc, v.Nav = v.T("check-title"), v.T("check-lede"), "check"
	d := w.checkForm(v, c.Query("kind"), "", c.Query("country"))
	var err error
	if d.Officials, err = w.lookup.OfficialContacts(c.UserContext(), d.Country); err != nil {
		return "", err
	}
	v.Data, v.Scripts = d, []string{"check.js"}
	return "check", nil
}

// checkPost answers a check on the server. The value is never logged: the
// request log holds the route pattern only, and errors carry codes, not input.
func (w *web) checkPost(c *fiber.Ctx) error {
	lang, _ := c.Locals(langKey).(string)
	v := w.newView(lang, "/check", "")
	kind, value, country := c.FormValue("kind"), strings.TrimSpace(c.FormValue("value")), c.FormValue("country")
	d := w.checkForm(v, kind, value, country)
	res, err := w.lookup.Lookup(c.UserContext(), ident.Kind(kind), value, country)
	var ie *ident.Error
	switch {
	case errors.As(err, &ie):
		d.Error = v.T("check-error-" + ie.Code)
	case err != nil:
		return err
	default:
		d.Result = res
	}
	region := country
	if res != nil && res.Listing != nil && len(res.Listing.Regions) > 0 && region == "" {
		region = res.Listing.Regions[0]
	}
	if d.Officials, err = w.lookup.OfficialContacts(c.UserContext(), region); err != nil {
		return err
	}
	v.Title, v.Desc, v.Nav, v.NoIndex, v.Data = v.T("check-title"), v.T("check-lede"), "check", true, d
	v.Scripts = []string{"check.js"}
	return w.sendPage(c, "check", v)
}

// sendPage renders a page that is never cached (it answers a form).
func (w *web) sendPage(c *fiber.Ctx, name string, v *view) error {
	body, err := w.render(name, v)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(body)
}
