package lookup_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/audit"
	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
	"github.com/antifraud-alliance/beacon/internal/store"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
	"github.com/antifraud-alliance/beacon/internal/valid"
)

var admin = audit.Entry{Actor: "tok-admin", ActorName: "Admin"}

func forEachBackend(t *testing.T, fn func(t *testing.T, s *lookup.Service, st store.Backend)) {
	for _, k := range storetest.Kinds {
		t.Run(k.Name, func(t *testing.T) {
			t.Parallel()
			st := k.Open(t)
			// With the cache on, as beacon serve runs it: every test that
			// changes listings through the service and checks again also
			// checks that the change is not hidden by what was cached.
			fn(t, lookup.NewService(st, lookup.Config{CacheFor: time.Hour}), st)
		})
	}
}

func importNDJSON(t *testing.T, s *lookup.Service, lines ...string) *lookup.ImportReport {
	t.Helper()
	rep, err := s.Import(context.Background(), admin, "TH", lookup.FormatNDJSON, strings.NewReader(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return rep
}

func TestVerdicts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *lookup.Service, st store.Backend) {
		ctx := context.Background()
		rep := importNDJSON(t, s,
			`{"kind": "phone", "value": "02 123 4567", "region": "TH", "typologies": ["official-impersonation"], "reference": "TH-1"}`,
			`{"kind": "phone", "value": "+66 2 000 1191", "official": true, "label": "Police hotline"}`,
			`{"kind": "url", "value": "https://www.scam-shop.example/", "typologies": ["online-shopping-scam"]}`,
			`{"kind": "email", "value": "Refunds@Shop-Support.example", "status": "reported"}`)
		if rep.Created != 4 || rep.Rejected != 0 {
			t.Fatalf("import: %+v", rep)
		}
		for _, tc := range []struct {
			kind          ident.Kind
			value, region string
			want          lookup.Verdict
		}{
			{"phone", "+6621234567", "", lookup.VerdictHighRisk},
			{"phone", "(02) 123-4567", "TH", lookup.VerdictHighRisk},
			{"phone", "0066 2 123 4567", "", lookup.VerdictHighRisk},
			{"phone", "+66 2 000 1191", "", lookup.VerdictOfficial},
			{"phone", "+66 2 999 9999", "", lookup.VerdictNoRecord},
			{"url", "scam-shop.example/checkout?id=7", "", lookup.VerdictHighRisk}, // the domain is listed
			{"url", "http://pay.scam-shop.example/", "", lookup.VerdictHighRisk},   // a subdomain of it
			{"url", "honest-shop.example", "", lookup.VerdictNoRecord},
			{"email", "refunds@shop-support.example", "", lookup.VerdictNoRecord}, // reported, below the threshold
		} {
			res, err := s.Lookup(ctx, tc.kind, tc.value, tc.region)
			if err != nil || res.Verdict != tc.want {
				t.Errorf("Lookup(%s %q): %v %v, want %s", tc.kind, tc.value, res, err, tc.want)
			}
		}
		res, _ := s.Lookup(ctx, "phone", "+6621234567", "")
		if res.Listing.Sources[0].Reference != "TH-1" || res.Listing.Sources[0].Agency != "TH" {
			t.Errorf("provenance: %+v", res.Listing.Sources)
		}
		if _, err := s.Delist(ctx, admin, res.Listing.ID, ""); err == nil {
			t.Error("delisting without a reason was accepted")
		}
		if _, err := s.Delist(ctx, admin, res.Listing.ID, "A real business number"); err != nil {
			t.Fatal(err)
		}
		if res, _ := s.Lookup(ctx, "phone", "+6621234567", ""); res.Verdict != lookup.VerdictNoRecord {
			t.Errorf("a delisted number answers %s, want no_record", res.Verdict)
		}
		log, _ := st.ListAudit(ctx, audit.Query{Subject: "listing:" + res.Listing.ID, Limit: 5})
		if len(log) != 1 || log[0].Action != "listing.delist" || log[0].Reason != "A real business number" {
			t.Errorf("delist audit: %+v", log)
		}
		var ie *ident.Error
		if _, err := s.Lookup(ctx, "phone", "12", "TH"); !errors.As(err, &ie) {
			t.Errorf("an invalid number: %v, want an ident.Error", err)
		}
		if err := s.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		day := time.Now().UTC().Format("2006-01-02")
		counts, _ := st.LookupCounts(ctx, day, day)
		var total int64
		for _, c := range counts {
			total += c.N
		}
		if total != 11 {
			t.Errorf("counted %d checks, want 11 (invalid input is not a check): %v", total, counts)
		}
	})
}

