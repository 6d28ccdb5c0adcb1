package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/antifraud-alliance/beacon/internal/auth"
)

// TestBadRequestsChangeNothing sends malformed and unauthorised requests; each
// must get its 4xx as problem+json naming the problem, and leave the store as it was.
func TestBadRequestsChangeNothing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		draft := e.must(201, e.do("POST", "/api/v1/alerts", "ana", alertJSON))
		inReview := e.must(201, e.do("POST", "/api/v1/alerts", "ana", alertJSON))
		e.must(200, e.do("POST", fmt.Sprintf("/api/v1/alerts/%s/submit", inReview["id"]), "ana", ""))
		rexOwn := e.must(201, e.do("POST", "/api/v1/alerts", "rex", alertJSON))
		e.must(200, e.do("POST", fmt.Sprintf("/api/v1/alerts/%s/submit", rexOwn["id"]), "rex", ""))
		pub := e.published()
		revoke(t, e)
		ids := map[string]string{"{draft}": draft["id"].(string), "{review}": inReview["id"].(string),
			"{rexown}": rexOwn["id"].(string), "{pub}": pub["id"].(string), "{draftslug}": draft["slug"].(string)}
		checkBadRequests(t, e, badRequests(), ids)
	})
}

// checkBadRequests sends each request (with the placeholders of its path
// replaced by ids) and checks its problem+json answer, and that the store
// is as it was.
func checkBadRequests(t *testing.T, e *env, reqs []badRequest, ids map[string]string) {
	before := e.snapshot()
	for _, tc := range reqs {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path
			for k, v := range ids {
				path = strings.ReplaceAll(path, k, v)
			}
			r := e.do(tc.method, path, tc.who, tc.body, tc.headers...)
			if r.status != tc.status {
				t.Fatalf("%s %s: status %d, want %d: %s", tc.method, path, r.status, tc.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q, want application/problem+json", ct)
			}
			p := r.json(t)
			if p["type"] != "urn:beacon:problem:"+tc.problem || p["status"].(float64) != float64(tc.status) ||
				p["title"] == "" || p["detail"] == "" || p["requestId"] == "" {
				t.Errorf("problem %v, want type %s", p, tc.problem)
			}
			if tc.field != "" {
				errs, _ := p["errors"].([]any)
				if len(errs) == 0 || errs[0].(map[string]any)["field"] != tc.field {
					t.Errorf("errors %v, want field %q first", p["errors"], tc.field)
				}
			}
			if tc.status == 401 && r.header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if after := e.snapshot(); after != before {
				t.Errorf("the store changed")
			}
		})
	}
}

func revoke(t *testing.T, e *env) {
	svc := auth.NewService(e.st, nil)
	plain, tok, err := svc.Issue(context.Background(), "gone", auth.RoleAdmin, "TH")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Revoke(context.Background(), tok.ID); err != nil {
		t.Fatal(err)
	}
	e.tokens["gone"] = plain
	e.tokens["forged"] = "bcn_" + strings.Repeat("A", 43)
}

type badRequest struct {
	name, method, path, who, body string
	headers                       []string
	status                        int
	problem, field                string
}

func withField(field, value string) string {
	return strings.Replace(alertJSON, `"severity": "warning",`, `"severity": "warning", "`+field+`": `+value+",", 1)
}

func replaced(old, new string) string { return strings.Replace(alertJSON, old, new, 1) }

