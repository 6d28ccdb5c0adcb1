package api_test

import (
	"fmt"
	"strings"
	"testing"
)

func TestFourEyesOverHTTP(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		a := e.must(201, e.do("POST", "/api/v1/alerts", "rex", alertJSON)) // a reviewer writes this one
		id := a["id"].(string)
		if a["status"] != "draft" || a["agency"] != "TH" || a["slug"] != "callers-pose-as-police" {
			t.Fatalf("created alert: %v", a)
		}
		e.must(200, e.do("POST", "/api/v1/alerts/"+id+"/submit", "rex", ""))
		p := e.must(403, e.do("POST", "/api/v1/alerts/"+id+"/approve", "rex", ""))
		if p["type"] != "urn:beacon:problem:four-eyes" {
			t.Errorf("own approval: %v", p)
		}
		p = e.must(403, e.do("POST", "/api/v1/alerts/"+id+"/approve", "ana", ""))
		if p["type"] != "urn:beacon:problem:forbidden" {
			t.Errorf("author approval: %v", p)
		}
		got := e.must(200, e.do("POST", "/api/v1/alerts/"+id+"/approve", "rita", ""))
		if got["status"] != "published" || got["version"].(float64) != 1 || got["reviewer"] == "" {
			t.Errorf("approved alert: %v", got)
		}
	})
}

func TestEditPublishedKeepsLiveVersion(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		a := e.published()
		id, slug := a["id"].(string), a["slug"].(string)
		pub := e.must(200, e.get("/api/v1/public/alerts/"+slug+"?lang=en", ""))
		if pub["version"].(float64) != 1 {
			t.Fatalf("public version: %v", pub)
		}
		r := e.get("/api/v1/alerts/"+id, "ana")
		patch := `{"severity": "critical", "translations": {"en": {"title": "Callers pose as police and prosecutors", "summary": "Hang up now.", "body": "Never transfer."}}}`
		edited := e.must(200, e.do("PATCH", "/api/v1/alerts/"+id, "ana", patch, "If-Match", r.header.Get("ETag")))
		if edited["severity"] != "warning" || edited["pending"].(map[string]any)["severity"] != "critical" {
			t.Fatalf("edit of a published alert must go to a pending revision: %v", edited)
		}
		for _, path := range []string{"/api/v1/public/alerts/" + slug, "/api/v1/public/alerts/" + slug + "?lang=en"} {
			pub = e.must(200, e.get(path, ""))
			if pub["version"].(float64) != 1 || pub["severity"] != "warning" || strings.Contains(string(mustMarshal(pub)), "prosecutors") {
				t.Fatalf("live version changed before approval: %v", pub)
			}
		}
		e.must(200, e.do("POST", "/api/v1/alerts/"+id+"/submit", "ana", ""))
		e.must(200, e.do("POST", "/api/v1/alerts/"+id+"/approve", "rita", ""))
		pub = e.must(200, e.get("/api/v1/public/alerts/"+slug+"?lang=en", ""))
		if pub["version"].(float64) != 2 || pub["severity"] != "critical" || pub["updatedAt"] == pub["publishedAt"] {
			t.Fatalf("after approval, version 2 must be live: %v", pub)
		}
		tr := pub["translations"].(map[string]any)["en"].(map[string]any)
		if tr["title"] != "Callers pose as police and prosecutors" {
			t.Errorf("live title: %v", tr["title"])
		}
	})
}

