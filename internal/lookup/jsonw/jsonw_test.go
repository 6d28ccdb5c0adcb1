package jsonw

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"
)

// TestStringMatchesMarshal compares String and Strings with encoding/json
// on strings it writes as they are, strings it escapes and random bytes.
func TestStringMatchesMarshal(t *testing.T) {
	list := []string{"", "plain +66 81", `"`, `\`, "<>&", "\x00\x1f\x7f", "ไทย", "\u2028", "\xff", "a\tb\nc"}
	r := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		list = append(list, string(b))
	}
	for _, s := range list {
		want, _ := json.Marshal(s)
		if got := String(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	}
	for _, l := range [][]string{nil, {}, list[:5]} {
		want, _ := json.Marshal(l)
		if got := Strings(nil, l); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", l, got, want)
		}
	}
}

func TestTimeMatchesMarshal(t *testing.T) {
	for _, at := range []time.Time{{}, time.Date(2026, 11, 22, 4, 38, 3, 479264959, time.FixedZone("", -9000)),
		time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		want, wantErr := json.Marshal(at)
		got, err := Time(nil, at)
		if (err != nil) != (wantErr != nil) || !bytes.Equal(got, want) {
			t.Errorf("%v: got %s (%v), want %s (%v)", at, got, err, want, wantErr)
		}
	}
}
