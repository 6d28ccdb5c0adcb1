package ident

import (
	"errors"
	"strings"
	"testing"
)

// tc is one table row: input, region, and either the canonical form or the
// error code expected.
type tc struct {
	in, region string
	want       string // canonical form, when code is ""
	code       string // expected error code
}

// runTable parses every row as kind and checks the outcome, and for accepted
// values also that the canonical form parses to itself.
func runTable(t *testing.T, kind Kind, rows []tc) {
	t.Helper()
	for _, r := range rows {
		id, err := Parse(kind, r.in, r.region)
		if r.code != "" {
			var e *Error
			if !errors.As(err, &e) || e.Code != r.code || e.Kind != kind {
				t.Errorf("Parse(%s, %q, %q) = %q, %v; want error %s", kind, r.in, r.region, id.Canonical, err, r.code)
			}
			continue
		}
		if err != nil || id.Canonical != r.want || id.Kind != kind {
			t.Errorf("Parse(%s, %q, %q) = %q, %v; want %q", kind, r.in, r.region, id.Canonical, err, r.want)
			continue
		}
		again, err := Parse(kind, id.Canonical, "")
		if err != nil || again != id {
			t.Errorf("Parse(%s, %q) (canonical of %q) = %v, %v; want it unchanged", kind, id.Canonical, r.in, again, err)
		}
	}
}

func TestKeyAndHash(t *testing.T) {
	// Browsers compute the same hash; these pin the exact bytes hashed.
	for _, c := range []struct {
		id        ID
		key, hash string
	}{
		{ID{Phone, "+6621234567"}, "phone:+6621234567", "49acbda431f1bca9629cd9e8267866252191c6827598242da3b32f5c9ed1ba52"},
		{ID{URL, "scam.example"}, "url:scam.example", "0f0aaae145a66bafd186bf9c548e30120a9573ae555e2523e0f580bebcd66ea9"},
	} {
		if got := c.id.Key(); got != c.key {
			t.Errorf("Key() = %q, want %q", got, c.key)
		}
		if got := c.id.Hash(); got != c.hash {
			t.Errorf("Hash() = %q, want %q", got, c.hash)
		}
		if got := c.id.String(); got != c.key {
			t.Errorf("String() = %q, want %q", got, c.key)
		}
	}
}

func TestCommonErrors(t *testing.T) {
	for _, k := range Kinds {
		for _, c := range []struct{ in, code string }{
			{"", CodeEmpty},
			{" \t\n\u00a0", CodeEmpty},
			{strings.Repeat("1", MaxLen+1), CodeTooLong},
		} {
			_, err := Parse(k, c.in, "TH")
			if !errors.Is(err, &Error{Kind: k, Code: c.code}) {
				t.Errorf("Parse(%s, %.10q…) = %v, want %s", k, c.in, err, c.code)
			}
		}
	}
	_, err := Parse("fax", "+6621234567", "")
	if !errors.Is(err, &Error{Code: CodeUnknownKind}) {
		t.Errorf("unknown kind: got %v", err)
	}
	if _, err := Parse("PHONE", "+6621234567", ""); !errors.Is(err, &Error{Code: CodeUnknownKind}) {
		t.Errorf("kinds are case-sensitive: got %v", err)
	}
}

func TestErrorIsAndMessage(t *testing.T) {
	_, err := Parse(Bank, "DE88 3704 0044 0532 0130 00", "")
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *Error", err)
	}
	if e.Kind != Bank || e.Code != CodeIBANChecksum || e.Detail == "" {
		t.Errorf("got %+v", e)
	}
	if !errors.Is(err, &Error{Code: CodeIBANChecksum}) || errors.Is(err, &Error{Kind: Phone, Code: CodeIBANChecksum}) {
		t.Error("errors.Is should match on code, and on kind when given")
	}
	if errors.Is(err, errors.New("x")) {
		t.Error("errors.Is matched a foreign error")
	}
	if got := e.Error(); got != "ident: bank: iban-checksum: check digits do not match" {
		t.Errorf("Error() = %q", got)
	}
	if got := (&Error{Kind: Phone, Code: CodeEmpty}).Error(); got != "ident: phone: empty" {
		t.Errorf("Error() = %q", got)
	}
}

func TestRelatedOnlyForURLs(t *testing.T) {
	for _, k := range []Kind{Phone, Email, Bank, Wallet} {
		if r := Related(ID{k, "x"}); r != nil {
			t.Errorf("Related(%s) = %v, want nil", k, r)
		}
	}
}
