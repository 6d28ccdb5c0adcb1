package ident

import (
	"net/mail"
	"strings"
)

// parseEmail returns a plain address, "local@domain", lower-cased, with the
// domain in punycode.
//
// The whole address is lower-cased. RFC 5321 lets the local part be case
// sensitive, but no mainstream provider treats it so, and a scammer's
// "Support.Desk@" and "support.desk@" are the same mailbox in practice; one
// canonical form matters more here than that theoretical distinction.
// Provider-specific rules (Gmail dots, "+tags") are deliberately not applied:
// they are not universal and would merge distinct mailboxes elsewhere.
//
// Display names, comments, group syntax and angle brackets are refused: the
// value must be the address alone. The domain must be public as for URLs.
func parseEmail(value string) (string, error) {
	s := value
	if len(s) >= 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
		if i := strings.IndexByte(s, '?'); i >= 0 {
			s = s[:i] // mailto:a@b.example?subject=…
		}
	}
	s = strings.ToLower(s)
	if strings.Count(s, "@") != 1 {
		return "", fail(Email, CodeEmailInvalid, "an address has exactly one @")
	}
	local, domain, _ := strings.Cut(s, "@")
	if local == "" || len(local) > 64 {
		return "", fail(Email, CodeEmailInvalid, "bad local part")
	}
	if strings.ContainsAny(local, " \t\r\n<>()[],;:\\\"") {
		return "", fail(Email, CodeEmailInvalid, "only plain addresses, no display names or quoting")
	}
	host, err := publicHost(Email, domain)
	if err != nil {
		return "", err
	}
	addr := local + "@" + host
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Name != "" || a.Address != addr {
		return "", fail(Email, CodeEmailInvalid, "not a valid address")
	}
	if len(addr) > 254 {
		return "", fail(Email, CodeEmailInvalid, "address too long")
	}
	return addr, nil
}
