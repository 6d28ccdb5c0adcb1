package push

import (
	"context"
	"net"
	"testing"
)

// fakeResolver answers from a map; unknown names do not resolve.
type fakeResolver map[string][]string

func (f fakeResolver) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	ips, ok := f[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []net.IPAddr
	for _, s := range ips {
		out = append(out, net.IPAddr{IP: net.ParseIP(s)})
	}
	return out, nil
}

var resolver = fakeResolver{
	"fcm.googleapis.com":                {"142.250.74.106", "2a00:1450:4001:82b::200a"},
	"updates.push.services.mozilla.com": {"34.117.65.55"},
	"wns2-db5p.notify.windows.com":      {"52.178.17.3"},
	"web.push.apple.com":                {"17.188.166.16"},
	"rebind.fcm.googleapis.com":         {"127.0.0.1"},
	"mixed.fcm.googleapis.com":          {"142.250.74.106", "10.1.2.3"},
	"mapped.fcm.googleapis.com":         {"::ffff:192.168.1.1"},
	"cgnat.fcm.googleapis.com":          {"100.64.0.1"},
	"meta.fcm.googleapis.com":           {"169.254.169.254"},
	"ula.fcm.googleapis.com":            {"fd00::1"},
	"doc.fcm.googleapis.com":            {"192.0.2.10"},
	"nat64.fcm.googleapis.com":          {"64:ff9b::a00:1"},
	"empty.fcm.googleapis.com":          {},
	"localhost":                         {"127.0.0.1", "::1"},
	"fcm.googleapis.com.evil.example":   {"142.250.74.106"},
	"evilfcm.googleapis.com":            {"142.250.74.106"},
	"example.com":                       {"93.184.215.14"},
}

