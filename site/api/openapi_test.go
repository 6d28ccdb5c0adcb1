package api_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/antifraud-alliance/beacon/internal/store/storetest"
	"github.com/antifraud-alliance/beacon/site/api"
)

type openAPIDoc struct {
	OpenAPI    string                    `yaml:"openapi"`
	Paths      map[string]map[string]any `yaml:"paths"`
	Components map[string]map[string]any `yaml:"components"`
}

// TestOpenAPICoversEveryRoute fails when a registered /api route is missing
// from openapi.yaml, or when the document does not parse or has a dangling $ref.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	var doc openAPIDoc
	if err := yaml.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.yaml does not parse: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi: %q, want 3.1.x", doc.OpenAPI)
	}
	e := newLookupEnv(t, storetest.SQLite, 0) // every route registered
	param := regexp.MustCompile(`:([A-Za-z]+)`)
	checked := 0
	for _, r := range e.srv.App.GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/") || r.Method == "HEAD" {
			continue
		}
		path := param.ReplaceAllString(r.Path, "{$1}")
		ops, ok := doc.Paths[path]
		if !ok {
			t.Errorf("route %s %s: path %s is not in openapi.yaml", r.Method, r.Path, path)
			continue
		}
		op, ok := ops[strings.ToLower(r.Method)].(map[string]any)
		if !ok {
			t.Errorf("route %s %s: method missing from openapi.yaml", r.Method, path)
			continue
		}
		if _, ok := op["responses"]; !ok {
			t.Errorf("%s %s has no responses", r.Method, path)
		}
		checked++
	}
	if checked < 21 {
		t.Errorf("checked only %d API routes; the route listing changed", checked)
	}
	var raw any
	if err := yaml.Unmarshal(api.OpenAPI(), &raw); err != nil {
		t.Fatal(err)
	}
	walkRefs(t, raw, raw)
}

// walkRefs checks that every local $ref points at something in the document.
func walkRefs(t *testing.T, root, node any) {
	switch n := node.(type) {
	case map[string]any:
		for k, v := range n {
			if k == "$ref" {
				if ref, ok := v.(string); !ok || !resolves(root, ref) {
					t.Errorf("dangling $ref %v", v)
				}
				continue
			}
			walkRefs(t, root, v)
		}
	case []any:
		for _, v := range n {
			walkRefs(t, root, v)
		}
	}
}

func resolves(root any, ref string) bool {
	path, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return false
	}
	cur := root
	for _, part := range strings.Split(path, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return false
		}
		if cur, ok = m[strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")]; !ok {
			return false
		}
	}
	return fmt.Sprint(cur) != ""
}

func TestOpenAPIIsServed(t *testing.T) {
	e := newEnv(t, storetest.SQLite)
	r := e.get("/api/v1/openapi.yaml", "")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/yaml") || len(r.body) != len(api.OpenAPI()) {
		t.Fatalf("GET /api/v1/openapi.yaml: %d %s (%d bytes)", r.status, r.header.Get("Content-Type"), len(r.body))
	}
}
