package ident

import (
	"strconv"
	"strings"

	"github.com/antifraud-alliance/beacon/internal/iso3166"
)

// parseBank returns "IBAN:<iban>" for countries that use IBANs and
// "CC:<digits>" for the others.
//
// Accepted inputs: an IBAN (optionally prefixed "IBAN" or "IBAN:", grouped
// with spaces), "CC:account" with an ISO 3166-1 country, or a bare account
// number with region as its country. Spaces, dashes and dots between digit
// groups are ignored.
//
// In an IBAN country the IBAN is the one identifier everyone shares (banks,
// police, victims' statements), so a national account number there is
// refused with a hint to enter the IBAN instead; accepting both would split
// one account's reports across two hashes.
func parseBank(value, region string) (string, error) {
	s := compactBank(strings.ToUpper(value))
	switch {
	case strings.HasPrefix(s, "IBAN:"):
		return parseIBAN(s[len("IBAN:"):])
	case strings.HasPrefix(s, "IBAN") && len(s) > 6 && isAlpha(s[4]) && isAlpha(s[5]):
		return parseIBAN(s[len("IBAN"):])
	case len(s) > 2 && s[2] == ':':
		return parseAccount(s[:2], s[3:])
	case len(s) > 4 && isAlpha(s[0]) && isAlpha(s[1]) && isDigit(s[2]) && isDigit(s[3]):
		return parseIBAN(s)
	}
	if !allDigits(s) {
		return "", fail(Bank, CodeBankInvalid, "expected an IBAN, CC:account or account digits")
	}
	if region == "" {
		return "", fail(Bank, CodeBankNeedsCountry, "account number without a country")
	}
	return parseAccount(region, s)
}

// compactBank removes the separators people put between groups.
func compactBank(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\u00a0', '-', '.':
			return -1
		}
		return r
	}, s)
}

// parseAccount validates a national account number of country.
func parseAccount(country, account string) (string, error) {
	if !iso3166.Valid(country) {
		return "", fail(Bank, CodeBankInvalid, "unknown country "+strconv.Quote(country))
	}
	if _, ok := ibanLength[country]; ok {
		return "", fail(Bank, CodeBankInvalid, country+" uses IBAN: an IBAN is expected, not a national account number")
	}
	if !allDigits(account) {
		return "", fail(Bank, CodeBankInvalid, "account number must be digits")
	}
	if len(account) < 5 || len(account) > 34 {
		return "", fail(Bank, CodeBankInvalid, "account number must have 5 to 34 digits")
	}
	return country + ":" + account, nil
}

// parseIBAN checks an upper-case IBAN without separators (ISO 13616): the
// country's registered length and the mod-97 check digits.
func parseIBAN(s string) (string, error) {
	if len(s) < 4 || !isAlpha(s[0]) || !isAlpha(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) {
		return "", fail(Bank, CodeBankInvalid, "an IBAN starts with a country and two check digits")
	}
	for i := 4; i < len(s); i++ {
		if !isDigit(s[i]) && (s[i] < 'A' || s[i] > 'Z') {
			return "", fail(Bank, CodeBankInvalid, "an IBAN has only letters and digits")
		}
	}
	country := s[:2]
	want, ok := ibanLength[country]
	if !ok {
		return "", fail(Bank, CodeBankInvalid, country+" has no IBAN")
	}
	if len(s) != want {
		return "", fail(Bank, CodeIBANLength, country+" IBANs have "+strconv.Itoa(want)+" characters, not "+strconv.Itoa(len(s)))
	}
	// Check digits 00, 01 and 99 pass mod-97 in place of 97, 98 and 02, but
	// ISO 13616 only issues 02-98; refusing them keeps one canonical form.
	if cd := s[2:4]; cd == "00" || cd == "01" || cd == "99" || mod97(s[4:]+s[:4]) != 1 {
		return "", fail(Bank, CodeIBANChecksum, "check digits do not match")
	}
	return "IBAN:" + s, nil
}

// mod97 computes the ISO 7064 MOD 97-10 remainder of s, letters counting as
// 10 (A) to 35 (Z).
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isDigit(c) {
			r = (r*10 + int(c-'0')) % 97
		} else {
			r = (r*100 + int(c-'A') + 10) % 97
		}
	}
	return r
}

// ibanLength holds the IBAN length of every country in the SWIFT IBAN
// Registry (ISO 13616), including the recent additions (Burundi, Djibouti,
// Falklands, Honduras, Libya, Mongolia, Nicaragua, Oman, Russia, Somalia,
// Sudan, Yemen). Territories that use another country's IBAN prefix (French
// overseas departments use FR, Jersey uses GB, Åland uses FI) are covered by
// that prefix. Experimental, unregistered national formats are not included.
var ibanLength = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
	"BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
	"DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
	"FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
	"GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
	"IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
	"LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
	"MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
	"PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
	"SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
	"SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
	"YE": 30,
}