func badRequests() []badRequest {
	const a = "/api/v1/alerts"
	huge := `{"severity": "warning", "translations": {"en": {"title": "t", "summary": "s", "body": "` + strings.Repeat("x", 1<<20) + `"}}}`
	return []badRequest{
		{"no token", "POST", a, "", alertJSON, nil, 401, "unauthorized", ""},
		{"forged token", "POST", a, "forged", alertJSON, nil, 401, "unauthorized", ""},
		{"revoked token", "POST", a, "gone", alertJSON, nil, 401, "unauthorized", ""},
		{"basic auth", "GET", a, "", "", []string{"Authorization", "Basic YW5hOnB3"}, 401, "unauthorized", ""},
		{"truncated JSON", "POST", a, "ana", `{"severity": `, nil, 400, "malformed-json", ""},
		{"not JSON", "POST", a, "ana", `severity=warning`, nil, 400, "malformed-json", ""},
		{"empty body", "POST", a, "ana", ``, []string{"Content-Type", "application/json"}, 400, "malformed-json", ""},
		{"two JSON values", "POST", a, "ana", alertJSON + `{}`, nil, 400, "malformed-json", ""},
		{"array body", "POST", a, "ana", `[]`, nil, 400, "validation-failed", "(body)"},
		{"severity a number", "POST", a, "ana", replaced(`"severity": "warning"`, `"severity": 3`), nil, 400, "validation-failed", "severity"},
		{"regions a string", "POST", a, "ana", replaced(`"regions": ["TH", "MY"]`, `"regions": "TH"`), nil, 400, "validation-failed", "regions"},
		{"unknown field", "POST", a, "ana", withField("colour", `"red"`), nil, 400, "validation-failed", "colour"},
		{"unknown nested field", "POST", a, "ana", replaced(`"summary": "Hang up."`, `"summary": "Hang up.", "teaser": "x"`), nil, 400, "validation-failed", "teaser"},
		{"bad severity", "POST", a, "ana", replaced(`"warning"`, `"severe"`), nil, 400, "validation-failed", "severity"},
		{"bad typology", "POST", a, "ana", replaced(`["official-impersonation"]`, `["vishing"]`), nil, 400, "validation-failed", "typologies[0]"},
		{"bad language tag", "POST", a, "ana", replaced(`"th": {`, `"xx": {`), nil, 400, "validation-failed", "translations.xx"},
		{"upper-case language", "POST", a, "ana", replaced(`"en": {`, `"EN": {`), nil, 400, "validation-failed", "translations.EN"},
		{"unassigned region", "POST", a, "ana", replaced(`["TH", "MY"]`, `["TH", "UK"]`), nil, 400, "validation-failed", "regions[1]"},
		{"lower-case region", "POST", a, "ana", replaced(`["TH", "MY"]`, `["th"]`), nil, 400, "validation-failed", "regions[0]"},
		{"expiry in the past", "POST", a, "ana", replaced(expiry, "2020-01-01T00:00:00Z"), nil, 400, "validation-failed", "expiresAt"},
		{"expiry not a date", "POST", a, "ana", replaced(expiry, "tomorrow"), nil, 400, "validation-failed", "expiresAt"},
		{"expiry a number", "POST", a, "ana", replaced(`"`+expiry+`"`, "20270101"), nil, 400, "validation-failed", "expiresAt"},
		{"patch with If-Match *", "PATCH", a + "/{draft}", "ana", `{"severity": "info"}`, []string{"If-Match", "*"}, 428, "precondition-required", ""},
		{"translation without If-Match", "PUT", a + "/{draft}/translations/vi", "ana", `{"title": "t", "summary": "s", "body": "b"}`, nil, 428, "precondition-required", ""},
		{"submit a published alert with no revision", "POST", a + "/{pub}/submit", "ana", "", nil, 409, "invalid-state", ""},
		{"title too long", "POST", a, "ana", replaced(`"Callers pose as police"`, `"`+strings.Repeat("a", 201)+`"`), nil, 400, "validation-failed", "translations.en.title"},
		{"body over 1 MiB", "POST", a, "ana", huge, nil, 413, "body-too-large", ""},
		{"text/plain", "POST", a, "ana", alertJSON, []string{"Content-Type", "text/plain"}, 415, "unsupported-media-type", ""},
		{"unknown id", "GET", a + "/0000000000000000deadbeef", "ana", "", nil, 404, "not-found", ""},
		{"garbage id", "GET", a + "/..%2f..%2fetc", "ana", "", nil, 404, "not-found", ""},
		{"patch without If-Match", "PATCH", a + "/{draft}", "ana", `{"severity": "info"}`, nil, 428, "precondition-required", ""},
		{"patch with stale If-Match", "PATCH", a + "/{draft}", "ana", `{"severity": "info"}`, []string{"If-Match", `"99"`}, 412, "precondition-failed", ""},
		{"patch with a foreign ETag", "PATCH", a + "/{draft}", "ana", `{"severity": "info"}`, []string{"If-Match", `W/"1"`}, 412, "precondition-failed", ""},
		{"patch bad enum", "PATCH", a + "/{draft}", "ana", `{"severity": "urgent"}`, []string{"If-Match", `"1"`}, 400, "validation-failed", "severity"},
		{"patch alert in review", "PATCH", a + "/{review}", "ana", `{"severity": "info"}`, []string{"If-Match", `"2"`}, 409, "invalid-state", ""},
		{"author approves", "POST", a + "/{review}/approve", "ana", "", nil, 403, "forbidden", ""},
		{"reviewer approves own", "POST", a + "/{rexown}/approve", "rex", "", nil, 403, "four-eyes", ""},
		{"approve a draft", "POST", a + "/{draft}/approve", "rex", "", nil, 409, "invalid-state", ""},
		{"approve with stale If-Match", "POST", a + "/{review}/approve", "rita", "", []string{"If-Match", `"1"`}, 412, "precondition-failed", ""},
		{"reject without reason", "POST", a + "/{review}/reject", "rex", `{}`, nil, 400, "validation-failed", "reason"},
		{"retract without reason", "POST", a + "/{pub}/retract", "rex", `{"reason": ""}`, nil, 400, "validation-failed", "reason"},
		{"retract a draft", "POST", a + "/{draft}/retract", "rex", `{"reason": "x"}`, nil, 409, "invalid-state", ""},
		{"retract as author", "POST", a + "/{pub}/retract", "ana", `{"reason": "x"}`, nil, 403, "forbidden", ""},
		{"translation bad language", "PUT", a + "/{draft}/translations/de", "ana", `{"title": "t", "summary": "s", "body": "b"}`, []string{"If-Match", `"1"`}, 400, "validation-failed", "lang"},
		{"translation missing title", "PUT", a + "/{draft}/translations/vi", "ana", `{"summary": "s", "body": "b"}`, []string{"If-Match", `"1"`}, 400, "validation-failed", "title"},
		{"list bad status", "GET", a + "?status=live", "ana", "", nil, 400, "validation-failed", "status"},
		{"list limit too high", "GET", a + "?limit=1000", "ana", "", nil, 400, "validation-failed", "limit"},
		{"audit as reviewer", "GET", "/api/v1/audit", "rex", "", nil, 403, "forbidden", ""},
		{"audit bad cursor", "GET", "/api/v1/audit?cursor=zzz", "root", "", nil, 400, "validation-failed", "cursor"},
		{"public bad severity", "GET", "/api/v1/public/alerts?severity=huge", "", "", nil, 400, "validation-failed", "severity"},
		{"public bad region", "GET", "/api/v1/public/alerts?region=ZZ", "", "", nil, 400, "validation-failed", "region"},
		{"public bad cursor", "GET", "/api/v1/public/alerts?cursor=!!", "", "", nil, 400, "validation-failed", "cursor"},
		{"public draft", "GET", "/api/v1/public/alerts/{draftslug}", "", "", nil, 404, "not-found", ""},
		{"public bad lang", "GET", "/api/v1/public/alerts?lang=klingon", "", "", nil, 400, "validation-failed", "lang"},
		{"wrong method", "DELETE", a, "ana", "", nil, 405, "method-not-allowed", ""},
	}
}
