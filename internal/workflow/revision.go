package workflow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Content is what the engine needs of a document's content type C (a value
// type such as alerts.Content).
type Content[C any] interface {
	// Clone returns a deep copy whose translations map is never nil.
	Clone() C
	// Check validates the content; forReview adds what review needs on top
	// (an English text, which every channel falls back to).
	Check(now time.Time, forReview bool) error
	// Texts returns the translations by language (the map itself).
	Texts() map[string]Translation
}

// Revision is a pending edit of a published document: a whole copy of its
// content and where the edit stands. The published content stays live until
// the revision is approved. In JSON the content's fields and the state's sit
// side by side in one object.
type Revision[C any] struct {
	Content C
	PendingState
}

// MarshalJSON writes the content's fields and the state's as one object.
func (r Revision[C]) MarshalJSON() ([]byte, error) {
	c, err := json.Marshal(r.Content)
	if err != nil {
		return nil, err
	}
	s, err := json.Marshal(r.PendingState)
	if err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(c, []byte("{")) || !bytes.HasPrefix(s, []byte("{")) {
		return nil, fmt.Errorf("revision: content does not encode as a JSON object")
	}
	if len(c) == 2 { // {}
		return s, nil
	}
	return append(append(c[:len(c)-1:len(c)-1], ','), s[1:]...), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (r *Revision[C]) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &r.Content); err != nil {
		return err
	}
	return json.Unmarshal(b, &r.PendingState)
}

// Versions points at a document's live content and its pending revision
// (nil when there is none). Edits, checks and translations act on the
// content being edited: the revision's while there is one, the live one otherwise.
type Versions[C Content[C]] struct {
	Live    *C
	Pending **Revision[C]
}

// State is the state of the pending revision, nil when there is none.
func (v Versions[C]) State() *PendingState {
	if *v.Pending == nil {
		return nil
	}
	return &(*v.Pending).PendingState
}

// Editing is the content an edit changes.
func (v Versions[C]) Editing() *C {
	if *v.Pending != nil {
		return &(*v.Pending).Content
	}
	return v.Live
}

// Check validates the content being edited.
func (v Versions[C]) Check(now time.Time, forReview bool) error {
	return (*v.Editing()).Check(now, forReview)
}

// start opens a pending revision: a copy of the live content, in draft.
func (v Versions[C]) start(now time.Time) {
	*v.Pending = &Revision[C]{Content: (*v.Live).Clone(), PendingState: PendingState{Status: StatusDraft, CreatedAt: now}}
}

// end drops the pending revision; with promote its content becomes live first.
func (v Versions[C]) end(promote bool) {
	if promote && *v.Pending != nil {
		*v.Live = (*v.Pending).Content
	}
	*v.Pending = nil
}

// SetTranslation adds or replaces (nil: removes) one language of the content being edited.
func (v Versions[C]) SetTranslation(lang string, tr *Translation) {
	texts := (*v.Editing()).Texts()
	if tr == nil {
		delete(texts, lang)
		return
	}
	texts[lang] = *tr
}

// SlugTitle is the live English title (any language's without one), which
// the slug is made from.
func (v Versions[C]) SlugTitle() string {
	tr, _, _ := PickTranslation((*v.Live).Texts(), "en")
	return tr.Title
}

// Detach makes the content and revision v points at copies of their own:
// Copy implementations call it on a shallow copy of the document.
func (v Versions[C]) Detach() {
	*v.Live = (*v.Live).Clone()
	if p := *v.Pending; p != nil {
		*v.Pending = &Revision[C]{Content: p.Content.Clone(), PendingState: p.PendingState.Clone()}
	}
}
