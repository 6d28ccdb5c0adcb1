package workflow

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

const maxSlug = 60

// baseSlug makes a URL slug from a title: accents folded, ASCII letters and
// digits kept, everything else a dash. Titles in scripts without Latin letters
// give an empty string; the caller then uses a neutral slug.
func baseSlug(title string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	folded, _, err := transform.String(t, strings.ToLower(title))
	if err != nil {
		folded = strings.ToLower(title)
	}
	var b strings.Builder
	dash := false
	for _, r := range folded {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= maxSlug {
			break
		}
	}
	s := b.String()
	if len(s) > maxSlug {
		s = s[:maxSlug]
	}
	if i := strings.LastIndexByte(s, '-'); len(s) == maxSlug && i > maxSlug/2 {
		s = s[:i] // cut at a word boundary
	}
	return strings.Trim(s, "-")
}

// slugCandidates yields the slugs to try in order: the title's (or neutral
// when the title gives too little), then numbered variants, then one with the
// id's random tail, which is unique.
func slugCandidates(title, neutral, id string) []string {
	base := baseSlug(title)
	if len(base) < 3 {
		base = neutral
	}
	out := []string{base}
	for i := 2; i <= 4; i++ {
		out = append(out, base+"-"+itoa(i))
	}
	return append(out, base+"-"+id[len(id)-8:])
}
