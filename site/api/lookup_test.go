package api_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
)

const listingsNDJSON = `{"kind": "phone", "value": "+66 2 123 4567", "typologies": ["official-impersonation"], "reference": "TH-42"}
{"kind": "phone", "value": "+66 2 000 1191", "official": true, "label": "Police hotline"}
{"kind": "phone", "value": "not a phone"}
`

func TestLookupEndpoints(t *testing.T) {
	forEachBackend2(t, func(t *testing.T, e *env) {
		r := e.do("POST", "/api/v1/listings/import", "root", listingsNDJSON, "Content-Type", "application/x-ndjson")
		rep := e.must(200, r)
		if rep["created"].(float64) != 2 || rep["rejected"].(float64) != 1 {
			t.Fatalf("import: %v", rep)
		}
		e.must(403, e.do("POST", "/api/v1/listings/import", "rex", listingsNDJSON, "Content-Type", "application/x-ndjson"))
		e.must(415, e.do("POST", "/api/v1/listings/import", "root", listingsNDJSON, "Content-Type", "application/json"))

		ans := e.must(200, e.get("/api/v1/lookup?kind=phone&value="+url.QueryEscape("02 123 4567")+"&region=TH&lang=th", ""))
		l := ans["listing"].(map[string]any)
		if ans["verdict"] != "high_risk" || ans["canonical"] != "+6621234567" || ans["advice"] != "advice:high_risk" ||
			l["sources"].([]any)[0].(map[string]any)["reference"] != "TH-42" {
			t.Errorf("lookup: %v", ans)
		}
		if ans := e.must(200, e.get("/api/v1/lookup?kind=phone&value=%2B6620001191", "")); ans["verdict"] != "official" ||
			ans["listing"].(map[string]any)["label"] != "Police hotline" {
			t.Errorf("official: %v", ans)
		}
		if ans := e.must(200, e.get("/api/v1/lookup?kind=url&value=honest.example", "")); ans["verdict"] != "no_record" || ans["listing"] != nil {
			t.Errorf("no record: %v", ans)
		}
		p := e.must(400, e.get("/api/v1/lookup?kind=phone&value=12&region=TH", ""))
		if p["type"] != "urn:beacon:problem:invalid-identifier" || p["errors"].([]any)[0].(map[string]any)["field"] != "value" {
			t.Errorf("invalid phone: %v", p)
		}
		e.must(400, e.get("/api/v1/lookup?kind=fax&value=1", ""))

		id, _ := ident.Parse("phone", "+66 2 123 4567", "")
		rng := e.must(200, e.get("/api/v1/lookup/range/"+id.Hash()[:5], ""))
		entries := rng["entries"].([]any)
		found := 0
		for _, x := range entries {
			if x.(map[string]any)["suffix"] == id.Hash()[5:] {
				found++
			}
		}
		if len(entries) != 32 || found != 1 {
			t.Errorf("range: %d entries, %d matches", len(entries), found)
		}
		e.must(400, e.get("/api/v1/lookup/range/3FA9", ""))

		lid := l["id"].(string)
		e.must(400, e.do("POST", "/api/v1/listings/"+lid+"/delist", "root", `{"reason": ""}`))
		e.must(403, e.do("POST", "/api/v1/listings/"+lid+"/delist", "rex", `{"reason": "x"}`))
		e.must(404, e.do("POST", "/api/v1/listings/000000000000000000000000/delist", "root", `{"reason": "x"}`))
		e.must(200, e.do("POST", "/api/v1/listings/"+lid+"/delist", "root", `{"reason": "A real business"}`))
		if ans := e.must(200, e.get("/api/v1/lookup?kind=phone&value=%2B6621234567", "")); ans["verdict"] != "no_record" {
			t.Errorf("after delisting: %v", ans["verdict"])
		}
		audit := e.must(200, e.get("/api/v1/audit?subject=listing:"+lid, "root"))
		if items := audit["items"].([]any); len(items) != 1 || items[0].(map[string]any)["reason"] != "A real business" {
			t.Errorf("delist audit: %v", audit)
		}
	})
}

func TestCitizenReports(t *testing.T) {
	forEachBackend2(t, func(t *testing.T, e *env) {
		report := `{"kind": "phone", "value": "061 000 5678", "typology": "investment-scam", "country": "TH",
			"description": "A friend from an app asked me to invest.", "amount": 1200, "currency": "THB", "occurredOn": "2026-11-01"}`
		var ids []string
		for range 3 {
			r := e.must(202, e.do("POST", "/api/v1/reports", "", report))
			if r["status"] != "pending" {
				t.Fatalf("report: %v", r)
			}
			ids = append(ids, r["id"].(string))
		}
		p := e.must(400, e.do("POST", "/api/v1/reports", "", `{"kind": "phone", "value": "1", "typology": "x", "country": "ZZ", "description": ""}`))
		if len(p["errors"].([]any)) != 4 {
			t.Errorf("invalid report: %v", p)
		}
		e.must(400, e.do("POST", "/api/v1/reports", "", `{"kind": "phone", "name": "Ana"}`)) // no personal fields taken
		e.must(401, e.get("/api/v1/reports", ""))
		e.must(403, e.get("/api/v1/reports", "ana"))
		queue := e.must(200, e.get("/api/v1/reports?status=pending", "rex"))
		if len(queue["items"].([]any)) != 3 {
			t.Fatalf("queue: %v", queue)
		}
		e.must(400, e.do("POST", "/api/v1/reports/"+ids[0]+"/reject", "rex", `{}`))
		e.must(200, e.do("POST", "/api/v1/reports/"+ids[0]+"/reject", "rex", `{"reason": "Not a scam"}`))
		e.must(409, e.do("POST", "/api/v1/reports/"+ids[0]+"/accept", "rex", ""))
		e.must(200, e.do("POST", "/api/v1/reports/"+ids[1]+"/accept", "rex", ""))
		e.must(200, e.do("POST", "/api/v1/reports/"+ids[2]+"/accept", "rita", `{"reason": "consistent"}`))
		ans := e.must(200, e.get("/api/v1/lookup?kind=phone&value=%2B66610005678", ""))
		if ans["verdict"] != "no_record" || ans["listing"] != nil {
			t.Errorf("2 of 3 needed reports accepted: %v", ans["verdict"])
		}
		if l := e.must(200, e.get("/api/v1/reports?status=accepted", "rex")); len(l["items"].([]any)) != 2 {
			t.Errorf("accepted list: %v", l)
		}
	})
}

func TestLookupRateLimit(t *testing.T) {
	e := newLookupEnv(t, storeSQLite, 3)
	for i := range 3 {
		e.must(200, e.get(fmt.Sprintf("/api/v1/lookup?kind=url&value=site%d.example", i), ""))
	}
	r := e.get("/api/v1/lookup?kind=url&value=site9.example", "")
	if r.status != 429 || r.header.Get("Retry-After") == "" || !strings.Contains(string(r.body), "rate-limited") {
		t.Errorf("fourth check in a minute: %d %s", r.status, r.body)
	}
	e.must(202, e.do("POST", "/api/v1/reports", "", `{"kind": "url", "value": "a.example", "typology": "phishing", "country": "TH", "description": "x"}`))
}
