package ident

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/unicode/norm"
)

// parsePhone returns the E.164 form of a phone number ("+6621234567").
//
// Citizens paste numbers the way scammers wrote them: with spaces, dashes,
// dots, parentheses, a "tel:" prefix, a 00 international prefix, or in their
// own script's digits (full-width, Arabic-Indic, Thai, …). All of that is
// accepted. Letters are not: vanity numbers (1-800-FLOWERS) are practically
// unused in the scams Beacon tracks, and accepting letters would turn typos
// and pasted sentences into plausible numbers. Extensions are rejected for
// the same reason; a scam line is the line, not an extension of it.
//
// A number must be both possible and valid per libphonenumber's metadata, so
// unassigned ranges are refused rather than silently stored as listings no
// lookup will ever match.
func parsePhone(value, region string) (string, error) {
	s := normalizeDigits(norm.NFKC.String(value))
	if len(s) >= 4 && strings.EqualFold(s[:4], "tel:") {
		s = s[4:]
		// RFC 3966 parameters (";ext=", ";phone-context=") are not part of
		// the number.
		if i := strings.IndexByte(s, ';'); i >= 0 {
			s = s[:i]
		}
	}
	digits, plus, err := phoneDigits(s)
	if err != nil {
		return "", err
	}
	if len(digits) < 3 {
		return "", fail(Phone, CodePhoneInvalid, "too short")
	}
	if len(digits) > 17 { // 15 for E.164 plus a 00 prefix
		return "", fail(Phone, CodePhoneInvalid, "too long")
	}
	if region != "" && !phonenumbers.GetSupportedRegions()[region] {
		return "", fail(Phone, CodePhoneNeedsCountry, "unknown region "+region)
	}

	if !plus && strings.HasPrefix(digits, "00") {
		// 00 is the international prefix almost everywhere. Where it is not
		// (and the number is not valid read that way), fall back to the
		// region's own rules below, which know its real prefixes.
		if e164, ok := validPhone("+"+digits[2:], ""); ok {
			return e164, nil
		}
	}
	if plus {
		digits = "+" + digits
	} else if region == "" {
		return "", fail(Phone, CodePhoneNeedsCountry, "national format needs a country")
	}
	if e164, ok := validPhone(digits, region); ok {
		return e164, nil
	}
	return "", fail(Phone, CodePhoneInvalid, "not a valid number")
}

// validPhone reports the E.164 form of number when it is possible and valid
// per libphonenumber. International numbers mostly take the fast path.
func validPhone(number, region string) (string, bool) {
	if len(number) > 1 && number[0] == '+' {
		if ok, decided := fastE164(number[1:]); decided {
			return number, ok
		}
	}
	return fullPhone(number, region)
}

// fullPhone is validPhone by phonenumbers.Parse alone, for every input.
func fullPhone(number, region string) (string, bool) {
	n, err := phonenumbers.Parse(number, region)
	if err != nil || !phonenumbers.IsPossibleNumber(n) || !phonenumbers.IsValidNumber(n) {
		return "", false
	}
	return phonenumbers.Format(n, phonenumbers.E164), true
}

// phoneDigits keeps the ASCII digits of s and reports whether it started
// with "+". Separators people write between groups are skipped; anything
// else is an error. A "+" is allowed only before the first digit.
func phoneDigits(s string) (digits string, plus bool, err error) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+':
			if plus || b.Len() > 0 {
				return "", false, fail(Phone, CodePhoneInvalid, "misplaced +")
			}
			plus = true
		case r == '(' || r == ')' || r == '.' || r == '/' || r == '-' ||
			unicode.IsSpace(r) || unicode.Is(unicode.Pd, r):
		case unicode.IsLetter(r):
			return "", false, fail(Phone, CodePhoneInvalid, "letters in number")
		default:
			return "", false, fail(Phone, CodePhoneInvalid, "unexpected character "+quoteRune(r))
		}
	}
	return b.String(), plus, nil
}

func quoteRune(r rune) string {
	if unicode.IsPrint(r) {
		return fmt.Sprintf("%q", r)
	}
	return fmt.Sprintf("%U", r)
}

// normalizeDigits replaces every decimal digit of any script (Unicode
// category Nd: Arabic-Indic ٠١٢, Thai ๐๑๒, Devanagari, Myanmar, Khmer, Lao, …)
// with its ASCII digit. Unicode encodes each script's digits as a run of ten
// consecutive code points from zero to nine, and the unicode.Nd table is made
// of such runs, so a digit's value is its offset from the start of its range
// modulo ten (TestNdRangesAreDecimalRuns checks that assumption).
func normalizeDigits(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < 0x80 {
			return r
		}
		if v := digitValue(r); v >= 0 {
			return '0' + rune(v)
		}
		return r
	}, s)
}

// digitValue returns the value of the decimal digit r, or -1.
func digitValue(r rune) int {
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return -1
}