func TestRetractionAndAuditLog(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		a := e.published()
		id, slug := a["id"].(string), a["slug"].(string)
		for _, body := range []string{`{}`, `{"reason": ""}`, `{"reason": "   "}`} {
			p := e.must(400, e.do("POST", "/api/v1/alerts/"+id+"/retract", "rex", body))
			if p["errors"].([]any)[0].(map[string]any)["field"] != "reason" {
				t.Errorf("retract %s: %v", body, p)
			}
		}
		e.must(200, e.do("POST", "/api/v1/alerts/"+id+"/retract", "rita", `{"reason": "Listed in error"}`))
		pub := e.must(200, e.get("/api/v1/public/alerts/"+slug, ""))
		if pub["status"] != "retracted" || pub["retractReason"] != "Listed in error" || len(pub["indicators"].([]any)) != 0 {
			t.Errorf("retracted alert, publicly: %v", pub)
		}
		e.must(403, e.get("/api/v1/audit", "rex"))
		log := e.must(200, e.get("/api/v1/audit?subject=alert:"+id, "root"))
		var got []string
		for _, it := range log["items"].([]any) {
			m := it.(map[string]any)
			got = append([]string{fmt.Sprintf("%s by %s: %s→%s v%v→v%v", m["action"], m["actorName"], m["fromStatus"], m["toStatus"],
				m["fromVersion"], m["toVersion"])}, got...)
		}
		want := []string{
			"alert.create by ana: %!s(<nil>)→draft v0→v0", // no fromStatus on create
			"alert.submit by ana: draft→in_review v0→v0",
			"alert.approve by rex: in_review→published v0→v1",
			"alert.retract by rita: published→retracted v1→v1",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

func TestETagsAndPaging(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		a := e.must(201, e.do("POST", "/api/v1/alerts", "ana", alertJSON))
		id := a["id"].(string)
		r := e.get("/api/v1/alerts/"+id, "bob")
		if r.header.Get("ETag") != `"1"` {
			t.Fatalf("ETag %q", r.header.Get("ETag"))
		}
		e.must(304, e.get("/api/v1/alerts/"+id, "bob", "If-None-Match", `"1"`))
		e.must(200, e.do("PATCH", "/api/v1/alerts/"+id, "bob", `{"regions": ["TH"]}`, "If-Match", `"1"`))
		e.must(412, e.do("PATCH", "/api/v1/alerts/"+id, "ana", `{"regions": ["MY"]}`, "If-Match", `"1"`))
		e.must(200, e.do("PUT", "/api/v1/alerts/"+id+"/translations/vi", "ana", `{"title": "Giả danh công an", "summary": "Cúp máy.", "body": "Không chuyển tiền."}`, "If-Match", `"2"`))
		for range 4 {
			e.must(201, e.do("POST", "/api/v1/alerts", "ana", alertJSON))
		}
		seen := map[string]bool{}
		next := ""
		for pages := 0; ; pages++ {
			p := e.must(200, e.get("/api/v1/alerts?status=draft&limit=2&cursor="+next, "ana"))
			for _, it := range p["items"].([]any) {
				seen[it.(map[string]any)["slug"].(string)] = true
			}
			n, _ := p["next"].(string)
			if n == "" {
				if pages != 2 {
					t.Errorf("5 drafts in pages of 2 took %d pages", pages+1)
				}
				break
			}
			next = n
		}
		if len(seen) != 5 {
			t.Errorf("paging saw %d distinct alerts, want 5: %v", len(seen), seen)
		}
		pub := e.published()
		slug := pub["slug"].(string)
		r = e.get("/api/v1/public/alerts/"+slug, "")
		e.must(304, e.get("/api/v1/public/alerts/"+slug, "", "If-None-Match", r.header.Get("ETag")))
		list := e.must(200, e.get("/api/v1/public/alerts?region=MY&typology=official-impersonation&severity=advisory&lang=th", ""))
		items := list["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["lang"] != "th" {
			t.Errorf("public list: %v", list)
		}
		for _, q := range []string{"region=VN", "typology=phishing", "severity=critical", "scope=archive"} {
			if l := e.must(200, e.get("/api/v1/public/alerts?"+q, "")); len(l["items"].([]any)) != 0 {
				t.Errorf("%s matched: %v", q, l)
			}
		}
		e.must(404, e.get("/api/v1/public/alerts/"+a["slug"].(string), "")) // a draft is not public
	})
}
