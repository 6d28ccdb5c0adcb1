package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/audit"
)

var (
	today   = time.Now().UTC().Format(time.DateOnly)
	weekAgo = time.Now().UTC().AddDate(0, 0, -6).Format(time.DateOnly)
	// trendJSON is a valid report on the week up to today.
	trendJSON = `{"from": "` + weekAgo + `", "to": "` + today + `", "translations": {
  "en": {"title": "Fraud this week", "summary": "Police impersonation rose.", "body": "Calls from *fake police* rose."},
  "ar": {"title": "الاحتيال هذا الأسبوع", "summary": "ازداد انتحال صفة الشرطة.", "body": "ازدادت مكالمات الشرطة المزيفة."}}}`
)

// publishedTrend creates a report as ana, submits it and has rex approve it.
func (e *env) publishedTrend() map[string]any {
	e.t.Helper()
	r := e.must(201, e.do("POST", "/api/v1/trends", "ana", trendJSON))
	id := r["id"].(string)
	e.must(200, e.do("POST", "/api/v1/trends/"+id+"/submit", "ana", ""))
	return e.must(200, e.do("POST", "/api/v1/trends/"+id+"/approve", "rex", ""))
}

func TestTrendWorkflowOverHTTP(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		created := e.do("POST", "/api/v1/trends", "rex", trendJSON) // a reviewer writes this one
		r := e.must(201, created)
		id := r["id"].(string)
		if r["status"] != "draft" || r["slug"] != "fraud-this-week" || r["from"] != weekAgo || created.header.Get("ETag") != `"1"` ||
			created.header.Get("Location") != "/api/v1/trends/"+id {
			t.Fatalf("created report: %v %v", r, created.header)
		}
		if got := e.get("/api/v1/trends/"+id, "ana", "If-None-Match", `"1"`); got.status != 304 {
			t.Errorf("If-None-Match of the current ETag: %d", got.status)
		}
		patched := e.must(200, e.do("PATCH", "/api/v1/trends/"+id, "rex", `{"translations": {"ar": null}}`, "If-Match", `"1"`))
		if _, ok := patched["translations"].(map[string]any)["ar"]; ok {
			t.Errorf("a null translation must remove it: %v", patched["translations"])
		}
		e.must(200, e.do("PUT", "/api/v1/trends/"+id+"/translations/th", "rex",
			`{"title": "การหลอกลวงสัปดาห์นี้", "summary": "สรุป", "body": "เนื้อหา"}`, "If-Match", `"2"`))
		e.must(200, e.do("POST", "/api/v1/trends/"+id+"/submit", "rex", ""))
		if p := e.must(403, e.do("POST", "/api/v1/trends/"+id+"/approve", "rex", "")); p["type"] != "urn:beacon:problem:four-eyes" {
			t.Errorf("approving one's own report: %v", p)
		}
		if p := e.must(403, e.do("POST", "/api/v1/trends/"+id+"/approve", "ana", "")); p["type"] != "urn:beacon:problem:forbidden" {
			t.Errorf("an author approving: %v", p)
		}
		pub := e.must(200, e.do("POST", "/api/v1/trends/"+id+"/approve", "rita", ""))
		if pub["status"] != "published" || pub["version"].(float64) != 1 || pub["reviewer"] == "" {
			t.Fatalf("approved: %v", pub)
		}
		public := e.must(200, e.get("/api/v1/public/trends/fraud-this-week?lang=th", ""))
		if public["lang"] != "th" || public["author"] != nil || public["data"] != "/api/v1/public/trends/fraud-this-week/data" {
			t.Errorf("public report: %v", public)
		}
		list := e.must(200, e.get("/api/v1/public/trends", ""))
		if items := list["items"].([]any); len(items) != 1 {
			t.Errorf("public list: %v", list)
		}
		e.must(200, e.do("POST", "/api/v1/trends/"+id+"/retract", "rita", `{"reason": "Counted test data"}`))
		if got := e.must(200, e.get("/api/v1/public/trends/fraud-this-week", "")); got["status"] != "retracted" || got["retractReason"] != "Counted test data" {
			t.Errorf("retracted report, publicly: %v", got)
		}
		entries, err := e.st.ListAudit(context.Background(), audit.Query{Subject: "trend:" + id, Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		var trail []string
		for i := len(entries) - 1; i >= 0; i-- {
			trail = append(trail, entries[i].Action+" by "+entries[i].ActorName)
		}
		want := "[trend.create by rex trend.update by rex trend.update by rex trend.submit by rex trend.approve by rita trend.retract by rita]"
		if fmt.Sprint(trail) != want {
			t.Errorf("audit trail:\n got %v\nwant %s", trail, want)
		}
	})
}

