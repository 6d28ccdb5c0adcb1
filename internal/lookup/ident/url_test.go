package ident

import (
	"reflect"
	"testing"
)

func TestURL(t *testing.T) {
	runTable(t, URL, []tc{
		// Scheme optional; http and https only.
		{in: "scam.example", want: "scam.example"},
		{in: "http://scam.example", want: "scam.example"},
		{in: "HTTPS://scam.example/", want: "scam.example"},
		{in: "//scam.example/x", want: "scam.example/x"},
		// Host case, www, trailing dot, port, userinfo, query, fragment.
		{in: "https://Shop.SCAM.Example/Login", want: "shop.scam.example/Login"},
		{in: "www.scam.example", want: "scam.example"},
		{in: "http://www.www.scam.example", want: "scam.example"},
		{in: "www2.scam.example", want: "www2.scam.example"},
		{in: "shop.www.scam.example", want: "shop.www.scam.example"}, // only a leading www
		{in: "www.example", want: "www.example"},                     // nothing left to strip to
		{in: "www.co.uk", want: "www.co.uk"},
		{in: "scam.example.", want: "scam.example"},
		{in: "scam.example:8080/pay", want: "scam.example/pay"},
		{in: "https://user:pw@scam.example:443/a?b=c#d", want: "scam.example/a"},
		{in: "https://bank.example@scam.example/login", want: "scam.example/login"},
		{in: `http://bank.example\@scam.example/`, want: "bank.example/@scam.example"}, // as browsers read it
		{in: "scam.example/login?session=123#top", want: "scam.example/login"},
		// IDN.
		{in: "https://www.bücher.example/Path?q=1#f", want: "xn--bcher-kva.example/Path"},
		{in: "BÜCHER.example", want: "xn--bcher-kva.example"},
		{in: "xn--bcher-kva.example", want: "xn--bcher-kva.example"},
		{in: "пример.рф/вход", want: "xn--e1afmkfd.xn--p1ai/%D0%B2%D1%85%D0%BE%D0%B4"},
		{in: "ตัวอย่าง.ไทย", want: "xn--72c1a1bt4awk9o.xn--o3cw4h"},
		{in: "scam。example", want: "scam.example"}, // ideographic full stop
		// Path: trailing slashes, percent-encoding, case kept.
		{in: "scam.example/a/b/", want: "scam.example/a/b"},
		{in: "scam.example/a//", want: "scam.example/a"},
		{in: "scam.example/%7euser/%41", want: "scam.example/~user/A"},
		{in: "scam.example/a%2fb", want: "scam.example/a%2Fb"},
		{in: "scam.example/a b", want: "scam.example/a%20b"},
		{in: "scam.example/ä", want: "scam.example/%C3%A4"},
		{in: "scam.example/%c3%a4", want: "scam.example/%C3%A4"},
		{in: "scam.example/index.html", want: "scam.example/index.html"},
		// Real TLDs.
		{in: "login-bank.co.th", want: "login-bank.co.th"},
		{in: "a.b.blogspot.com/x", want: "a.b.blogspot.com/x"},

		{in: "ftp://scam.example", code: CodeURLInvalid},
		{in: "javascript:alert(1)", code: CodeURLInvalid},
		{in: "mailto:a@scam.example", code: CodeURLInvalid},
		{in: "data:text/html,hi", code: CodeURLInvalid},
		{in: "http://", code: CodeURLInvalid},
		{in: "http:///path", code: CodeURLInvalid},
		{in: "scam.example:port", code: CodeURLInvalid},
		{in: "http://exa mple.com", code: CodeURLInvalid},
		{in: "exa_mple.com", code: CodeURLInvalid},
		{in: "-scam.example", code: CodeURLInvalid},
		{in: "scam..example", code: CodeURLInvalid},
		{in: "http://127.0.0.1/x", code: CodeURLNotPublic},
		{in: "192.168.1.1:8080", code: CodeURLNotPublic},
		{in: "http://[::1]/", code: CodeURLNotPublic},
		{in: "http://[2001:db8::1]:80/", code: CodeURLNotPublic},
		{in: "http://0x7f.0.0.1/", code: CodeURLNotPublic},
		{in: "http://127.1/", code: CodeURLNotPublic},
		{in: "１２７.０.０.１", code: CodeURLNotPublic},
		{in: "localhost:8080", code: CodeURLNotPublic},
		{in: "admin.localhost", code: CodeURLNotPublic},
		{in: "intranet", code: CodeURLNotPublic},
		{in: "scam.zzzz", code: CodeURLNotPublic},
		{in: "scam.test", code: CodeURLNotPublic},
		{in: "scam.local", code: CodeURLNotPublic},
		{in: "co.uk", code: CodeURLNotPublic},
	})
}

func TestURLRelated(t *testing.T) {
	ids := func(cs ...string) []ID {
		var out []ID
		for _, c := range cs {
			out = append(out, ID{URL, c})
		}
		return out
	}
	for _, c := range []struct {
		in   string
		want []ID
	}{
		{"https://shop.scam.example/login", ids("shop.scam.example", "scam.example")},
		{"shop.scam.example", ids("scam.example")},
		{"scam.example/login", ids("scam.example")},
		{"scam.example", nil},
		{"https://www.bücher.example/Path", ids("xn--bcher-kva.example")},
		{"a.b.login-bank.co.th/x", ids("a.b.login-bank.co.th", "login-bank.co.th")},
		// A private suffix is a suffix: one user's page is not the platform.
		{"user.github.io/phish", ids("user.github.io")},
		{"www.example", nil},
	} {
		id, err := Parse(URL, c.in, "")
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.in, err)
		}
		if got := Related(id); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Related(%q) = %v, want %v", id.Canonical, got, c.want)
		}
	}
}
