package ident

import (
	"strings"
	"testing"
)

func TestEmail(t *testing.T) {
	runTable(t, Email, []tc{
		{in: "support@scam.example", want: "support@scam.example"},
		{in: "  Bob.Smith@Example.COM ", want: "bob.smith@example.com"},
		{in: "Support.Desk+th@Scam.Example", want: "support.desk+th@scam.example"}, // tags kept
		{in: "mailto:x@scam.example?subject=hi", want: "x@scam.example"},
		{in: "MAILTO:X@SCAM.EXAMPLE", want: "x@scam.example"},
		{in: "a@bücher.example", want: "a@xn--bcher-kva.example"},
		{in: "info@пример.рф", want: "info@xn--e1afmkfd.xn--p1ai"},
		{in: "a@scam.example.", want: "a@scam.example"},
		{in: "o'brien@scam.co.uk", want: "o'brien@scam.co.uk"},
		{in: "a_b-c.d@mail.scam.example", want: "a_b-c.d@mail.scam.example"},

		{in: "plainaddress", code: CodeEmailInvalid},
		{in: "@scam.example", code: CodeEmailInvalid},
		{in: "a@", code: CodeEmailInvalid},
		{in: "a@b@scam.example", code: CodeEmailInvalid},
		{in: "Bob <bob@scam.example>", code: CodeEmailInvalid},
		{in: "<bob@scam.example>", code: CodeEmailInvalid},
		{in: `"a b"@scam.example`, code: CodeEmailInvalid},
		{in: "bob(comment)@scam.example", code: CodeEmailInvalid},
		{in: "a..b@scam.example", code: CodeEmailInvalid},
		{in: ".a@scam.example", code: CodeEmailInvalid},
		{in: "a.@scam.example", code: CodeEmailInvalid},
		{in: "a b@scam.example", code: CodeEmailInvalid},
		{in: strings.Repeat("a", 65) + "@scam.example", code: CodeEmailInvalid},
		{in: "a@localhost", code: CodeEmailInvalid},
		{in: "a@[127.0.0.1]", code: CodeEmailInvalid},
		{in: "a@127.0.0.1", code: CodeEmailInvalid},
		{in: "a@intranet", code: CodeEmailInvalid},
		{in: "a@scam.zzzz", code: CodeEmailInvalid},
		{in: "a@exa_mple.com", code: CodeEmailInvalid},
	})
}
