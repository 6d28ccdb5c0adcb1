package push

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Stable codes of EndpointError; the API returns them to clients.
const (
	CodeURL      = "endpoint-url"      // not an absolute URL
	CodeScheme   = "endpoint-scheme"   // not https
	CodeUserinfo = "endpoint-userinfo" // user:password@ in the URL
	CodePort     = "endpoint-port"     // a port other than 443
	CodeHost     = "endpoint-host"     // host not on the allow-list
	CodeResolve  = "endpoint-resolve"  // the host does not resolve
	CodeAddress  = "endpoint-address"  // an address that is not public
)

// EndpointError says why a push endpoint is refused.
type EndpointError struct {
	Code   string
	Detail string
}

func (e *EndpointError) Error() string { return e.Code + ": " + e.Detail }

func refuse(code, detail string) error { return &EndpointError{Code: code, Detail: detail} }

// DefaultAllowedHosts are the browsers' push services. Each entry admits the
// host itself and its subdomains (on a dot boundary).
var DefaultAllowedHosts = []string{
	"fcm.googleapis.com",                // Chrome, Edge on Android, Opera …
	"updates.push.services.mozilla.com", // Firefox
	"notify.windows.com",                // *.notify.windows.com, legacy Edge
	"push.apple.com",                    // web.push.apple.com, Safari
}

// Resolver looks host names up; *net.Resolver is one.
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// EndpointPolicy decides which push endpoints Beacon will send to, so that a
// subscription cannot make the server reach an internal address (SSRF).
type EndpointPolicy struct {
	// AllowedHosts are host suffixes ("fcm.googleapis.com" admits it and
	// "x.fcm.googleapis.com"; a leading "*." is allowed). Empty means
	// DefaultAllowedHosts.
	AllowedHosts []string
	// AllowLocal (--push-allow-local) also admits http or https endpoints on
	// localhost or a loopback address, any port: for tests and demos only.
	AllowLocal bool
	// Resolver resolves endpoint hosts in Check; nil means net.DefaultResolver.
	Resolver Resolver
}

// Check refuses an endpoint unless it is https on port 443, has no userinfo,
// its host is on the allow-list, and every address the host resolves to is
// public. The addresses are checked again when connecting (DialContext).
func (p *EndpointPolicy) Check(ctx context.Context, endpoint string) error {
	if p == nil {
		p = &EndpointPolicy{}
	}
	u, err := url.Parse(endpoint)
	if err != nil || !u.IsAbs() || u.Opaque != "" || u.Host == "" {
		return refuse(CodeURL, "must be an absolute https URL")
	}
	if u.User != nil {
		return refuse(CodeUserinfo, "must not contain user information")
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	local := p.AllowLocal && isLocalHost(host)
	if u.Scheme != "https" && !(local && u.Scheme == "http") {
		return refuse(CodeScheme, "must use https (got "+u.Scheme+")")
	}
	if port := u.Port(); port != "" && port != "443" && !local {
		return refuse(CodePort, "must use the default port 443 (got "+port+")")
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if err := checkAddr(ip, local); err != nil {
			return err
		}
		if !local {
			return refuse(CodeHost, "an IP address is not a push service")
		}
		return nil
	}
	if !local && !p.hostAllowed(host) {
		return refuse(CodeHost, host+" is not an allowed push service")
	}
	var r Resolver = net.DefaultResolver
	if p.Resolver != nil {
		r = p.Resolver
	}
	addrs, err := r.LookupIPAddr(ctx, host)
	if err != nil || len(addrs) == 0 {
		return refuse(CodeResolve, host+" does not resolve")
	}
	for _, a := range addrs {
		ip, ok := netip.AddrFromSlice(a.IP)
		if !ok {
			return refuse(CodeAddress, host+" resolves to an invalid address")
		}
		if err := checkAddr(ip.WithZone(a.Zone), local); err != nil {
			return err
		}
	}
	return nil
}

func (p *EndpointPolicy) hostAllowed(host string) bool {
	allowed := p.AllowedHosts
	if len(allowed) == 0 {
		allowed = DefaultAllowedHosts
	}
	for _, a := range allowed {
		a = strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(a), "*"), ".")
		if a != "" && (host == a || strings.HasSuffix(host, "."+a)) {
			return true
		}
	}
	return false
}

// isLocalHost reports whether host is localhost or a loopback IP literal.
func isLocalHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// checkAddr admits only loopback in local mode and only public addresses otherwise.
func checkAddr(ip netip.Addr, local bool) error {
	if local {
		if ip.Zone() == "" && ip.Unmap().IsLoopback() {
			return nil
		}
		return refuse(CodeAddress, ip.String()+" is not a loopback address")
	}
	if !isPublic(ip) {
		return refuse(CodeAddress, ip.String()+" is not a public address")
	}
	return nil
}

// notPublic are special-purpose ranges that netip's predicates do not cover.
var notPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // CGNAT shared space
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // TEST-NET-1
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // TEST-NET-2
	netip.MustParsePrefix("203.0.113.0/24"),  // TEST-NET-3
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("2001::/23"),       // IETF assignments: Teredo, benchmarking, ORCHID
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("2002::/16"),       // 6to4, embeds an IPv4 address
	netip.MustParsePrefix("3fff::/20"),       // documentation (RFC 9637)
}

var globalUnicast6 = netip.MustParsePrefix("2000::/3")

// isPublic reports whether ip is a globally routable unicast address.
// IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry; other
// IPv6 must be global unicast (2000::/3), which leaves out ::/96, NAT64,
// unique-local, link- and site-local and multicast.
func isPublic(ip netip.Addr) bool {
	if ip.Zone() != "" {
		return false
	}
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsUnspecified() || ip.IsLoopback() || ip.IsPrivate() ||
		ip.IsLinkLocalUnicast() || ip.IsMulticast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() {
		return false
	}
	if ip.Is6() && !globalUnicast6.Contains(ip) {
		return false
	}
	for _, p := range notPublic {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// DialContext connects like net.Dialer.DialContext with a 5 s timeout, but
// checks the address actually dialled, after DNS resolution, so a name that
// passed Check and then re-resolves to an internal address (DNS rebinding)
// is refused at connect time. Loopback is admitted only with AllowLocal and
// only when addr names localhost or a loopback address.
func (p *EndpointPolicy) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	local := p != nil && p.AllowLocal && isLocalHost(strings.TrimSuffix(strings.ToLower(host), "."))
	d := net.Dialer{Timeout: 5 * time.Second, Control: controlFunc(local)}
	return d.DialContext(ctx, network, addr)
}

// controlFunc returns a net.Dialer.Control that refuses non-TCP networks and
// addresses checkAddr refuses; it runs before each connection attempt.
func controlFunc(local bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		if network != "tcp4" && network != "tcp6" {
			return refuse(CodeAddress, "network "+network+" is not allowed")
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return refuse(CodeAddress, "cannot parse "+address)
		}
		return checkAddr(ap.Addr(), local)
	}
}

// IsEndpointError reports whether err is, or wraps, an *EndpointError, and returns it.
func IsEndpointError(err error) (*EndpointError, bool) {
	var e *EndpointError
	ok := errors.As(err, &e)
	return e, ok
}
