package lookup

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
)

// awkward are strings encoding/json escapes or rewrites.
var awkward = []string{"", "plain", `quo"te`, `back\slash`, "<b>&amp;</b>", "tab\there", "nl\n", "\x00\x1f\x7f",
	"ไทย", "emoji 🚨", "\u2028\u2029", "bad \xff utf-8", "\xed\xa0\x80", "é", strings.Repeat("long ", 50)}

// randomListing makes a listing with every field varied, awkward strings
// and unusual times included.
func randomListing(r *rand.Rand) *Listing {
	str := func() string {
		if r.IntN(3) == 0 {
			return awkward[r.IntN(len(awkward))]
		}
		return fmt.Sprintf("v%d", r.IntN(1000))
	}
	strs := func() []string {
		switch r.IntN(4) {
		case 0:
			return nil
		case 1:
			return []string{}
		}
		out := make([]string, 1+r.IntN(3))
		for i := range out {
			out[i] = str()
		}
		return out
	}
	when := func() time.Time {
		zones := []*time.Location{time.UTC, time.FixedZone("", 7*3600), time.FixedZone("", -(3*3600 + 1800))}
		switch r.IntN(5) {
		case 0:
			return time.Time{}
		case 1:
			return time.Date(2026, 11, 22, 4, 38, 3, 0, time.UTC)
		}
		return time.Unix(r.Int64N(2e9), r.Int64N(1e9)).In(zones[r.IntN(len(zones))])
	}
	l := &Listing{ID: str(), Hash: str(), Kind: ident.Kind(str()), Canonical: str(), Status: Status(str()),
		Official: r.IntN(2) == 0, Label: str(), Typologies: strs(), Regions: strs(), FirstSeen: when(), LastSeen: when(),
		Reports: r.IntN(5) - 1, DelistReason: str(), UpdatedAt: when()}
	if r.IntN(4) != 0 {
		l.Sources = []Source{}
		for range r.IntN(3) {
			l.Sources = append(l.Sources, Source{Agency: str(), Reference: str(), Alert: str()})
		}
	}
	return l
}

func TestAppendListing(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 5000 {
		l := randomListing(r)
		if i%100 == 0 {
			l.UpdatedAt = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) // Marshal refuses it
		}
		want, wantErr := json.Marshal(l)
		got, err := AppendListing(nil, l)
		if (err != nil) != (wantErr != nil) || !bytes.Equal(got, want) {
			t.Fatalf("listing %+v:\n got %s (%v)\nwant %s (%v)", l, got, err, want, wantErr)
		}
	}
}

// checkDecode compares DecodeListing with json.Unmarshal on doc.
func checkDecode(t *testing.T, doc []byte) {
	t.Helper()
	var want Listing
	wantErr := json.Unmarshal(doc, &want)
	got, err := DecodeListing(doc)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%q: error %v, encoding/json's %v", doc, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(*got, want) {
		t.Fatalf("%q:\n got %+v\nwant %+v", doc, *got, want)
	}
}