func codeOf(err error) string {
	if e, ok := IsEndpointError(err); ok {
		return e.Code
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

func TestCheck(t *testing.T) {
	strict := &EndpointPolicy{Resolver: resolver}
	local := &EndpointPolicy{Resolver: resolver, AllowLocal: true}
	custom := &EndpointPolicy{Resolver: resolver, AllowedHosts: []string{"*.googleapis.com"}}
	tests := []struct {
		policy   *EndpointPolicy
		endpoint string
		code     string // "" means accepted
	}{
		{strict, "https://fcm.googleapis.com/fcm/send/abc:def", ""},
		{strict, "https://FCM.googleapis.com./fcm/send/abc", ""},
		{strict, "https://fcm.googleapis.com:443/fcm/send/abc", ""},
		{strict, "https://updates.push.services.mozilla.com/wpush/v2/gAAA", ""},
		{strict, "https://wns2-db5p.notify.windows.com/w/?token=x", ""},
		{strict, "https://web.push.apple.com/QGd", ""},
		// scheme, URL shape, userinfo, ports
		{strict, "http://fcm.googleapis.com/fcm/send/abc", CodeScheme},
		{strict, "ftp://fcm.googleapis.com/x", CodeScheme},
		{strict, "fcm.googleapis.com/fcm/send/abc", CodeURL},
		{strict, "https:///path", CodeURL},
		{strict, "mailto:fcm.googleapis.com", CodeURL},
		{strict, "https://fcm.googleapis.com:bad/x", CodeURL},
		{strict, "", CodeURL},
		{strict, "https://user:pw@fcm.googleapis.com/x", CodeUserinfo},
		{strict, "https://fcm.googleapis.com@10.0.0.1/x", CodeUserinfo},
		{strict, "https://fcm.googleapis.com:8443/x", CodePort},
		{strict, "https://fcm.googleapis.com:0443/x", CodePort},
		{strict, "https://fcm.googleapis.com:80/x", CodePort},
		// IP literals: never push services; private ones named as such
		{strict, "https://127.0.0.1/x", CodeAddress},
		{strict, "https://127.1.2.3/x", CodeAddress},
		{strict, "https://10.0.0.1/x", CodeAddress},
		{strict, "https://10.255.255.255/x", CodeAddress},
		{strict, "https://172.16.0.1/x", CodeAddress},
		{strict, "https://192.168.0.1/x", CodeAddress},
		{strict, "https://169.254.169.254/latest/meta-data", CodeAddress},
		{strict, "https://100.64.0.1/x", CodeAddress},
		{strict, "https://0.0.0.0/x", CodeAddress},
		{strict, "https://224.0.0.1/x", CodeAddress},
		{strict, "https://255.255.255.255/x", CodeAddress},
		{strict, "https://203.0.113.5/x", CodeAddress},
		{strict, "https://[::1]/x", CodeAddress},
		{strict, "https://[::]/x", CodeAddress},
		{strict, "https://[fe80::1]/x", CodeAddress},
		{strict, "https://[fe80::1%25eth0]/x", CodeAddress},
		{strict, "https://[fd12:3456::1]/x", CodeAddress},
		{strict, "https://[ff02::1]/x", CodeAddress},
		{strict, "https://[2001:db8::1]/x", CodeAddress},
		{strict, "https://[::ffff:127.0.0.1]/x", CodeAddress},
		{strict, "https://[::ffff:10.0.0.1]/x", CodeAddress},
		{strict, "https://[::ffff:169.254.169.254]/x", CodeAddress},
		{strict, "https://[::127.0.0.1]/x", CodeAddress},
		{strict, "https://[64:ff9b::7f00:1]/x", CodeAddress},
		{strict, "https://142.250.74.106/x", CodeHost},
		{strict, "https://[2a00:1450:4001:82b::200a]/x", CodeHost},
		{strict, "https://2130706433/x", CodeHost}, // decimal 127.0.0.1 is a name, not on the list
		{strict, "https://0x7f.1/x", CodeHost},
		// allow-list
		{strict, "https://example.com/x", CodeHost},
		{strict, "https://fcm.googleapis.com.evil.example/x", CodeHost},
		{strict, "https://evilfcm.googleapis.com/x", CodeHost},
		{strict, "https://googleapis.com/x", CodeHost},
		{strict, "https://localhost/x", CodeHost},
		{strict, "https://unknown.fcm.googleapis.com/x", CodeResolve},
		{strict, "https://empty.fcm.googleapis.com/x", CodeResolve},
		// allowed names resolving to internal addresses
		{strict, "https://rebind.fcm.googleapis.com/x", CodeAddress},
		{strict, "https://mixed.fcm.googleapis.com/x", CodeAddress},
		{strict, "https://mapped.fcm.googleapis.com/x", CodeAddress},
		{strict, "https://cgnat.fcm.googleapis.com/x", CodeAddress},
		{strict, "https://meta.fcm.googleapis.com/x", CodeAddress},
		{strict, "https://ula.fcm.googleapis.com/x", CodeAddress},
		{strict, "https://doc.fcm.googleapis.com/x", CodeAddress},
		{strict, "https://nat64.fcm.googleapis.com/x", CodeAddress},
		// configured allow-list replaces the default
		{custom, "https://fcm.googleapis.com/x", ""},
		{custom, "https://web.push.apple.com/x", CodeHost},
		// AllowLocal: loopback on any port, http or https; nothing else private
		{local, "http://127.0.0.1:8089/push/abc", ""},
		{local, "https://127.0.0.1:8443/push/abc", ""},
		{local, "http://localhost:8089/push/abc", ""},
		{local, "http://[::1]:8089/push/abc", ""},
		{local, "http://10.0.0.1:8089/push/abc", CodeScheme},
		{local, "https://10.0.0.1/push/abc", CodeAddress},
		{local, "https://192.168.1.1/push/abc", CodeAddress},
		{local, "http://fcm.googleapis.com/x", CodeScheme},
		{local, "https://fcm.googleapis.com:8443/x", CodePort},
		{local, "https://rebind.fcm.googleapis.com/x", CodeAddress},
		{local, "https://fcm.googleapis.com/x", ""},
		{local, "http://user@127.0.0.1:8089/x", CodeUserinfo},
	}
	for _, tt := range tests {
		name := tt.endpoint
		if tt.policy.AllowLocal {
			name = "local " + name
		}
		t.Run(name, func(t *testing.T) {
			err := tt.policy.Check(context.Background(), tt.endpoint)
			if got := codeOf(err); got != tt.code {
				t.Fatalf("Check(%q) = %v (code %q), want code %q", tt.endpoint, err, got, tt.code)
			}
		})
	}
}

func TestLocalhostMustResolveToLoopback(t *testing.T) {
	p := &EndpointPolicy{AllowLocal: true, Resolver: fakeResolver{"localhost": {"10.0.0.5"}}}
	if got := codeOf(p.Check(context.Background(), "http://localhost:8089/x")); got != CodeAddress {
		t.Fatalf("code %q, want %q", got, CodeAddress)
	}
}

func TestDialRefusesPrivateAtConnectTime(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		policy *EndpointPolicy
		addr   string
	}{
		{"private IPv4", &EndpointPolicy{}, "10.0.0.1:443"},
		{"metadata", &EndpointPolicy{}, "169.254.169.254:80"},
		{"loopback", &EndpointPolicy{}, "127.0.0.1:443"},
		{"mapped loopback", &EndpointPolicy{}, "[::ffff:127.0.0.1]:443"},
		{"name resolving to loopback", &EndpointPolicy{}, "localhost:443"},
		{"private with AllowLocal", &EndpointPolicy{AllowLocal: true}, "10.0.0.1:443"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.policy.DialContext(ctx, "tcp", tt.addr)
			if err == nil {
				c.Close()
				t.Fatal("dial succeeded")
			}
			if got := codeOf(err); got != CodeAddress {
				t.Fatalf("err %v, want code %q", err, CodeAddress)
			}
		})
	}
}
