package site

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/valid"
)

type reportData struct {
	F      checkData // the fields shared with the check form, and the errors
	In     lookup.ReportInput
	Amount string
}

func (w *web) reportPage(c *fiber.Ctx, v *view) (string, error) {
	v.Title, v.Desc, v.Nav = v.T("report-title"), v.T("report-lede"), "report"
	d := reportData{F: w.checkForm(v, "", "", "")}
	d.In.Country = d.F.Country
	v.Data = d
	return "report", nil
}

// honeypot is a field people never see or fill; bots that fill every field do.
const honeypot = "website"

// reportPost takes a citizen's report from the form. A bot that filled the
// honeypot is thanked like anyone else, and nothing is stored.
func (w *web) reportPost(c *fiber.Ctx) error {
	lang, _ := c.Locals(langKey).(string)
	if !w.sameOrigin(c) {
		return fiber.ErrForbidden
	}
	thanks := "/" + lang + "/report/thanks"
	if c.FormValue(honeypot) != "" {
		return c.Redirect(thanks, fiber.StatusSeeOther)
	}
	in := lookup.ReportInput{Kind: c.FormValue("kind"), Value: strings.TrimSpace(c.FormValue("value")), Typology: c.FormValue("typology"),
		Country: c.FormValue("country"), Description: c.FormValue("description"), Currency: strings.ToUpper(strings.TrimSpace(c.FormValue("currency"))),
		OccurredOn: c.FormValue("occurredOn")}
	v := w.newView(lang, "/report", "")
	d := reportData{F: w.checkForm(v, in.Kind, in.Value, in.Country), In: in, Amount: c.FormValue("amount")}
	d.F.Errors = map[string]string{}
	if a := strings.TrimSpace(d.Amount); a != "" {
		f, err := strconv.ParseFloat(strings.ReplaceAll(a, ",", ""), 64)
		if err != nil {
			d.F.Errors["amount"] = v.T("report-error-amount")
		}
		d.In.Amount = &f
	}
	if len(d.F.Errors) == 0 {
		_, err := w.lookup.Submit(c.UserContext(), d.In)
		var ve *valid.Errors
		switch {
		case errors.As(err, &ve):
			for _, f := range ve.Fields {
				d.F.Errors[f.Field] = v.T("report-error-" + f.Field)
			}
		case err != nil:
			return err
		default:
			return c.Redirect(thanks, fiber.StatusSeeOther)
		}
	}
	v.Title, v.Desc, v.Nav, v.NoIndex, v.Data = v.T("report-title"), v.T("report-lede"), "report", true, d
	c.Status(fiber.StatusBadRequest)
	return w.sendPage(c, "report", v)
}

func (w *web) reportThanks(c *fiber.Ctx, v *view) (string, error) {
	v.Title, v.Nav, v.NoIndex = v.T("report-thanks-title"), "report", true
	return "report_thanks", nil
}

// sameOrigin refuses form posts from other sites. Browsers send Origin on
// POST; a request without one (an old browser, curl) is let through.
func (w *web) sameOrigin(c *fiber.Ctx) bool {
	o := c.Get(fiber.HeaderOrigin)
	if o == "" || o == "null" {
		return o == ""
	}
	u, err := url.Parse(o)
	b, berr := url.Parse(w.baseURL)
	return err == nil && berr == nil && u.Scheme == b.Scheme && u.Host == b.Host
}
