// Package langs holds the languages Beacon publishes in, as the lowercase
// BCP 47 tags used in URLs, translations and subscriptions.
package langs

// Default is the fallback language: content missing in a language is shown in it.
const Default = "en"

// All lists the supported languages in the order the language switcher shows them.
var all = [...]string{"en", "zh-hans", "zh-hant", "es", "fr", "ar", "ru", "pt", "th", "vi", "id", "ms", "fil", "km", "lo", "my"}

// All returns a fresh copy of the supported tags.
func All() []string { return append([]string(nil), all[:]...) }

// Supported reports whether tag is one of the supported languages (exact, lowercase).
func Supported(tag string) bool {
	for _, l := range all {
		if l == tag {
			return true
		}
	}
	return false
}

// RTL reports whether the language is written right to left.
func RTL(tag string) bool { return tag == "ar" }
