package feeds

import (
	"bytes"
	"encoding/xml"
	"html"
	"time"
)

// Namespaces of the RSS extensions used.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
)

// RSS 2.0 has no entry-level updated time, author name, self link or
// per-item language, so the usual extensions carry them: atom:updated,
// dc:creator (RSS's own <author> must be an e-mail address), atom:link
// rel="self" and dc:language.
type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Content string     `xml:"xmlns:content,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string      `xml:"title"`
	Link          string      `xml:"link"`
	Description   string      `xml:"description"`
	Language      string      `xml:"language"`
	LastBuildDate string      `xml:"lastBuildDate"`
	PubDate       string      `xml:"pubDate"`
	Self          rssAtomLink `xml:"atom:link"`
	Items         []rssItem   `xml:"item"`
}

type rssAtomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	Description string        `xml:"description"`
	Content     string        `xml:"content:encoded,omitempty"`
	Creator     string        `xml:"dc:creator"`
	Language    string        `xml:"dc:language,omitempty"`
	Categories  []rssCategory `xml:"category"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate"`
	Updated     string        `xml:"atom:updated"`
}

type rssCategory struct {
	Domain string `xml:"domain,attr,omitempty"`
	Term   string `xml:",chardata"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	ID          string `xml:",chardata"`
}

func rssDate(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }

// writeRSS renders an RSS 2.0 feed. RSS descriptions are HTML by
// convention, so the plain-text summary is HTML-escaped before it is
// XML-escaped: a title or summary with "<b>" reaches the reader as text.
func writeRSS(m *feed) ([]byte, error) {
	ch := rssChannel{
		Title: m.Title, Link: m.Alternate, Description: html.EscapeString(m.Subtitle), Language: m.Lang,
		LastBuildDate: rssDate(m.Updated), PubDate: rssDate(m.Updated),
		Self:  rssAtomLink{Href: m.Self, Rel: "self", Type: "application/rss+xml"},
		Items: make([]rssItem, 0, len(m.Entries)),
	}
	for _, e := range m.Entries {
		it := rssItem{
			Title: e.Title, Link: e.Link, Description: html.EscapeString(e.Summary),
			Content: string(e.ContentHTML), Creator: e.Author,
			GUID:    rssGUID{IsPermaLink: "false", ID: e.ID},
			PubDate: rssDate(e.Published), Updated: e.Updated.Format(time.RFC3339),
		}
		if e.Fallback {
			it.Language = e.Lang
		}
		for _, c := range e.Categories {
			it.Categories = append(it.Categories, rssCategory{Domain: c.Scheme, Term: c.Term})
		}
		ch.Items = append(ch.Items, it)
	}
	doc := rssDoc{Version: "2.0", Atom: nsAtom, DC: nsDC, Content: nsContent, Channel: ch}
	return marshalXML(doc)
}

// marshalXML writes v indented, after an XML declaration.
func marshalXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
