// Package config reads Beacon's settings from flags and their BEACON_*
// environment twins (a flag given on the command line wins), and checks them
// so that a bad setting stops start-up with a message naming it.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/antifraud-alliance/beacon/internal/push"
)

// Config holds every setting. Each command binds the ones it uses.
type Config struct {
	Addr            string
	Store           string
	BaseURL         string
	Demo            bool
	RedisPrefix     string
	LogLevel        string
	LookupLimit     int
	ReportLimit     int
	ReportThreshold int
	TrustedProxies  []string
	trustedProxies  string
	PushSubject     string
	PushAllowLocal  bool
	PushHosts       []string
	pushHosts       string
	PushLimit       int
	PushLease       time.Duration
}

// Setting names a flag; its environment twin is BEACON_ + upper-cased name with _ for -.
type Setting string

// The settings.
const (
	Addr            Setting = "addr"
	Store           Setting = "store"
	BaseURL         Setting = "base-url"
	Demo            Setting = "demo"
	RedisPrefix     Setting = "redis-prefix"
	LogLevel        Setting = "log-level"
	LookupLimit     Setting = "lookup-limit"
	ReportLimit     Setting = "report-limit"
	ReportThreshold Setting = "report-threshold"
	TrustedProxies  Setting = "trusted-proxies"
	PushSubject     Setting = "push-subject"
	PushAllowLocal  Setting = "push-allow-local"
	PushHosts       Setting = "push-hosts"
	PushLimit       Setting = "push-limit"
	PushLease       Setting = "push-lease"
)

// Env returns the environment variable of a setting.
func (s Setting) Env() string {
	return "BEACON_" + strings.ToUpper(strings.ReplaceAll(string(s), "-", "_"))
}

// Bind registers the named settings on fs with their defaults.
func (c *Config) Bind(fs *flag.FlagSet, settings ...Setting) {
	for _, s := range settings {
		help := func(text string) string { return text + " (env " + s.Env() + ")" }
		switch s {
		case Addr:
			fs.StringVar(&c.Addr, string(s), "127.0.0.1:8080", help("address to listen on, host:port"))
		case Store:
			fs.StringVar(&c.Store, string(s), "sqlite:./data/beacon.db", help("storage: sqlite:PATH or redis://HOST:PORT/DB"))
		case BaseURL:
			fs.StringVar(&c.BaseURL, string(s), "", help("public origin used in links, e.g. https://beacon.example.org (default http://ADDR)"))
		case Demo:
			fs.BoolVar(&c.Demo, string(s), false, help("fill an empty store with clearly marked demo content"))
		case RedisPrefix:
			fs.StringVar(&c.RedisPrefix, string(s), "beacon:", help("prefix of every Redis key"))
		case LogLevel:
			fs.StringVar(&c.LogLevel, string(s), "info", help("log level: debug, info, warn or error"))
		case LookupLimit:
			fs.IntVar(&c.LookupLimit, string(s), 60, help("checks per minute per client (0: no limit, for benchmarks)"))
		case ReportLimit:
			fs.IntVar(&c.ReportLimit, string(s), 5, help("citizen reports per minute per client (0: no limit)"))
		case ReportThreshold:
			fs.IntVar(&c.ReportThreshold, string(s), 3, help("accepted citizen reports that make an identifier suspicious"))
		case TrustedProxies:
			fs.StringVar(&c.trustedProxies, string(s), "", help("comma-separated IPs or CIDRs of proxies whose X-Forwarded-For is believed"))
		case PushSubject:
			fs.StringVar(&c.PushSubject, string(s), "", help("contact for push services in the VAPID token: mailto:address or https URL (default mailto:beacon@HOST of --base-url)"))
		case PushAllowLocal:
			fs.BoolVar(&c.PushAllowLocal, string(s), false, help("also send to push endpoints on localhost or 127.0.0.1, over http too: for tests and demos only"))
		case PushHosts:
			fs.StringVar(&c.pushHosts, string(s), strings.Join(push.DefaultAllowedHosts, ","), help("comma-separated push services (host suffixes) that subscriptions may point at"))
		case PushLimit:
			fs.IntVar(&c.PushLimit, string(s), 10, help("push subscription changes per minute per client (0: no limit)"))
		case PushLease:
			fs.DurationVar(&c.PushLease, string(s), time.Minute, help("how long a push task stays with a node that stopped reporting progress before another node takes it over; the same on every node"))
		default:
			panic("config: unknown setting " + s)
		}
	}
}