// TestDecodeListing compares DecodeListing with encoding/json on stored
// documents and on variants only encoding/json takes, and checks that the
// fast path does read what Beacon writes.
func TestDecodeListing(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	fast := 0
	for range 3000 {
		doc, err := json.Marshal(randomListing(r))
		if err != nil {
			continue
		}
		checkDecode(t, doc)
		if !bytes.ContainsRune(doc, '\\') { // nothing escaped: the fast path must read it
			fast++
			if d := (jsonReader{b: doc}); !d.listing(new(Listing)) || !d.end() {
				t.Errorf("the fast path did not read %s", doc)
			}
		}
		indented := new(bytes.Buffer)
		if err := json.Indent(indented, doc, "", "\t "); err != nil {
			t.Fatal(err)
		}
		checkDecode(t, indented.Bytes())
	}
	if fast < 100 {
		t.Errorf("only %d of 3000 documents without escapes", fast)
	}
	for _, doc := range []string{
		`{"id":"a","ID":"b"}`, `{"id":"a","id":"b"}`, `{"id":null}`, `{"typologies":null,"regions":[]}`,
		`{"reports":1.0}`, `{"reports":1e2}`, `{"reports":-0}`, `{"reports":01}`, `{"reports":99999999999999999999}`,
		`{"official":"true"}`, `{"firstSeen":"2026-01-02T03:04:05Z"}`, `{"firstSeen":"2026-01-02"}`, `{"firstSeen":null}`,
		`{"sources":[{"agency":"TH"},{"agency":"MY","alert":"x","agency":"SG"}]}`, `{"sources":[null]}`, `{"x":1}`,
		`{"id":"\u0041"}`, `{"id":"a"} `, `{"id":"a"}x`, `{"id":"a",}`, `{}`, `null`, `[]`, ``, `{"id":"\xff"}`,
		`{"label":"` + "\x01" + `"}`, `{"kind":"phone","status":"verified","typologies":["a","b"]}`,
	} {
		checkDecode(t, []byte(doc))
	}
}

// FuzzDecodeListing holds DecodeListing to json.Unmarshal on any input.
func FuzzDecodeListing(f *testing.F) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 20 {
		if doc, err := json.Marshal(randomListing(r)); err == nil {
			f.Add(doc)
		}
	}
	f.Add([]byte(`{"id":"a","id":"b","sources":[{"agency":"TH"}],"reports":3}`))
	f.Fuzz(checkDecode)
}

// checkImportLine compares decodeImportLine with the decoder it stands in for.
func checkImportLine(t *testing.T, raw []byte) {
	t.Helper()
	want, wantDetail := &ImportLine{}, ""
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(want); err != nil {
		want, wantDetail = nil, "not a JSON object of a listing: "+err.Error()
	} else if dec.More() {
		want, wantDetail = nil, "more than one JSON value on the line"
	}
	got, detail := decodeImportLine(raw)
	if detail != wantDetail || !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\n got %+v %q\nwant %+v %q", raw, got, detail, want, wantDetail)
	}
}

func TestDecodeImportLine(t *testing.T) {
	for _, line := range []string{
		`{"kind": "phone", "value": "+66 81 000 0042", "typologies": ["phishing"], "reference": "BENCH-42"}`,
		`{"kind":"phone","value":"02-123-4567","region":"TH","status":"reported","official":true,"label":"Police","seen":"2026-01-02"}`,
		`{"kind": "url", "value": "scam.example", "typologies": null}`, `{"kind": "url", "value": "a", "typologies": []}`,
		`{"Kind": "phone"}`, `{"kind": "phone", "kind": "url"}`, `{"kind": "phone", "extra": 1}`, `{"kind": null}`,
		`{"official": "yes"}`, `{"value": "\u0030"}`, `{"value": "๐๘๑"}`, `{"kind": "phone"} {"kind": "url"}`,
		`{"kind": "phone"} x`, `[1]`, `{"kind": "phone"`, `{"typologies": ["a", 1]}`, `{}`, `{"value": "a` + "\x7f\xff" + `"}`,
	} {
		checkImportLine(t, []byte(line))
	}
	if d := (jsonReader{b: []byte(`{"kind": "phone", "value": "+66 81 000 0042", "typologies": ["phishing"]}`)}); !d.importLine(new(ImportLine)) {
		t.Error("a plain line did not take the direct path")
	}
}

// FuzzDecodeImportLine holds decodeImportLine to encoding/json on any line.
func FuzzDecodeImportLine(f *testing.F) {
	f.Add([]byte(`{"kind": "phone", "value": "+66 81 000 0042", "typologies": ["phishing"], "reference": "BENCH-42"}`))
	f.Add([]byte(`{"kind":"bank","value":"DE89 3704","region":"DE","official":false,"seen":"2026-01-02","label":"x"}`))
	f.Fuzz(checkImportLine)
}