// TestTrendDataOverHTTP: the public data, as JSON and CSV, counts what
// happened in the report's period, here an alert published through the API.
func TestTrendDataOverHTTP(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		e.published() // an official-impersonation warning, published today
		e.publishedTrend()
		r := e.get("/api/v1/public/trends/fraud-this-week/data", "")
		var d struct {
			Slug, From, To string
			Alerts         []struct {
				Typology, Severity string
				N                  int
			}
			Listings, Reports, Lookups []any
		}
		if r.status != 200 || json.Unmarshal(r.body, &d) != nil {
			t.Fatalf("data: %d %s", r.status, r.body)
		}
		if d.Slug != "fraud-this-week" || d.From != weekAgo || d.To != today || len(d.Alerts) != 1 ||
			d.Alerts[0].Typology != "official-impersonation" || d.Alerts[0].Severity != "warning" || d.Alerts[0].N != 1 ||
			d.Listings == nil || d.Reports == nil || d.Lookups == nil {
			t.Errorf("data: %s", r.body)
		}
		csv := e.get("/api/v1/public/trends/fraud-this-week/data.csv", "")
		if csv.status != 200 || !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(csv.header.Get("Content-Disposition"), `filename="fraud-this-week.csv"`) ||
			string(csv.body) != "dataset,dimension1,value1,dimension2,value2,count\r\nalerts,typology,official-impersonation,severity,warning,1\r\n" {
			t.Errorf("CSV: %d %v\n%q", csv.status, csv.header, csv.body)
		}
		again := e.get("/api/v1/public/trends/fraud-this-week/data.csv", "", "If-None-Match", csv.header.Get("ETag"))
		if again.status != 304 || again.header.Get("Content-Disposition") == "" {
			t.Errorf("conditional CSV: %d", again.status)
		}
		// A second alert published today changes the data at once: changes drop the cache.
		e.published()
		if r := e.get("/api/v1/public/trends/fraud-this-week/data", ""); !strings.Contains(string(r.body), `"severity":"warning","n":2`) {
			t.Errorf("data after another alert: %s", r.body)
		}
		preview := e.must(200, e.get("/api/v1/trends/"+e.must(201, e.do("POST", "/api/v1/trends", "bob", trendJSON))["id"].(string)+"/data", "bob"))
		if len(preview["alerts"].([]any)) != 1 {
			t.Errorf("authors' preview of a draft's data: %v", preview)
		}
	})
}

