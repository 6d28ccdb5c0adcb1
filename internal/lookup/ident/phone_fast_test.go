package ident

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// checkFast compares the fast path with the full parse for "+"+digits.
// Parsing a number with a "+" ignores the default region, and the
// comparison is made with one to show it. It reports whether the fast path
// decided.
func checkFast(t *testing.T, digits, region string) bool {
	t.Helper()
	ok, decided := fastE164(digits)
	if !decided {
		return false
	}
	want, wantOK := fullPhone("+"+digits, region)
	if ok != wantOK || (ok && want != "+"+digits) {
		t.Errorf("+%s (region %q): fast path says valid=%v, full parse says %q valid=%v", digits, region, ok, want, wantOK)
	}
	return true
}

// exampleNumbers returns the E.164 digits of libphonenumber's example
// numbers: every type of every region and non-geographic calling code.
func exampleNumbers() []string {
	types := []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE,
		phonenumbers.PREMIUM_RATE, phonenumbers.SHARED_COST, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER,
		phonenumbers.PAGER, phonenumbers.UAN, phonenumbers.VOICEMAIL}
	var out []string
	add := func(n *phonenumbers.PhoneNumber) {
		if n != nil {
			out = append(out, strings.TrimPrefix(phonenumbers.Format(n, phonenumbers.E164), "+"))
		}
	}
	for region := range phonenumbers.GetSupportedRegions() {
		for _, typ := range types {
			add(phonenumbers.GetExampleNumberForType(region, typ))
		}
	}
	for cc := range phonenumbers.GetSupportedGlobalNetworkCallingCodes() {
		add(phonenumbers.GetExampleNumberForNonGeoEntity(cc))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// variants are near misses of a valid number: a digit changed, one digit
// fewer or more, and a national prefix or a zero after the calling code.
func variants(digits string) []string {
	out := []string{digits[:len(digits)-1], digits + "0", digits + "12"}
	for i := range len(digits) {
		d := (digits[i]-'0'+3)%10 + '0'
		out = append(out, digits[:i]+string(d)+digits[i+1:])
	}
	for n := 1; n <= 3 && n < len(digits); n++ {
		out = append(out, digits[:n]+"0"+digits[n:], digits[:n]+"1"+digits[n:], digits[:n]+"00"+digits[n:])
	}
	return out
}

// TestFastPhoneMatchesParse holds the fast path to the full parse's answer
// over the example numbers of every country, their near misses (mostly
// invalid) and random digits, and checks that it does answer for nearly
// all well-formed numbers, or it would not be worth having.
func TestFastPhoneMatchesParse(t *testing.T) {
	regions := []string{"", "TH", "US", "GB", "IT", "AR", "ZZ"}
	examples := exampleNumbers()
	if len(examples) < 1000 {
		t.Fatalf("only %d example numbers", len(examples))
	}
	decided, valid := 0, 0
	for i, ex := range examples {
		if _, ok := fullPhone("+"+ex, ""); ok {
			valid++
			if checkFast(t, ex, regions[i%len(regions)]) {
				decided++
			}
		}
		for j, v := range variants(ex) {
			checkFast(t, v, regions[(i+j)%len(regions)])
		}
	}
	if decided < valid*9/10 {
		t.Errorf("the fast path decided only %d of %d valid example numbers", decided, valid)
	}
	rng := rand.New(rand.NewPCG(4, 2))
	codes := make([]int, 0, len(phonenumbers.GetSupportedCallingCodes()))
	for cc := range phonenumbers.GetSupportedCallingCodes() {
		codes = append(codes, cc)
	}
	slices.Sort(codes)
	for i := range 20000 {
		var b strings.Builder
		if i%2 == 0 {
			b.WriteString(strconv.Itoa(codes[rng.IntN(len(codes))]))
		}
		for n := 3 + rng.IntN(16); b.Len() < n; {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		checkFast(t, b.String(), regions[i%len(regions)])
	}
}

// FuzzFastPhone compares the fast path with the full parse on any digits.
func FuzzFastPhone(f *testing.F) {
	for _, s := range []string{"66810000042", "6621234567", "390612345678", "3900000", "16502530000",
		"442079460018", "4402079460018", "80012345678", "5491123456789", "79123456789", "999123"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
		if len(digits) > 20 {
			digits = digits[:20]
		}
		checkFast(t, digits, "")
	})
}
