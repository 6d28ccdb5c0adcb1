package feeds

import (
	"bytes"
	"encoding/json"
	"time"

	gfeeds "github.com/gorilla/feeds"
)

// jsonFeedVersion is JSON Feed 1.1, the version with feed and item language.
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

// gorilla/feeds has the JSON Feed 1.1 types except the item-level
// "language"; these wrappers add it. The outer Items field shadows the
// embedded one, being less deeply nested.
type jsonFeed struct {
	*gfeeds.JSONFeed
	Items  []jsonItem `json:"items"`
	Beacon jsonExt    `json:"_beacon"`
}

// jsonExt is a JSON Feed extension object (keys starting "_" are reserved
// for them): JSON Feed has no feed-level modification time, Atom and RSS do.
type jsonExt struct {
	Updated time.Time `json:"updated"`
}

type jsonItem struct {
	*gfeeds.JSONItem
	Language string `json:"language,omitempty"`
}

// writeJSON renders a JSON Feed 1.1. JSON Feed has no categories with
// schemes, so typologies and the severity are plain tags, as their terms.
// Every item has content: the body as HTML or, for a withdrawn alert, the
// summary as text (an item must have one of the two).
func writeJSON(m *feed) ([]byte, error) {
	f := jsonFeed{
		JSONFeed: &gfeeds.JSONFeed{
			Version: jsonFeedVersion, Title: m.Title, Language: m.Lang,
			HomePageUrl: m.Alternate, FeedUrl: m.Self, Description: m.Subtitle,
		},
		Items:  make([]jsonItem, 0, len(m.Entries)),
		Beacon: jsonExt{Updated: m.Updated},
	}
	for _, e := range m.Entries {
		published, updated := e.Published, e.Updated
		it := &gfeeds.JSONItem{
			Id: e.ID, Url: e.Link, Title: e.Title, Summary: e.Summary,
			ContentHTML:   string(e.ContentHTML),
			PublishedDate: &published, ModifiedDate: &updated,
			Authors: []*gfeeds.JSONAuthor{{Name: e.Author}},
		}
		if it.ContentHTML == "" {
			it.ContentText = e.Summary
		}
		for _, c := range e.Categories {
			it.Tags = append(it.Tags, c.Term)
		}
		f.Items = append(f.Items, jsonItem{JSONItem: it, Language: e.Lang})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
