package config

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func parse(args []string, env map[string]string) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Bind(fs, Addr, Store, BaseURL, Demo, RedisPrefix, LogLevel, LookupLimit, ReportLimit, ReportThreshold, TrustedProxies)
	err := c.Parse(fs, args, func(k string) string { return env[k] })
	return c, err
}

func TestEnvironmentTwins(t *testing.T) {
	c, err := parse([]string{"--addr", "127.0.0.1:9000"}, map[string]string{
		"BEACON_ADDR": "127.0.0.1:7000", "BEACON_STORE": "redis://127.0.0.1:6379/2", "BEACON_DEMO": "true",
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" {
		t.Errorf("a flag on the command line must beat its environment twin: %s", c.Addr)
	}
	if c.Store != "redis://127.0.0.1:6379/2" || !c.Demo {
		t.Errorf("environment twins not applied: %+v", c)
	}
	if c.BaseURL != "http://127.0.0.1:9000" {
		t.Errorf("default base URL: %s", c.BaseURL)
	}
}

func TestDefaults(t *testing.T) {
	c, err := parse(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.Store != "sqlite:./data/beacon.db" || c.RedisPrefix != "beacon:" || c.LogLevel != "info" {
		t.Errorf("defaults: %+v", c)
	}
	c, _ = parse([]string{"--addr", ":8080", "--base-url", "https://beacon.example.org/"}, nil)
	if c.BaseURL != "https://beacon.example.org" {
		t.Errorf("trailing slash not trimmed: %s", c.BaseURL)
	}
}

func TestInvalidSettingsAreNamed(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--addr", "localhost"}, nil, "--addr (BEACON_ADDR)"},
		{[]string{"--store", "mysql://x"}, nil, "--store (BEACON_STORE)"},
		{[]string{"--store", "redis://"}, nil, "--store (BEACON_STORE)"},
		{[]string{"--base-url", "ftp://x"}, nil, "--base-url (BEACON_BASE_URL)"},
		{[]string{"--base-url", "https://x/?q=1"}, nil, "--base-url (BEACON_BASE_URL)"},
		{[]string{"--redis-prefix", "a b"}, nil, "--redis-prefix (BEACON_REDIS_PREFIX)"},
		{[]string{"--log-level", "trace"}, nil, "--log-level (BEACON_LOG_LEVEL)"},
		{nil, map[string]string{"BEACON_DEMO": "yes please"}, "BEACON_DEMO"},
		{nil, map[string]string{"BEACON_ADDR": "nowhere"}, "--addr (BEACON_ADDR)"},
	}
	for _, tc := range tests {
		_, err := parse(tc.args, tc.env)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v %v: error %v, want one naming %s", tc.args, tc.env, err, tc.want)
		}
	}
}

func TestLookupSettings(t *testing.T) {
	c, err := parse([]string{"--lookup-limit", "0", "--trusted-proxies", "10.0.0.0/8, 127.0.0.1"}, map[string]string{"BEACON_REPORT_THRESHOLD": "5"})
	if err != nil {
		t.Fatal(err)
	}
	if c.LookupLimit != 0 || c.ReportLimit != 5 || c.ReportThreshold != 5 || len(c.TrustedProxies) != 2 {
		t.Errorf("lookup settings: %+v", c)
	}
	for _, args := range [][]string{{"--lookup-limit", "-1"}, {"--report-threshold", "0"}, {"--trusted-proxies", "proxy.example"}} {
		if _, err := parse(args, nil); err == nil || !strings.Contains(err.Error(), args[0]) {
			t.Errorf("%v: error %v, want one naming %s", args, err, args[0])
		}
	}
}

func TestPushSettings(t *testing.T) {
	parsePush := func(args []string, env map[string]string) (Config, error) {
		var c Config
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.Bind(fs, Addr, BaseURL, PushSubject, PushAllowLocal, PushHosts, PushLimit, PushLease)
		err := c.Parse(fs, args, func(k string) string { return env[k] })
		return c, err
	}
	c, err := parsePush([]string{"--base-url", "https://beacon.example.org"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.PushSubject != "mailto:beacon@beacon.example.org" || c.PushAllowLocal || c.PushLimit != 10 || len(c.PushHosts) != 4 {
		t.Errorf("push defaults: %+v", c)
	}
	c, err = parsePush(nil, map[string]string{"BEACON_PUSH_ALLOW_LOCAL": "true", "BEACON_PUSH_HOSTS": "*.push.example.net, fcm.googleapis.com",
		"BEACON_PUSH_SUBJECT": "https://beacon.example.org/contact"})
	if err != nil {
		t.Fatal(err)
	}
	if !c.PushAllowLocal || len(c.PushHosts) != 2 || c.PushHosts[0] != "push.example.net" || c.PushSubject != "https://beacon.example.org/contact" {
		t.Errorf("push settings from the environment: %+v", c)
	}
	for _, args := range [][]string{{"--push-hosts", "https://fcm.googleapis.com/"}, {"--push-limit", "-3"}, {"--push-subject", "beacon@example.org"}, {"--push-lease", "10ms"}} {
		if _, err := parsePush(args, nil); err == nil || !strings.Contains(err.Error(), args[0]) {
			t.Errorf("%v: error %v, want one naming %s", args, err, args[0])
		}
	}
}