func TestRangeHidesWhatIsAsked(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *lookup.Service, st store.Backend) {
		ctx := context.Background()
		importNDJSON(t, s, `{"kind": "phone", "value": "+66 2 123 4567", "typologies": ["phishing"]}`)
		listed, _ := ident.Parse("phone", "+66 2 123 4567", "")
		h := listed.Hash()
		ans, err := s.Range(ctx, h[:5])
		if err != nil {
			t.Fatal(err)
		}
		if len(ans.Entries) != 32 {
			t.Fatalf("%d entries, want the fixed 32", len(ans.Entries))
		}
		hits := 0
		for _, e := range ans.Entries {
			if len(e.Suffix) != 59 || (e.Verdict != lookup.VerdictHighRisk && e.Verdict != lookup.VerdictSuspicious) ||
				len(e.Typologies) == 0 || len(e.Agencies) == 0 || e.Since == "" {
				t.Errorf("entry %+v does not look like a listing", e)
			}
			if len(e.Typologies) == 2 && e.Typologies[0] == e.Typologies[1] {
				t.Errorf("a decoy repeats a scam type, which real entries never do: %+v", e)
			}
			if e.Suffix == h[5:] {
				hits++
			}
		}
		if hits != 1 {
			t.Errorf("the listed number appears %d times, want once", hits)
		}
		again, _ := s.Range(ctx, h[:5])
		if fmt.Sprint(again) != fmt.Sprint(ans) {
			t.Error("two answers for the same prefix differ: repeating a question would tell decoys apart")
		}
		for i := range 50 { // absent identifiers: same size, and their hash never appears
			id, _ := ident.Parse("phone", fmt.Sprintf("+66 2 555 %04d", i), "")
			a, err := s.Range(ctx, id.Hash()[:5])
			if err != nil || len(a.Entries) != 32 {
				t.Fatalf("prefix %s: %d entries, %v", id.Hash()[:5], len(a.Entries), err)
			}
			for _, e := range a.Entries {
				if e.Suffix == id.Hash()[5:] {
					t.Fatalf("the range answer reveals the full hash of absent %s", id.Canonical)
				}
			}
		}
		for _, bad := range []string{"", "3fa9", "3fa9cc", "3FA9C", "xyz12"} {
			if _, err := s.Range(ctx, bad); err == nil {
				t.Errorf("prefix %q accepted", bad)
			}
		}
	})
}

func TestImportLinesAndIdempotence(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *lookup.Service, st store.Backend) {
		ndjson := []string{
			`{"kind": "phone", "value": "+60 3-2145 0000", "typologies": ["loan-scam"], "reference": "MY-1"}`,
			`{"kind": "phone", "value": "not a number"}`,
			`{"kind": "fax", "value": "123"}`,
			`not json`,
			`{"kind": "phone", "value": "+60 3-2145 0001", "colour": "red"}`,
			`{"kind": "url", "value": "scam.example", "status": "delisted"}`,
			`{"kind": "url", "value": "scam.example", "typologies": ["vishing"]}`,
			``,
			`{"kind": "phone", "value": "+60 3-2145 0002", "official": true}`,
			`{"kind": "phone", "value": "+60 3-2145 0003", "seen": "2099-01-01"}`,
			`{"kind": "url", "value": "other-scam.example"}`,
		}
		rep := importNDJSON(t, s, ndjson...)
		want := map[int]string{2: "value", 3: "kind", 4: "", 5: "", 6: "status", 7: "typologies", 9: "label", 10: "seen"}
		if rep.Lines != 10 || rep.Created != 2 || rep.Rejected != len(want) || len(rep.Errors) != len(want) {
			t.Fatalf("report: %+v", rep)
		}
		for _, e := range rep.Errors {
			if f, ok := want[e.Line]; !ok || f != e.Field || e.Detail == "" {
				t.Errorf("error %+v: want line in %v with field %q", e, want, f)
			}
		}
		again := importNDJSON(t, s, ndjson...)
		if again.Created != 0 || again.Updated != 0 || again.Unchanged != 2 {
			t.Errorf("a repeated import changed something: %+v", again)
		}
		// An unterminated quote runs to the end of the file, so it comes last.
		csv := "kind,value,region,typologies,reference\nphone,03-2145 0000,MY,loan-scam;task-scam,MY-2\nphone,12,MY,,\n" +
			"phone,+60 3-2145 0004,MY\nphone,\"unterminated,MY,,\n"
		rep, err := s.Import(context.Background(), admin, "MY", lookup.FormatCSV, strings.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Lines != 4 || rep.Updated != 1 || rep.Rejected != 3 || rep.Errors[0].Line != 3 || rep.Errors[1].Line != 4 {
			t.Errorf("CSV report: %+v", rep)
		}
		res, _ := s.Lookup(context.Background(), "phone", "+60321450000", "")
		if res.Verdict != lookup.VerdictHighRisk || len(res.Listing.Sources) != 2 || len(res.Listing.Typologies) != 2 {
			t.Errorf("after the CSV import: %+v", res.Listing)
		}
		if _, err := s.Import(context.Background(), admin, "MY", lookup.FormatCSV, strings.NewReader("number,kind\n1,phone\n")); err == nil {
			t.Error("a CSV with an unknown column was accepted")
		}
		if _, err := s.Import(context.Background(), admin, "MY", lookup.FormatCSV, strings.NewReader("kind,region\nphone,MY\n")); err == nil {
			t.Error("a CSV without a value column was accepted")
		}
	})
}

