package ident

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// The fuzz targets check the properties every kind must have, whatever the
// input: Parse never panics, refusals are *Error values with a documented
// code, an accepted value's canonical form parses again to itself (with or
// without a region), and its hash is 64 lowercase hex digits.

var knownCodes = map[string]bool{
	CodeEmpty: true, CodeTooLong: true, CodeUnknownKind: true,
	CodePhoneInvalid: true, CodePhoneNeedsCountry: true,
	CodeURLInvalid: true, CodeURLNotPublic: true, CodeEmailInvalid: true,
	CodeBankInvalid: true, CodeIBANChecksum: true, CodeIBANLength: true, CodeBankNeedsCountry: true,
	CodeWalletInvalid: true, CodeWalletChecksum: true, CodeWalletUnknownChain: true,
}

func checkProperties(t *testing.T, kind Kind, value, region string) {
	id, err := Parse(kind, value, region)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Kind != kind || !knownCodes[e.Code] {
			t.Fatalf("Parse(%s, %q, %q): bad error %#v", kind, value, region, err)
		}
		return
	}
	if id.Kind != kind || id.Canonical == "" || !utf8.ValidString(id.Canonical) {
		t.Fatalf("Parse(%s, %q, %q) = %#v", kind, value, region, id)
	}
	h := id.Hash()
	if len(h) != 64 {
		t.Fatalf("Hash() = %q, not 64 characters", h)
	}
	for i := 0; i < len(h); i++ {
		if !isDigit(h[i]) && (h[i] < 'a' || h[i] > 'f') {
			t.Fatalf("Hash() = %q, not lowercase hex", h)
		}
	}
	for _, r := range []string{"", region} {
		again, err := Parse(kind, id.Canonical, r)
		if err != nil || again != id {
			t.Fatalf("not idempotent: Parse(%s, %q, %q) = %q; Parse(%q, %q) = %q, %v",
				kind, value, region, id.Canonical, id.Canonical, r, again.Canonical, err)
		}
	}
	for _, rel := range Related(id) {
		again, err := Parse(kind, rel.Canonical, "")
		if err != nil || again != rel {
			t.Fatalf("related %q of %q does not parse to itself: %q, %v", rel.Canonical, id.Canonical, again.Canonical, err)
		}
	}
}

func FuzzPhone(f *testing.F) {
	for _, s := range [][2]string{
		{"02-123-4567", "TH"}, {"+66 (0)2-123-4567", ""}, {"tel:+66-2-123-4567;ext=1", ""},
		{"0066 81 234 5678", ""}, {"０８１２３４５６７８", "TH"}, {"๐๘๑-๒๓๔-๕๖๗๘", "TH"},
		{"٠٥٠ ١٢٣ ٤٥٦٧", "AE"}, {"(650) 253-0000", "US"}, {"011 44 20 7946 0018", "US"},
		{"(11) 91234-5678", "BR"}, {"09 212 3456", "MM"}, {"+1 800 FLOWERS", ""},
		{"081-234-5678", ""}, {"123", "TH"}, {"+", ""}, {"00", "GB"}, {"081-234-5678", "ZZ"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, value, region string) { checkProperties(t, Phone, value, region) })
}

func FuzzURL(f *testing.F) {
	for _, s := range []string{
		"https://www.bücher.example/Path?q=1#f", "HTTP://User:pw@WWW.Scam.Example.:8080/a/%7euser/?x#y",
		"shop.scam.example/login/", "пример.рф/вход", "scam。example", `http://a.example\@b.example/`,
		"www.www.scam.example", "www.example", "scam.example/a%2fb/%zz", "javascript:alert(1)",
		"http://[::1]/", "１２７.０.０.１", "co.uk", "user.github.io/x", "//scam.example",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) { checkProperties(t, URL, value, "") })
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{
		"  Bob.Smith@Example.COM ", "a@bücher.example", "mailto:x@scam.example?subject=hi",
		"Bob <bob@scam.example>", `"a b"@scam.example`, "a..b@scam.example", "a@[127.0.0.1]",
		"o'brien@scam.co.uk", "a@b@c.example", "İ@scam.example",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) { checkProperties(t, Email, value, "") })
}

func FuzzBank(f *testing.F) {
	for _, s := range [][2]string{
		{"DE89 3704 0044 0532 0130 00", ""}, {"IBAN: GB29 NWBK 6016 1331 9268 19", ""},
		{"fr14 2004 1010 0505 0001 3m02 606", ""}, {"DE88 3704 0044 0532 0130 00", ""},
		{"123-456-7890", "TH"}, {"TH:123 456 7890", ""}, {"1234567890", "DE"}, {"1234567890", ""},
		{"ZZ:1234567", ""}, {"GB01NWBK60161331926819", ""}, {"IBANDE89370400440532013000", ""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, value, region string) { checkProperties(t, Bank, value, region) })
}

func FuzzWallet(f *testing.F) {
	for _, s := range []string{
		"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
		"BC1SW50QGDZ25J", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
		"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=1",
		"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "eth:0xde709f2102306220921060314715629080e2fb77",
		"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "tron:TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", "doge:x",
		"1111111111111111111114oLvT2",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) { checkProperties(t, Wallet, value, "") })
}
