package feeds

import (
	"encoding/xml"
	"time"
)

// nsTombstones is the namespace of RFC 6721's at:deleted-entry.
const nsTombstones = "http://purl.org/atompub/tombstones/1.0"

// Atom is written with encoding/xml rather than gorilla/feeds, whose Atom
// types have no xml:lang and no place for RFC 6721 tombstones.
type atomFeed struct {
	XMLName  xml.Name      `xml:"feed"`
	NS       string        `xml:"xmlns,attr"`
	NSAt     string        `xml:"xmlns:at,attr,omitempty"`
	Lang     string        `xml:"xml:lang,attr"`
	ID       string        `xml:"id"`
	Title    atomText      `xml:"title"`
	Subtitle *atomText     `xml:"subtitle,omitempty"`
	Updated  string        `xml:"updated"`
	Links    []atomLink    `xml:"link"`
	Entries  []atomEntry   `xml:"entry"`
	Deleted  []atomDeleted `xml:"at:deleted-entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr,omitempty"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
	Href     string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	Lang       string         `xml:"xml:lang,attr"`
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Summary    atomText       `xml:"summary"`
	Content    *atomText      `xml:"content,omitempty"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     atomPerson     `xml:"author"`
	Categories []atomCategory `xml:"category"`
}

// atomDeleted is an RFC 6721 tombstone. Its ref is the atom:id of the entry
// and its when the time of the retraction; the comment is the reason.
type atomDeleted struct {
	Ref     string     `xml:"ref,attr"`
	When    string     `xml:"when,attr"`
	Comment string     `xml:"at:comment,omitempty"`
	Link    []atomLink `xml:"link"`
}

func atomDate(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// writeAtom renders an Atom 1.0 feed. Each entry carries xml:lang for the
// language its text is actually in. A withdrawn alert keeps its entry (marked
// withdrawn, for readers that ignore tombstones) and also gets an
// at:deleted-entry, so readers that honour RFC 6721 drop what they stored;
// its when equals the entry's updated, the moment of the retraction.
func writeAtom(m *feed) ([]byte, error) {
	f := atomFeed{
		NS: nsAtom, Lang: m.Lang, ID: m.ID,
		Title:   atomText{Type: "text", Text: m.Title},
		Updated: atomDate(m.Updated),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: m.Self},
			{Rel: "alternate", Type: "text/html", Href: m.Alternate},
		},
		Entries: make([]atomEntry, 0, len(m.Entries)),
	}
	if m.Subtitle != "" {
		f.Subtitle = &atomText{Type: "text", Text: m.Subtitle}
	}
	for _, e := range m.Entries {
		ae := atomEntry{
			Lang: e.Lang, ID: e.ID,
			Title:     atomText{Type: "text", Text: e.Title},
			Summary:   atomText{Type: "text", Text: e.Summary},
			Links:     []atomLink{{Rel: "alternate", Type: e.LinkType, Href: e.Link}},
			Published: atomDate(e.Published), Updated: atomDate(e.Updated),
			Author: atomPerson{Name: e.Author},
		}
		if e.ContentHTML != "" {
			ae.Content = &atomText{Type: "html", Text: string(e.ContentHTML)}
		}
		for _, c := range e.Categories {
			ae.Categories = append(ae.Categories, atomCategory(c))
		}
		f.Entries = append(f.Entries, ae)
		if w := e.Withdrawn; w != nil {
			f.NSAt = nsTombstones
			f.Deleted = append(f.Deleted, atomDeleted{Ref: e.ID, When: atomDate(w.When), Comment: w.Reason,
				Link: []atomLink{{Rel: "alternate", Type: e.LinkType, Href: e.Link}}})
		}
	}
	return marshalXML(f)
}
