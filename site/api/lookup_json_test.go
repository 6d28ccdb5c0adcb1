package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/lookup"
)

// TestLookupAnswerJSON checks that appendLookupAnswer writes what
// encoding/json writes, for answers with and without a listing and with
// strings it escapes.
func TestLookupAnswerJSON(t *testing.T) {
	label := `Police <hotline> "1191" & ไทย`
	at := time.Date(2026, 11, 22, 4, 38, 3, 479264959, time.FixedZone("", 7*3600))
	answers := []lookupAnswer{
		{Kind: "phone", Canonical: "+6621234567", Verdict: lookup.VerdictNoRecord, Advice: "No record is not proof of safety."},
		{Kind: "url", Canonical: "scam.example/a\u2028b", Verdict: lookup.VerdictHighRisk, Advice: "bad \xff byte",
			Listing: &publicListing{ID: "6820a16ef494bd0c8db57e34", Status: lookup.StatusVerified, Typologies: []string{"phishing"},
				Regions: []string{}, Sources: []lookup.Source{{Agency: "TH", Reference: "BENCH-42"}, {Agency: "MY", Alert: "a-b"}},
				FirstSeen: at, LastSeen: at.UTC(), Reports: 3}},
		{Kind: "phone", Verdict: lookup.VerdictOfficial, Listing: &publicListing{Label: &label, Reports: -1}},
	}
	for _, a := range answers {
		want, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendLookupAnswer(nil, a)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("got  %s (%v)\nwant %s", got, err, want)
		}
	}
	bad := lookupAnswer{Listing: &publicListing{FirstSeen: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}
	if _, err := appendLookupAnswer(nil, bad); err == nil {
		t.Error("a time encoding/json refuses was written")
	}
}

// TestAdviceMemo: advice is looked up once per language and verdict, and
// languages from the query cannot grow the memo without bound.
func TestAdviceMemo(t *testing.T) {
	var memo adviceMemo
	calls := 0
	advice := func(lang string, v lookup.Verdict) string { calls++; return lang + ":" + string(v) }
	for range 3 {
		if got := memo.get("th", lookup.VerdictHighRisk, advice); got != "th:high_risk" {
			t.Fatalf("got %q", got)
		}
	}
	if calls != 1 {
		t.Errorf("%d lookups of one pair", calls)
	}
	for i := range 2 * maxAdvised {
		lang := fmt.Sprint("x", i)
		if got := memo.get(lang, lookup.VerdictNoRecord, advice); got != lang+":no_record" {
			t.Fatalf("got %q", got)
		}
	}
	if len(memo.m) > maxAdvised {
		t.Errorf("%d pairs kept", len(memo.m))
	}
}
