package iso3166

import "testing"

func TestCodes(t *testing.T) {
	if n := len(Codes()); n != 249 {
		t.Fatalf("got %d codes, ISO 3166-1 assigns 249", n)
	}
	for _, tc := range []struct {
		code string
		ok   bool
	}{{"TH", true}, {"GB", true}, {"th", false}, {"UK", false}, {"XX", false}, {"", false}, {"THA", false}} {
		if got := Valid(tc.code); got != tc.ok {
			t.Errorf("Valid(%q) = %v, want %v", tc.code, got, tc.ok)
		}
	}
}
