package ident

import (
	"fmt"
	"strings"
	"testing"

	"github.com/antifraud-alliance/beacon/internal/iso3166"
)

func TestBank(t *testing.T) {
	runTable(t, Bank, []tc{
		// IBANs from the SWIFT registry's examples, as printed and compacted.
		{in: "DE89 3704 0044 0532 0130 00", want: "IBAN:DE89370400440532013000"},
		{in: "de89370400440532013000", want: "IBAN:DE89370400440532013000"},
		{in: "IBAN DE89 3704 0044 0532 0130 00", want: "IBAN:DE89370400440532013000"},
		{in: "IBAN: DE89-3704-0044-0532-0130-00", want: "IBAN:DE89370400440532013000"},
		{in: "GB29 NWBK 6016 1331 9268 19", want: "IBAN:GB29NWBK60161331926819"},
		{in: "fr14 2004 1010 0505 0001 3m02 606", want: "IBAN:FR1420041010050500013M02606"},
		{in: "NL91ABNA0417164300", want: "IBAN:NL91ABNA0417164300"},
		{in: "NO93 8601 1117 947", want: "IBAN:NO9386011117947"},                                       // shortest (15)
		{in: "LC55 HEMM 0001 0001 0012 0012 0002 3015", want: "IBAN:LC55HEMM000100010012001200023015"}, // longest (32)
		{in: "BR18 0036 0305 0000 1000 9795 493C 1", want: "IBAN:BR1800360305000010009795493C1"},
		{in: "SC18 SSCB 1101 0000 0000 0000 1497 USD", want: "IBAN:SC18SSCB11010000000000001497USD"},
		{in: "AE07 0331 2345 6789 0123 456", want: "IBAN:AE070331234567890123456"},
		{in: "SA03 8000 0000 6080 1016 7519", want: "IBAN:SA0380000000608010167519"},
		{in: "TR33 0006 1005 1978 6457 8413 26", want: "IBAN:TR330006100519786457841326"},
		{in: "UA21 3223 1300 0002 6007 2335 6600 1", want: "IBAN:UA213223130000026007233566001"},
		{in: "CH93 0076 2011 6238 5295 7", want: "IBAN:CH9300762011623852957"},
		{in: "PL61 1090 1014 0000 0712 1981 2874", want: "IBAN:PL61109010140000071219812874"},
		{in: "1234567890", region: "DE", code: CodeBankInvalid},
		// Non-IBAN countries: country and digits.
		{in: "123-4-56789-0", region: "TH", want: "TH:1234567890"},
		{in: "TH:123 456 7890", want: "TH:1234567890"},
		{in: "th:1234567890", region: "MY", want: "TH:1234567890"}, // the prefix wins
		{in: "5140 1234 5678", region: "MY", want: "MY:514012345678"},
		{in: "SG:0123456789", want: "SG:0123456789"}, // leading zeros matter
		{in: "VN:19033445566778", want: "VN:19033445566778"},
		{in: "PH:00123", want: "PH:00123"},
		{in: "US:" + strings.Repeat("9", 34), want: "US:" + strings.Repeat("9", 34)},

		{in: "DE88 3704 0044 0532 0130 00", code: CodeIBANChecksum},
		{in: "DE89 3704 0044 0532 0130 01", code: CodeIBANChecksum},
		{in: "GB29 NWBK 6016 1331 9268 18", code: CodeIBANChecksum},
		{in: "DE89 3704 0044 0532 0130 0", code: CodeIBANLength},
		{in: "DE89 3704 0044 0532 0130 000", code: CodeIBANLength},
		{in: "NO93 8601 1117 9471", code: CodeIBANLength},
		{in: "1234567890", code: CodeBankNeedsCountry},
		{in: "DE:1234567890", code: CodeBankInvalid},            // IBAN country: IBAN expected
		{in: "1234567890", region: "FR", code: CodeBankInvalid}, // ditto via region
		{in: "TH12 3456 7890 1", code: CodeBankInvalid},         // TH has no IBAN
		{in: "ZZ:12345678", code: CodeBankInvalid},
		{in: "12345678", region: "ZZ", code: CodeBankInvalid},
		{in: "TH:1234", code: CodeBankInvalid},
		{in: "TH:" + strings.Repeat("1", 35), code: CodeBankInvalid},
		{in: "TH:12345abc", code: CodeBankInvalid},
		{in: "DE89 3704 0044 0532 0130 0Ä", code: CodeBankInvalid},
		{in: "IBAN:", code: CodeBankInvalid},
		{in: "account 1234", region: "TH", code: CodeBankInvalid},
	})
}

// TestIBANCheckDigitsOutsideRange: 01 is congruent to 98 mod 97, so an IBAN
// with check digits 01 (or 00, 99) passes the bare mod-97 test and would be
// a second spelling of a valid account.
func TestIBANCheckDigitsOutsideRange(t *testing.T) {
	// GB IBAN whose correct check digits are 98.
	bban := "NWBK60161331926819"
	var cd string
	for d := 2; d <= 98; d++ {
		s := fmt.Sprintf("GB%02d%s", d, bban)
		if _, err := Parse(Bank, s, ""); err == nil {
			cd = s[2:4]
		}
	}
	if cd != "29" {
		t.Fatalf("expected exactly check digits 29 to be valid, got %q", cd)
	}
	// Find a BBAN whose check digits are 98 and check that 01 is refused.
	for n := 0; n < 10000; n++ {
		bban := fmt.Sprintf("NWBK6016133192%04d", n)
		if mod97(bban+"GB98") != 1 {
			continue
		}
		if _, err := Parse(Bank, "GB98"+bban, ""); err != nil {
			t.Fatalf("GB98%s: %v", bban, err)
		}
		if mod97(bban+"GB01") != 1 {
			t.Fatal("01 should pass bare mod-97 where 98 does")
		}
		_, err := Parse(Bank, "GB01"+bban, "")
		if e, ok := err.(*Error); !ok || e.Code != CodeIBANChecksum {
			t.Errorf("GB01%s: got %v, want iban-checksum", bban, err)
		}
		return
	}
	t.Fatal("no BBAN with check digits 98 found")
}

// TestIBANEveryCountry builds a valid IBAN of the registered length for every
// country in the table and checks it is accepted, and one character shorter
// or longer is refused for its length.
func TestIBANEveryCountry(t *testing.T) {
	if len(ibanLength) != 89 {
		t.Errorf("ibanLength has %d countries; the registry has 89", len(ibanLength))
	}
	for cc, n := range ibanLength {
		if cc != "XK" && !iso3166.Valid(cc) { // Kosovo's XK is user-assigned
			t.Errorf("%s is not an ISO 3166 code", cc)
		}
		if n < 15 || n > 34 {
			t.Errorf("%s: implausible length %d", cc, n)
		}
		bban := strings.Repeat("7", n-4)
		check := 98 - mod97(bban+cc+"00")
		iban := fmt.Sprintf("%s%02d%s", cc, check, bban)
		if _, err := Parse(Bank, iban, ""); err != nil {
			t.Errorf("%s: %v", iban, err)
		}
		for _, bad := range []string{iban[:len(iban)-1], iban + "7"} {
			_, err := Parse(Bank, bad, "")
			if e, ok := err.(*Error); !ok || e.Code != CodeIBANLength {
				t.Errorf("%s: got %v, want iban-length", bad, err)
			}
		}
	}
}
