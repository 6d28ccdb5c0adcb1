package content

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// sanitizer is the allow-list applied to everything the Markdown renderer
// produces. It is built here from nothing rather than from bluemonday's UGC
// policy, so that an element is allowed only because this file names it:
// no images (they would leak readers' IP addresses to whoever hosts them),
// no iframes, forms or media, no style or class (no visual spoofing of the
// site's own warnings), and links only to http, https, mailto and tel.
type sanitizer struct{ p *bluemonday.Policy }

// newSanitizer builds the policy. A bluemonday.Policy must not be changed
// after its first use and is then safe for concurrent use, which is why it
// is built once per Renderer and never exposed.
func newSanitizer() sanitizer {
	p := bluemonday.NewPolicy()
	p.AllowElements(
		"p", "br", "hr",
		"em", "strong", "del", "code", "pre",
		"ul", "ol", "li",
		"h2", "h3", "h4", "h5", "h6",
		"blockquote",
		"table", "thead", "tbody", "tr",
	)
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,6}$`)).OnElements("ol")
	// goldmark expresses column alignment with align="…"; style is not allowed.
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center)$`)).OnElements("th", "td")
	p.AllowElements("th", "td")

	p.AllowAttrs("href").OnElements("a")
	// The renderer sets exactly this rel; bluemonday's own rules below add
	// nofollow and noreferrer to any link that would somehow lack it.
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + linkRel + `$`)).OnElements("a")
	p.AllowAttrs("title").OnElements("a")
	p.RequireParseableURLs(true)
	p.AllowURLSchemes(linkSchemes()...)
	// Relative links (/th/explainers/phishing, #what-to-do) stay on Beacon's
	// own origin, so they neither leak nor run anything.
	p.AllowRelativeURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	return sanitizer{p: p}
}

// sanitize returns html with everything outside the allow-list removed.
func (s sanitizer) sanitize(html []byte) string {
	return string(s.p.SanitizeBytes(html))
}