func trendBadRequests() []badRequest {
	const a = "/api/v1/trends"
	with := func(old, new string) string { return strings.Replace(trendJSON, old, new, 1) }
	return []badRequest{
		{"no token", "POST", a, "", trendJSON, nil, 401, "unauthorized", ""},
		{"truncated JSON", "POST", a, "ana", `{"from": `, nil, 400, "malformed-json", ""},
		{"unknown field", "POST", a, "ana", with(`"from"`, `"colour": "red", "from"`), nil, 400, "validation-failed", "colour"},
		{"from not a date", "POST", a, "ana", with(weekAgo, "last week"), nil, 400, "validation-failed", "from"},
		{"to a number", "POST", a, "ana", with(`"`+today+`"`, "20261122"), nil, 400, "validation-failed", "to"},
		{"to before from", "POST", a, "ana", with(`"to": "`+today+`"`, `"to": "2020-01-01"`), nil, 400, "validation-failed", "to"},
		{"period over a year", "POST", a, "ana", with(weekAgo, "2020-01-01"), nil, 400, "validation-failed", "to"},
		{"to in the future", "POST", a, "ana", with(`"to": "`+today+`"`, `"to": "2999-01-01"`), nil, 400, "validation-failed", "to"},
		{"bad language", "POST", a, "ana", with(`"ar": {`, `"xx": {`), nil, 400, "validation-failed", "translations.xx"},
		{"empty title", "POST", a, "ana", with(`"Fraud this week"`, `""`), nil, 400, "validation-failed", "translations.en.title"},
		{"patch without If-Match", "PATCH", a + "/{draft}", "ana", `{"to": "` + today + `"}`, nil, 428, "precondition-required", ""},
		{"patch stale", "PATCH", a + "/{draft}", "ana", `{"to": "` + today + `"}`, []string{"If-Match", `"9"`}, 412, "precondition-failed", ""},
		{"patch a bad period", "PATCH", a + "/{draft}", "ana", `{"from": "2026-13-01"}`, []string{"If-Match", `"1"`}, 400, "validation-failed", "from"},
		{"patch in review", "PATCH", a + "/{review}", "ana", `{"to": "` + today + `"}`, []string{"If-Match", `"2"`}, 409, "invalid-state", ""},
		{"translation bad language", "PUT", a + "/{draft}/translations/de", "ana", `{"title": "t", "summary": "s", "body": "b"}`, []string{"If-Match", `"1"`}, 400, "validation-failed", "lang"},
		{"author approves", "POST", a + "/{review}/approve", "ana", "", nil, 403, "forbidden", ""},
		{"reviewer approves own", "POST", a + "/{rexown}/approve", "rex", "", nil, 403, "four-eyes", ""},
		{"reviewer rejects own", "POST", a + "/{rexown}/reject", "rex", `{"reason": "no"}`, nil, 403, "four-eyes", ""},
		{"approve a draft", "POST", a + "/{draft}/approve", "rex", "", nil, 409, "invalid-state", ""},
		{"reject without reason", "POST", a + "/{review}/reject", "rex", `{}`, nil, 400, "validation-failed", "reason"},
		{"retract a draft", "POST", a + "/{draft}/retract", "rex", `{"reason": "x"}`, nil, 409, "invalid-state", ""},
		{"retract as author", "POST", a + "/{pub}/retract", "ana", `{"reason": "x"}`, nil, 403, "forbidden", ""},
		{"unknown id", "GET", a + "/0000000000000000deadbeef", "ana", "", nil, 404, "not-found", ""},
		{"data of an unknown id", "GET", a + "/0000000000000000deadbeef/data", "ana", "", nil, 404, "not-found", ""},
		{"list bad status", "GET", a + "?status=live", "ana", "", nil, 400, "validation-failed", "status"},
		{"public draft", "GET", "/api/v1/public/trends/{draftslug}", "", "", nil, 404, "not-found", ""},
		{"public data of a draft", "GET", "/api/v1/public/trends/{draftslug}/data", "", "", nil, 404, "not-found", ""},
		{"public CSV of a draft", "GET", "/api/v1/public/trends/{draftslug}/data.csv", "", "", nil, 404, "not-found", ""},
		{"public bad lang", "GET", "/api/v1/public/trends/{pubslug}?lang=klingon", "", "", nil, 400, "validation-failed", "lang"},
		{"public bad cursor", "GET", "/api/v1/public/trends?cursor=!!", "", "", nil, 400, "validation-failed", "cursor"},
	}
}

func TestTrendBadRequestsChangeNothing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		draft := e.must(201, e.do("POST", "/api/v1/trends", "ana", trendJSON))
		review := e.must(201, e.do("POST", "/api/v1/trends", "ana", trendJSON))
		e.must(200, e.do("POST", "/api/v1/trends/"+review["id"].(string)+"/submit", "ana", ""))
		rexOwn := e.must(201, e.do("POST", "/api/v1/trends", "rex", trendJSON))
		e.must(200, e.do("POST", "/api/v1/trends/"+rexOwn["id"].(string)+"/submit", "rex", ""))
		pub := e.publishedTrend()
		ids := map[string]string{"{draft}": draft["id"].(string), "{review}": review["id"].(string), "{rexown}": rexOwn["id"].(string),
			"{pub}": pub["id"].(string), "{draftslug}": draft["slug"].(string), "{pubslug}": pub["slug"].(string)}
		checkBadRequests(t, e, trendBadRequests(), ids)
	})
}
