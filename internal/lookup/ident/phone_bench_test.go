package ident

import "testing"

// BenchmarkPhone measures the canonicalisation of the shapes imports and
// checks send most: E.164 with spaces, bare E.164, and a national format.
func BenchmarkPhone(b *testing.B) {
	for _, c := range []struct{ name, in, region string }{
		{"spaced", "+66 81 000 0042", ""},
		{"e164", "+66810000042", ""},
		{"national", "081-000-0042", "TH"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				if _, err := parsePhone(c.in, c.region); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