func TestAlertsBecomeListings(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *lookup.Service, st store.Backend) {
		ctx := context.Background()
		now := time.Now().UTC()
		a := &alerts.Alert{ID: "000000000001000000000001", Slug: "fake-police", Status: alerts.StatusPublished, Agency: "TH",
			PublishedAt: &now, Content: alerts.Content{Typologies: []string{"official-impersonation"}, Regions: []string{"TH"},
				Indicators: []alerts.Indicator{{Kind: "phone", Value: "02 123 4567"}, {Kind: "url", Value: "police-verify.example"}, {Kind: "phone", Value: "bad"}}}}
		if err := s.SyncAlert(ctx, a); err != nil {
			t.Fatal(err)
		}
		check := func(value string, want lookup.Verdict) {
			t.Helper()
			res, err := s.Lookup(ctx, "phone", value, "TH")
			if err != nil || res.Verdict != want {
				t.Errorf("%s: %v %v, want %s", value, res, err, want)
			}
		}
		check("021234567", lookup.VerdictHighRisk)
		res, _ := s.Lookup(ctx, "phone", "021234567", "TH")
		if len(res.Listing.Alerts()) != 1 || res.Listing.Alerts()[0] != "fake-police" {
			t.Errorf("the listing does not point at its alert: %+v", res.Listing.Sources)
		}
		a.Indicators = a.Indicators[1:2] // an update drops the phone number
		if err := s.SyncAlert(ctx, a); err != nil {
			t.Fatal(err)
		}
		check("021234567", lookup.VerdictNoRecord)
		a.Status = alerts.StatusRetracted
		if err := s.SyncAlert(ctx, a); err != nil {
			t.Fatal(err)
		}
		if res, _ := s.Lookup(ctx, "url", "police-verify.example", ""); res.Verdict != lookup.VerdictNoRecord {
			t.Errorf("a retracted alert's site answers %s", res.Verdict)
		}
	})
}

func TestReportsMakeSuspicious(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *lookup.Service, st store.Backend) {
		ctx := context.Background()
		in := lookup.ReportInput{Kind: "phone", Value: "061 000 5678", Typology: "prize-scam", Country: "TH", Description: "Said I won"}
		var ve *valid.Errors
		bad := in
		bad.Country, bad.Typology, bad.Description, bad.Currency, bad.OccurredOn = "XX", "lottery", strings.Repeat("x", 2001), "thb", "2099-01-01"
		if _, err := s.Submit(ctx, bad); !errors.As(err, &ve) || len(ve.Fields) != 6 { // the number is invalid without a country too
			t.Fatalf("invalid report: %v", err)
		}
		var ids []string
		for range 3 {
			r, err := s.Submit(ctx, in)
			if err != nil || r.Status != lookup.ReportPending || r.Canonical != "+66610005678" {
				t.Fatalf("Submit: %+v %v", r, err)
			}
			ids = append(ids, r.ID)
		}
		verdict := func() lookup.Verdict {
			res, _ := s.Lookup(ctx, "phone", "+66610005678", "")
			return res.Verdict
		}
		if v := verdict(); v != lookup.VerdictNoRecord {
			t.Fatalf("pending reports already count: %s", v)
		}
		if _, err := s.Reject(ctx, admin, ids[0], ""); err == nil {
			t.Error("a rejection without reason was accepted")
		}
		s.Accept(ctx, admin, ids[0], "")
		s.Accept(ctx, admin, ids[1], "")
		if v := verdict(); v != lookup.VerdictNoRecord {
			t.Errorf("2 accepted reports: %s, want no_record below the threshold of 3", v)
		}
		if _, err := s.Accept(ctx, admin, ids[0], ""); !errors.Is(err, lookup.ErrConflict) {
			t.Errorf("accepting twice: %v", err)
		}
		s.Accept(ctx, admin, ids[2], "")
		if v := verdict(); v != lookup.VerdictSuspicious {
			t.Errorf("3 accepted reports: %s, want suspicious", v)
		}
	})
}
