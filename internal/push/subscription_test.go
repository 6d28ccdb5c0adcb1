package push

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/antifraud-alliance/beacon/internal/iso3166"
)

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// browserKeys returns keys as a browser would send them: a fresh P-256 point and 16 random bytes.
func browserKeys(t *testing.T) (p256dh, auth string) {
	t.Helper()
	k, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	a := make([]byte, 16)
	rand.Read(a)
	return b64(k.PublicKey().Bytes()), b64(a)
}

func fields(err error) []string {
	var v *ValidationError
	if !errors.As(err, &v) {
		return nil
	}
	var out []string
	for _, f := range v.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestValidateKeys(t *testing.T) {
	p, a := browserKeys(t)
	raw, _ := base64.RawURLEncoding.DecodeString(p)
	offCurve := slices.Clone(raw)
	offCurve[64] ^= 1 // moves y off the curve for the same x
	compressed := append([]byte{2 + raw[64]&1}, raw[1:33]...)
	notUncompressed := slices.Clone(raw)
	notUncompressed[0] = 5
	tests := []struct {
		name      string
		p256, au  string
		badFields []string
	}{
		{"valid", p, a, nil},
		{"valid padded", base64.URLEncoding.EncodeToString(raw), a + "==", nil},
		{"compressed point", b64(compressed), a, []string{"keys.p256dh"}},
		{"64 bytes", b64(raw[:64]), a, []string{"keys.p256dh"}},
		{"66 bytes", b64(append(slices.Clone(raw), 0)), a, []string{"keys.p256dh"}},
		{"not on the curve", b64(offCurve), a, []string{"keys.p256dh"}},
		{"bad prefix byte", b64(notUncompressed), a, []string{"keys.p256dh"}},
		{"all zeros", b64(make([]byte, 65)), a, []string{"keys.p256dh"}},
		{"bad base64", "!!not*base64!!", a, []string{"keys.p256dh"}},
		{"std base64 alphabet", strings.NewReplacer("-", "+", "_", "/").Replace(p) + "+/", a, []string{"keys.p256dh"}},
		{"empty p256dh", "", a, []string{"keys.p256dh"}},
		{"auth 15 bytes", p, b64(make([]byte, 15)), []string{"keys.auth"}},
		{"auth 17 bytes", p, b64(make([]byte, 17)), []string{"keys.auth"}},
		{"auth bad base64", p, "a b c", []string{"keys.auth"}},
		{"both bad", "x", "", []string{"keys.p256dh", "keys.auth"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Subscription{P256dh: tt.p256, Auth: tt.au}
			err := s.ValidateKeys()
			if got := fields(err); !slices.Equal(got, tt.badFields) {
				t.Fatalf("bad fields = %v, want %v (err %v)", got, tt.badFields, err)
			}
			if err != nil && !strings.Contains(err.Error(), tt.badFields[0]) {
				t.Errorf("error %q does not name %s", err, tt.badFields[0])
			}
		})
	}
}

func TestValidate(t *testing.T) {
	p, a := browserKeys(t)
	valid := func() Subscription {
		return Subscription{Endpoint: "https://fcm.googleapis.com/fcm/send/abc", P256dh: p, Auth: a,
			Lang: "th", Regions: []string{"TH", "MY"}, Typologies: []string{"phishing"}, MinSeverity: "warning"}
	}
	many := func(n int, v func(i int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = v(i)
		}
		return out
	}
	tests := []struct {
		name      string
		edit      func(*Subscription)
		badFields []string
	}{
		{"valid", func(*Subscription) {}, nil},
		{"empty filters mean all", func(s *Subscription) { s.Regions, s.Typologies, s.MinSeverity, s.Lang = nil, nil, "", "" }, nil},
		{"no endpoint", func(s *Subscription) { s.Endpoint = "" }, []string{"endpoint"}},
		{"huge endpoint", func(s *Subscription) { s.Endpoint += strings.Repeat("a", MaxEndpoint) }, []string{"endpoint"}},
		{"unknown lang", func(s *Subscription) { s.Lang = "de" }, []string{"lang"}},
		{"lang wrong case", func(s *Subscription) { s.Lang = "zh-Hans" }, []string{"lang"}},
		{"lower-case region", func(s *Subscription) { s.Regions = []string{"th"} }, []string{"regions[0]"}},
		{"unassigned region", func(s *Subscription) { s.Regions = []string{"TH", "XX"} }, []string{"regions[1]"}},
		{"duplicate region", func(s *Subscription) { s.Regions = []string{"TH", "TH"} }, []string{"regions[1]"}},
		{"61 regions", func(s *Subscription) { s.Regions = many(61, func(int) string { return "TH" }) }, []string{"regions"}},
		{"60 regions", func(s *Subscription) { s.Regions = iso3166.Codes()[:60] }, nil},
		{"unknown typology", func(s *Subscription) { s.Typologies = []string{"crypto"} }, []string{"typologies[0]"}},
		{"15 typologies", func(s *Subscription) { s.Typologies = many(15, func(int) string { return "phishing" }) }, []string{"typologies"}},
		{"bad severity", func(s *Subscription) { s.MinSeverity = "high" }, []string{"minSeverity"}},
		{"several at once", func(s *Subscription) { s.Lang, s.MinSeverity, s.Auth = "xx", "x", "" },
			[]string{"keys.auth", "lang", "minSeverity"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid()
			tt.edit(&s)
			err := s.Validate()
			if got := fields(err); !slices.Equal(got, tt.badFields) {
				t.Fatalf("bad fields = %v, want %v (err %v)", got, tt.badFields, err)
			}
		})
	}
}

func TestValidateDefaults(t *testing.T) {
	p, a := browserKeys(t)
	s := Subscription{Endpoint: "https://fcm.googleapis.com/x", P256dh: p, Auth: a}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Lang != "en" || s.MinSeverity != "advisory" {
		t.Errorf("defaults: lang %q minSeverity %q, want en advisory", s.Lang, s.MinSeverity)
	}
}

func TestSubscriptionJSON(t *testing.T) {
	in := `{"endpoint":"https://fcm.googleapis.com/fcm/send/x","keys":{"p256dh":"P","auth":"A"},` +
		`"lang":"th","regions":["TH"],"typologies":["phishing"],"minSeverity":"warning","reports":true}`
	var s Subscription
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	want := Subscription{Endpoint: "https://fcm.googleapis.com/fcm/send/x", P256dh: "P", Auth: "A", Lang: "th",
		Regions: []string{"TH"}, Typologies: []string{"phishing"}, MinSeverity: "warning", Reports: true}
	if !equalSub(s, want) {
		t.Fatalf("decoded %+v, want %+v", s, want)
	}
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Errorf("encoded\n%s\nwant\n%s", out, in)
	}
}

func equalSub(a, b Subscription) bool {
	return a.Endpoint == b.Endpoint && a.P256dh == b.P256dh && a.Auth == b.Auth && a.Lang == b.Lang &&
		slices.Equal(a.Regions, b.Regions) && slices.Equal(a.Typologies, b.Typologies) &&
		a.MinSeverity == b.MinSeverity && a.Reports == b.Reports && a.CreatedAt.Equal(b.CreatedAt)
}
