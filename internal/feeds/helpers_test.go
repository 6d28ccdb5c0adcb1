package feeds

import (
	"bytes"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/content"
)

const testBase = "https://beacon.example.org"

// t0 is when the test alerts were first published; now is a day later.
var (
	t0  = time.Date(2026, 3, 1, 9, 30, 15, 123456789, time.UTC)
	now = t0.Add(24 * time.Hour)
)

var testDeps = sync.OnceValues(func() (*content.Library, error) {
	return content.LoadEmbedded(content.NewRenderer())
})

func testConfig(t *testing.T) Config {
	t.Helper()
	lib, err := testDeps()
	if err != nil {
		t.Fatalf("load explainers: %v", err)
	}
	return Config{BaseURL: testBase + "/", Markdown: content.NewRenderer(), Explainers: lib,
		Now: func() time.Time { return now }}
}

func ptr[T any](v T) *T { return &v }

// published returns a published version-1 alert.
func published(id, slug string, at time.Time, sev alerts.Severity, regions []string, typologies ...string) *alerts.Alert {
	return &alerts.Alert{
		ID: id, Slug: slug, Version: 1, Status: alerts.StatusPublished, Agency: "Royal Thai Police",
		Content: alerts.Content{
			Severity: sev, Typologies: typologies, Regions: regions, Channels: []string{"sms"},
			Translations: map[string]alerts.Translation{
				"en": {Title: "Alert " + slug, Summary: "Summary of " + slug + ".", Body: "Do **not** click. See [the bank](https://bank.example)."},
			},
		},
		PublishedAt: ptr(at), CreatedAt: at.Add(-time.Hour), UpdatedAt: at,
		History: []alerts.VersionInfo{{Version: 1, PublishedAt: at, Reviewer: "r1"}},
	}
}

// revise makes the alert's next version live at at.
func revise(a *alerts.Alert, at time.Time) {
	a.Version++
	a.RevisedAt = ptr(at)
	a.History = append(a.History, alerts.VersionInfo{Version: a.Version, PublishedAt: at, Reviewer: "r2"})
}

func retract(a *alerts.Alert, at time.Time, reason string) {
	a.Status, a.RetractedAt, a.RetractReason = alerts.StatusRetracted, ptr(at), reason
}

// xmllint returns the path of xmllint, failing (never skipping) the test
// if it is missing: XML output must be checked by an independent parser and
// CAP output against the OASIS schema.
func xmllint(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatalf("xmllint is required to check the XML feeds and to validate CAP output against the OASIS schema: " +
			"install it with `apt-get install libxml2-utils` (Debian/Ubuntu) and run the tests again")
	}
	return p
}

// lint runs xmllint --noout on docs (name → bytes), with extra arguments.
func lint(t *testing.T, docs map[string][]byte, args ...string) (string, error) {
	t.Helper()
	bin := xmllint(t)
	dir := t.TempDir()
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	args = append([]string{"--noout", "--nonet"}, args...)
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, docs[n], 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	out, err := exec.Command(bin, args...).CombinedOutput()
	return string(out), err
}

// validateCAP checks every document against the CAP 1.2 schema.
func validateCAP(t *testing.T, docs map[string][]byte) {
	t.Helper()
	if out, err := lint(t, docs, "--schema", filepath.Join("testdata", "CAP-v1.2.xsd")); err != nil {
		t.Fatalf("CAP output is not valid against CAP-v1.2.xsd: %v\n%s", err, out)
	}
}

// wellFormed checks XML with xmllint and with Go's strict decoder.
func wellFormed(t *testing.T, name string, doc []byte) {
	t.Helper()
	if out, err := lint(t, map[string][]byte{name: doc}); err != nil {
		t.Fatalf("%s is not well-formed XML: %v\n%s", name, err, out)
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

// attrs returns the attributes of every element named local, in order.
func attrs(t *testing.T, doc []byte, local string) []map[string]string {
	t.Helper()
	var out []map[string]string
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == local {
			m := map[string]string{"$ns": se.Name.Space}
			for _, a := range se.Attr {
				key := a.Name.Local
				if a.Name.Space != "" {
					key = a.Name.Space + " " + key
				}
				m[key] = a.Value
			}
			out = append(out, m)
		}
	}
}

func mustContain(t *testing.T, what, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Errorf("%s = %q, want it to contain %q", what, s, sub)
	}
}

// htmlUnescape decodes an RSS description (HTML) to the text it shows.
func htmlUnescape(s string) string { return html.UnescapeString(s) }
