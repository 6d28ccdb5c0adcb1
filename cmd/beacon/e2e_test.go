package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	binDir    string
)

// binary builds cmd/beacon once per test run.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "beacon-e2e")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "beacon")
		out, err := exec.Command("go", "build", "-race", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// storeArgs gives each backend's --store (and prefix) for one test.
func storeArgs(t *testing.T, kind string) []string {
	if kind == "sqlite" {
		return []string{"--store", "sqlite:" + filepath.Join(t.TempDir(), "beacon.db")}
	}
	storetest.RequireRedis(t)
	prefix := storetest.NewPrefix()
	t.Cleanup(func() { storetest.DeletePrefix(t, prefix) })
	return []string{"--store", storetest.RedisURL(), "--redis-prefix", prefix}
}

type server struct {
	cmd  *exec.Cmd
	addr string
	logs *bytes.Buffer
}

func start(t *testing.T, store []string, addr string) *server {
	t.Helper()
	s := &server{addr: addr, logs: &bytes.Buffer{}}
	s.cmd = exec.Command(binary(t), append([]string{"serve", "--addr", addr, "--log-level", "warn"}, store...)...)
	s.cmd.Env = cleanEnv()
	s.cmd.Stderr = s.logs
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.cmd.Process.Kill(); s.cmd.Wait() })
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s
			}
		}
	}
	t.Fatalf("server did not become ready; logs:\n%s", s.logs)
	return nil
}

func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BEACON_") {
			env = append(env, kv)
		}
	}
	return env
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func createToken(t *testing.T, store []string) string {
	t.Helper()
	return createTokenAs(t, store, "Ana", "author")
}

func createTokenAs(t *testing.T, store []string, name, role string) string {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"token", "create", "--name", name, "--role", role, "--agency", "TH"}, store...)...)
	cmd.Env = cleanEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("token create: %v\n%s", err, stderr.String())
	}
	tok := stdout.String()
	if !strings.HasPrefix(tok, "bcn_") || strings.Count(tok, "\n") != 1 || strings.Contains(strings.TrimSpace(tok), " ") {
		t.Fatalf("token create must print the token alone on stdout, got %q", tok)
	}
	return strings.TrimSpace(tok)
}

// TestAcknowledgedWriteSurvivesSIGKILL: a 201 is durable even if the process dies at once.
func TestAcknowledgedWriteSurvivesSIGKILL(t *testing.T) {
	for _, kind := range []string{"sqlite", "redis"} {
		t.Run(kind, func(t *testing.T) {
			store := storeArgs(t, kind)
			tok := createToken(t, store)
			addr := freeAddr(t)
			s := start(t, store, addr)
			body := fmt.Sprintf(`{"severity": "critical", "typologies": ["investment-scam"], "regions": ["global"], "channels": ["social"],
				"expiresAt": %q, "translations": {"en": {"title": "Fake trading apps", "summary": "Do not deposit.", "body": "Stop."}}}`,
				time.Now().Add(48*time.Hour).UTC().Format(time.RFC3339))
			req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/alerts", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var created map[string]any
			json.NewDecoder(res.Body).Decode(&created)
			res.Body.Close()
			if res.StatusCode != 201 {
				t.Fatalf("create: %d %v", res.StatusCode, created)
			}
			if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			s.cmd.Wait()

			s = start(t, store, addr)
			req, _ = http.NewRequest("GET", "http://"+addr+"/api/v1/alerts/"+created["id"].(string), nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			res, err = http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			json.NewDecoder(res.Body).Decode(&got)
			res.Body.Close()
			if res.StatusCode != 200 || got["slug"] != created["slug"] || got["revision"] != created["revision"] {
				t.Fatalf("after restart: %d %v, want %v", res.StatusCode, got, created)
			}

			// SIGTERM drains and exits cleanly.
			s.cmd.Process.Signal(syscall.SIGTERM)
			done := make(chan error, 1)
			go func() { done <- s.cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("exit after SIGTERM: %v\n%s", err, s.logs)
				}
			case <-time.After(20 * time.Second):
				t.Error("no exit within 20s of SIGTERM")
			}
		})
	}
}

// TestTokenStoredHashed: the secret is nowhere in the database files.
func TestTokenStoredHashed(t *testing.T) {
	dir := t.TempDir()
	store := []string{"--store", "sqlite:" + filepath.Join(dir, "beacon.db")}
	tok := createToken(t, store)
	files, _ := filepath.Glob(filepath.Join(dir, "beacon.db*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(tok)) || bytes.Contains(b, []byte(strings.TrimPrefix(tok, "bcn_"))) {
			t.Errorf("%s contains the token secret", filepath.Base(f))
		}
	}
	cmd := exec.Command(binary(t), append([]string{"token", "list"}, store...)...)
	cmd.Env = cleanEnv()
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Ana") || strings.Contains(string(out), tok) {
		t.Errorf("token list: %v\n%s", err, out)
	}
}

// TestInvalidSettingStopsStartup: each bad setting is named, flag or environment.
func TestInvalidSettingStopsStartup(t *testing.T) {
	tests := []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"--addr", "8080"}, "", "--addr (BEACON_ADDR)"},
		{[]string{"--store", "postgres://x"}, "", "--store (BEACON_STORE)"},
		{[]string{"--base-url", "beacon.example.org"}, "", "--base-url (BEACON_BASE_URL)"},
		{[]string{"--log-level", "loud"}, "", "--log-level (BEACON_LOG_LEVEL)"},
		{nil, "BEACON_STORE=sqlite:", "--store (BEACON_STORE)"},
		{nil, "BEACON_DEMO=maybe", "BEACON_DEMO"},
		{[]string{"--store", "redis://127.0.0.1:1/0"}, "", "redis"},
		{[]string{"--push-subject", "beacon@example.org"}, "", "--push-subject (BEACON_PUSH_SUBJECT)"},
	}
	for _, tc := range tests {
		cmd := exec.Command(binary(t), append([]string{"serve", "--addr", freeAddr(t)}, tc.args...)...)
		cmd.Env = cleanEnv()
		if tc.env != "" {
			cmd.Env = append(cmd.Env, tc.env)
		}
		cmd.Dir = t.TempDir()
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), tc.want) {
			t.Errorf("serve %v %s: err %v, output %q; want failure naming %s", tc.args, tc.env, err, out, tc.want)
		}
	}
}

// TestVAPIDKeyKept: the key pair is made once and kept in the store.
func TestVAPIDKeyKept(t *testing.T) {
	store := []string{"--store", "sqlite:" + filepath.Join(t.TempDir(), "beacon.db")}
	var keys []string
	for range 2 {
		cmd := exec.Command(binary(t), append([]string{"vapid"}, store...)...)
		cmd.Env = cleanEnv()
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("beacon vapid: %v", err)
		}
		keys = append(keys, strings.TrimSpace(string(out)))
	}
	if keys[0] != keys[1] || len(keys[0]) != 87 { // base64url of a 65-byte uncompressed P-256 point
		t.Errorf("beacon vapid printed %q then %q, want the same 87-character key", keys[0], keys[1])
	}
}
