// Package content holds Beacon's typology explainers and static pages as
// Markdown files with YAML front matter, embedded in the binary, and the one
// Markdown renderer every part of Beacon uses for text written by people
// (explainers, pages, alert bodies).
package content

import (
	"bytes"
	"html/template"
	"net/url"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkRel is set on every link: nofollow because authors' links are not
// endorsements, noopener and noreferrer so the destination neither gets a
// handle on our window nor learns which alert a reader came from.
const linkRel = "nofollow noopener noreferrer"

// Renderer turns Markdown into sanitised HTML or plain text. Markdown comes
// from explainer files but also from alert bodies typed into the authoring
// API, so its output is never trusted: goldmark drops raw HTML and
// bluemonday then removes everything the policy does not name, as a second,
// independent line of defence.
//
// A Renderer holds no per-call state, so one value is safe for concurrent
// use by every request handler.
type Renderer struct {
	md     goldmark.Markdown
	policy sanitizer
}

// NewRenderer builds the renderer with CommonMark plus the GFM parts authors
// need (tables, strikethrough, bare links). Raw HTML is never passed through.
func NewRenderer() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(
			// Alignment as align="…": the sanitiser allows no style attribute.
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
		),
		goldmark.WithParserOptions(
			// Priority above the built-ins' so it sees the finished tree,
			// including links found by linkify.
			parser.WithASTTransformers(util.Prioritized(outlineTransformer{}, 1000)),
		),
		goldmark.WithRendererOptions(
			// Chinese and Japanese text wrapped in the source must not gain
			// a visible space at each line end.
			html.WithEastAsianLineBreaks(html.EastAsianLineBreaksCSS3Draft),
		),
	)
	return &Renderer{md: md, policy: newSanitizer()}
}

// HTML renders md to sanitised HTML, ready for a template. Rendering into a
// buffer cannot fail for a string source, so an error (which would be a bug
// in goldmark) yields empty output rather than half-sanitised HTML.
func (r *Renderer) HTML(md string) template.HTML {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(md), &buf); err != nil {
		return ""
	}
	return template.HTML(r.policy.sanitize(buf.Bytes()))
}

// Text renders md as one line of plain text for feeds, push payloads and
// meta descriptions, where markup would show up as literal asterisks: the
// Markdown syntax and any raw HTML are dropped, link texts kept, and runs of
// whitespace collapsed to single spaces.
func (r *Renderer) Text(md string) string {
	src := []byte(md)
	doc := r.md.Parser().Parse(text.NewReader(src))
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeBlock {
			// Block boundaries separate words: "a</p><p>b" is "a b".
			b.WriteByte(' ')
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			v := n.Value(src)
			if !n.IsRaw() {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(src))
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(src))
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// outlineTransformer adjusts the tree before rendering, so the HTML fits the
// page it is placed in and leaks nothing.
type outlineTransformer struct{}

// Transform shifts headings so the document's highest becomes h2 and the rest
// keep their relative depth (the page template owns h1, and the rendered text
// always sits directly under it, so "# Title" or a lone "### Story" must
// neither break nor skip a level of the outline), and sets rel on
// every link. It replaces each image by its alt text, because a remote image
// is fetched by every reader's browser and tells its host their IP address,
// and each link to a scheme the sanitiser would refuse by its text, so the
// reader sees words rather than a dead link to the page itself.
func (outlineTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	top := 7
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			top = min(top, h.Level)
		}
		return ast.WalkContinue, nil
	})
	var unwrap []ast.Node
	var replace []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level-top+2, 6)
		case *ast.Link:
			if !allowedURL(string(n.Destination)) {
				unwrap = append(unwrap, n)
				break
			}
			n.SetAttributeString("rel", []byte(linkRel))
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL && !allowedURL(string(n.URL(src))) {
				replace = append(replace, n)
				break
			}
			n.SetAttributeString("rel", []byte(linkRel))
		case *ast.Image:
			unwrap = append(unwrap, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	for _, n := range replace {
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(n.Label(src)))
	}
}

// allowedURL reports whether a link may point at u: relative references
// (they stay on Beacon's origin) and the schemes of linkSchemes. The
// sanitiser enforces the same rule again on the rendered HTML.
func allowedURL(u string) bool {
	parsed, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return false
	}
	return parsed.Scheme == "" || slices.Contains(linkSchemes(), strings.ToLower(parsed.Scheme))
}

// linkSchemes are the link schemes readers may follow: web pages, and the
// e-mail addresses and phone numbers of official contacts.
func linkSchemes() []string { return []string{"http", "https", "mailto", "tel"} }
