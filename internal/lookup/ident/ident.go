// Package ident turns the identifiers citizens check (phone numbers, web
// addresses, e-mail addresses, bank accounts and crypto wallets) into one
// canonical form each.
//
// The canonical form is what Beacon hashes for the privacy-preserving range
// lookup (see DESIGN.md, "Number lookup and privacy"): the browser hashes
// "kind:canonical" and the server only ever sees a short prefix of that hash.
// Two spellings of the same number must therefore produce byte-identical
// canonical forms, or a citizen's check silently misses a listing. That is
// why this package is strict about what it accepts and normalises
// aggressively within what it accepts.
package ident

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Kind names a family of identifiers. The string values appear in URLs, in
// stored listings and inside the hashed key, so they never change.
type Kind string

// The identifier kinds Beacon knows.
const (
	Phone  Kind = "phone"
	URL    Kind = "url"
	Email  Kind = "email"
	Bank   Kind = "bank"
	Wallet Kind = "wallet"
)

// Kinds lists every kind, in the order forms and documentation show them.
var Kinds = []Kind{Phone, URL, Email, Bank, Wallet}

// MaxLen is the longest input Parse looks at, in bytes. Nothing legitimate
// comes close, and the bound keeps the work per request small.
const MaxLen = 300

// ID is an identifier in its one canonical form.
type ID struct {
	Kind      Kind
	Canonical string
}

// Key is the string that is hashed: "kind:canonical". The kind is part of it
// so that, say, a bank account number and a phone number with the same digits
// never share a hash.
func (id ID) Key() string { return string(id.Kind) + ":" + id.Canonical }

// Hash is the lowercase hex SHA-256 of Key, the value browsers compute too.
func (id ID) Hash() string {
	sum := sha256.Sum256([]byte(id.Key()))
	return hex.EncodeToString(sum[:])
}

// String returns Key, so an ID prints readably in logs of the tools that are
// allowed to show identifiers (never the lookup path, see DESIGN.md).
func (id ID) String() string { return id.Key() }

// Error codes. They are stable: pages translate them into the reader's
// language and API clients switch on them, so existing codes are never
// renamed or reused for another meaning.
const (
	CodeEmpty              = "empty"                // nothing but white space
	CodeTooLong            = "too-long"             // over MaxLen bytes
	CodeUnknownKind        = "unknown-kind"         // kind is not one of Kinds
	CodePhoneInvalid       = "phone-invalid"        // not a valid, assignable number
	CodePhoneNeedsCountry  = "phone-needs-country"  // national format and no region
	CodeURLInvalid         = "url-invalid"          // not an http(s) URL or host
	CodeURLNotPublic       = "url-not-public"       // IP, localhost, no dot, unknown TLD
	CodeEmailInvalid       = "email-invalid"        // not a plain public address
	CodeBankInvalid        = "bank-invalid"         // malformed account or country
	CodeIBANChecksum       = "iban-checksum"        // mod-97 check failed
	CodeIBANLength         = "iban-length"          // wrong length for the country
	CodeBankNeedsCountry   = "bank-needs-country"   // plain digits and no region
	CodeWalletInvalid      = "wallet-invalid"       // malformed for its chain
	CodeWalletChecksum     = "wallet-checksum"      // checksum of the address failed
	CodeWalletUnknownChain = "wallet-unknown-chain" // chain not supported or not recognised
)

// Error is a specific, stable reason why a value was refused, so pages can
// show it in the reader's language. Code is one of the Code constants;
// Detail is English for logs and developers, never shown translated.
type Error struct {
	Kind   Kind
	Code   string
	Detail string
}

func (e *Error) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("ident: %s: %s", e.Kind, e.Code)
	}
	return fmt.Sprintf("ident: %s: %s: %s", e.Kind, e.Code, e.Detail)
}

// Is lets errors.Is match on the code alone (&Error{Code: CodeIBANChecksum}),
// or on kind and code when the target sets a kind.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return t.Code == e.Code && (t.Kind == "" || t.Kind == e.Kind)
}

func fail(kind Kind, code, detail string) error {
	return &Error{Kind: kind, Code: code, Detail: detail}
}

// Parse validates value of kind and returns its canonical form. region is an
// ISO 3166-1 alpha-2 code (upper case) used for national phone formats and as
// the bank country when the value has none; "" means none.
//
// Every error is an *Error. Parse is idempotent: parsing an ID's Canonical
// again (with any region) yields the same ID.
func Parse(kind Kind, value, region string) (ID, error) {
	if len(value) > MaxLen {
		return ID{}, fail(kind, CodeTooLong, fmt.Sprintf("%d bytes, at most %d", len(value), MaxLen))
	}
	value = strings.TrimSpace(value)
	if value == "" {
		return ID{}, fail(kind, CodeEmpty, "")
	}
	region = strings.ToUpper(strings.TrimSpace(region))
	var (
		canon string
		err   error
	)
	switch kind {
	case Phone:
		canon, err = parsePhone(value, region)
	case URL:
		canon, err = parseURL(value)
	case Email:
		canon, err = parseEmail(value)
	case Bank:
		canon, err = parseBank(value, region)
	case Wallet:
		canon, err = parseWallet(value)
	default:
		return ID{}, fail(kind, CodeUnknownKind, "")
	}
	if err != nil {
		return ID{}, err
	}
	// Escaping and punycode can lengthen a value; a canonical form that
	// would itself be refused would break idempotence.
	if len(canon) > MaxLen {
		return ID{}, fail(kind, CodeTooLong, fmt.Sprintf("canonical form has %d bytes, at most %d", len(canon), MaxLen))
	}
	return ID{Kind: kind, Canonical: canon}, nil
}

// Related returns the other IDs a lookup must also try, most specific first.
// Only URLs have any: a page on a listed site is as dangerous as the site.
// For "shop.scam.example/login" they are the host without the path
// ("shop.scam.example") and the registrable domain ("scam.example"), each
// only when it differs from the ID itself.
func Related(id ID) []ID {
	if id.Kind != URL {
		return nil
	}
	return relatedURL(id.Canonical)
}