// Parse parses args, then fills every flag not given on the command line from
// its environment twin, then validates.
func (c *Config) Parse(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		env := Setting(f.Name).Env()
		if v := getenv(env); v != "" && !given[f.Name] {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("invalid %s=%q: %v", env, v, err))
			}
		}
	})
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	return c.validate(fs)
}

func (c *Config) validate(fs *flag.FlagSet) error {
	var errs []error
	bad := func(s Setting, v string, format string, args ...any) {
		errs = append(errs, fmt.Errorf("invalid --%s (%s) %q: %s", s, s.Env(), v, fmt.Sprintf(format, args...)))
	}
	bound := func(s Setting) bool { return fs.Lookup(string(s)) != nil }
	if bound(Addr) {
		if host, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
			bad(Addr, c.Addr, "want host:port, e.g. 127.0.0.1:8080")
		} else if c.BaseURL == "" && bound(BaseURL) {
			if host == "" || host == "0.0.0.0" || host == "::" {
				host = "localhost"
			}
			c.BaseURL = "http://" + net.JoinHostPort(host, port)
		}
	}
	if bound(Store) {
		if err := checkStore(c.Store); err != nil {
			bad(Store, c.Store, "%v", err)
		}
	}
	if bound(BaseURL) {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			bad(BaseURL, c.BaseURL, "want an absolute http(s) URL without query, e.g. https://beacon.example.org")
		}
		c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	}
	if bound(RedisPrefix) && (c.RedisPrefix == "" || len(c.RedisPrefix) > 64 || strings.ContainsAny(c.RedisPrefix, " *?[]\\\t\n")) {
		bad(RedisPrefix, c.RedisPrefix, "want 1 to 64 characters without spaces or glob characters, e.g. beacon:")
	}
	if bound(LookupLimit) && (c.LookupLimit < 0 || c.LookupLimit > 100000) {
		bad(LookupLimit, fmt.Sprint(c.LookupLimit), "want 0 (no limit) to 100000 per minute")
	}
	if bound(ReportLimit) && (c.ReportLimit < 0 || c.ReportLimit > 100000) {
		bad(ReportLimit, fmt.Sprint(c.ReportLimit), "want 0 (no limit) to 100000 per minute")
	}
	if bound(ReportThreshold) && (c.ReportThreshold < 1 || c.ReportThreshold > 1000) {
		bad(ReportThreshold, fmt.Sprint(c.ReportThreshold), "want 1 to 1000 accepted reports")
	}
	if bound(TrustedProxies) && c.trustedProxies != "" {
		for _, p := range strings.Split(c.trustedProxies, ",") {
			p = strings.TrimSpace(p)
			if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
				bad(TrustedProxies, p, "want IP addresses or CIDR ranges, e.g. 10.0.0.0/8,127.0.0.1")
				continue
			}
			c.TrustedProxies = append(c.TrustedProxies, p)
		}
	}
	if bound(PushSubject) {
		if c.PushSubject == "" && c.BaseURL != "" {
			if u, err := url.Parse(c.BaseURL); err == nil && u.Hostname() != "" {
				c.PushSubject = "mailto:beacon@" + u.Hostname()
			}
		}
		if err := push.ValidateSubject(c.PushSubject); err != nil {
			bad(PushSubject, c.PushSubject, "%v", err)
		}
	}
	if bound(PushHosts) {
		c.PushHosts = nil
		for _, h := range strings.Split(c.pushHosts, ",") {
			h = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "*."))
			if h == "" || strings.ContainsAny(h, "/:@ ") || !strings.Contains(h, ".") {
				bad(PushHosts, h, "want host names such as fcm.googleapis.com, separated by commas")
				continue
			}
			c.PushHosts = append(c.PushHosts, h)
		}
	}
	if bound(PushLimit) && (c.PushLimit < 0 || c.PushLimit > 100000) {
		bad(PushLimit, fmt.Sprint(c.PushLimit), "want 0 (no limit) to 100000 per minute")
	}
	if bound(PushLease) && (c.PushLease < time.Second || c.PushLease > time.Hour) {
		bad(PushLease, c.PushLease.String(), "want 1s to 1h")
	}
	if bound(LogLevel) {
		switch c.LogLevel {
		case "debug", "info", "warn", "error":
		default:
			bad(LogLevel, c.LogLevel, "want debug, info, warn or error")
		}
	}
	return errors.Join(errs...)
}

func checkStore(s string) error {
	if path, ok := strings.CutPrefix(s, "sqlite:"); ok {
		if strings.TrimSpace(path) == "" {
			return errors.New("sqlite: needs a file path, e.g. sqlite:./data/beacon.db")
		}
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
		return errors.New("want sqlite:PATH or redis://HOST:PORT/DB")
	}
	return nil
}
