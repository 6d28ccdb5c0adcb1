package site_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// vnuJar finds the Nu HTML Checker (the W3C validator), which `make test`
// installs from npm; the test fails, naming the fix, when it is absent.
func vnuJar(t *testing.T) string {
	candidates := []string{os.Getenv("BEACON_VNU_JAR")}
	if home, err := os.UserHomeDir(); err == nil {
		candidates = append(candidates, filepath.Join(home, ".cache/beacon/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))
	}
	for _, c := range candidates {
		if c != "" {
			if _, err := os.Stat(c); err == nil {
				if _, err := exec.LookPath("java"); err != nil {
					t.Fatal("java is not installed: apt-get install default-jre-headless")
				}
				return c
			}
		}
	}
	t.Fatal("the Nu HTML Checker is missing: run `make test`, which installs it (npm install vnu-jar), or set BEACON_VNU_JAR")
	return ""
}

// TestHTMLValid runs every kind of page, in scripts of each direction,
// through the Nu HTML Checker and fails on any error it reports.
func TestHTMLValid(t *testing.T) {
	jar := vnuJar(t)
	e := newWebEnv(t, true)
	updated, retracted, _ := e.publicSlugs()
	dir := t.TempDir()
	paths := []string{"/", "/alerts", "/alerts?scope=archive", "/alerts/" + updated, "/alerts/" + retracted, "/scams",
		"/scams/romance-scam", "/about", "/privacy", "/check", "/check?value=%2B66+2+123+4567", "/report", "/trends",
		"/subscribe", "/subscribe/demo", "/no-such-page", "/trends/" + e.trendSlug()}
	for _, lang := range []string{"en", "ar", "th", "zh-hans"} {
		for i, p := range paths {
			r := e.get("/" + lang + p)
			name := filepath.Join(dir, lang+"-"+string(rune('a'+i))+".html")
			if err := os.WriteFile(name, []byte(r.body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	out, err := exec.Command("java", "-jar", jar, "--errors-only", "--format", "json", "--skip-non-html", dir).CombinedOutput()
	var report struct {
		Messages []struct {
			Type, Message, URL, Extract string
			LastLine                    int
		}
	}
	if jerr := json.Unmarshal(out, &report); jerr != nil {
		t.Fatalf("vnu: %v %v\n%s", err, jerr, out)
	}
	for _, m := range report.Messages {
		t.Errorf("%s:%d: %s: %s (%s)", filepath.Base(m.URL), m.LastLine, m.Type, m.Message, strings.TrimSpace(m.Extract))
	}
}
