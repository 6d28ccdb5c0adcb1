package push

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
)

// fakeSecrets behaves like lookup.Store.Secret: gen runs once per name.
type fakeSecrets struct {
	mu   sync.Mutex
	m    map[string][]byte
	gens int
}

func (f *fakeSecrets) Secret(_ context.Context, name string, gen func() ([]byte, error)) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if v, ok := f.m[name]; ok {
		return v, nil
	}
	v, err := gen()
	if err != nil {
		return nil, err
	}
	if f.m == nil {
		f.m = map[string][]byte{}
	}
	f.gens++
	f.m[name] = v
	return v, nil
}

func TestLoadOrCreateVAPID(t *testing.T) {
	ctx := context.Background()
	store := &fakeSecrets{}
	first, err := LoadOrCreateVAPID(ctx, store.Secret)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Public) != 87 || len(first.Private) != 43 { // 65 and 32 bytes, unpadded base64url
		t.Fatalf("key lengths %d/%d", len(first.Public), len(first.Private))
	}
	// The public key is what a browser's subscription p256dh looks like: a point on P-256.
	if err := (&Subscription{P256dh: first.Public, Auth: "AAAAAAAAAAAAAAAAAAAAAA"}).ValidateKeys(); err != nil {
		t.Fatalf("generated public key: %v", err)
	}
	var wg sync.WaitGroup
	for range 8 { // other nodes starting at once get the same pair
		wg.Go(func() {
			k, err := LoadOrCreateVAPID(ctx, store.Secret)
			if err != nil || k != first {
				t.Errorf("second load = %+v, %v; want %+v", k, err, first)
			}
		})
	}
	wg.Wait()
	if store.gens != 1 {
		t.Fatalf("generated %d times, want 1", store.gens)
	}
	if _, ok := store.m[VAPIDSecretName]; !ok {
		t.Fatalf("not kept under %q", VAPIDSecretName)
	}
}

func TestLoadOrCreateVAPIDErrors(t *testing.T) {
	ctx := context.Background()
	other, err := LoadOrCreateVAPID(ctx, (&fakeSecrets{}).Secret)
	if err != nil {
		t.Fatal(err)
	}
	mine, _ := LoadOrCreateVAPID(ctx, (&fakeSecrets{}).Secret)
	mismatched, _ := json.Marshal(VAPIDKeys{Public: other.Public, Private: mine.Private})
	boom := errors.New("store down")
	tests := []struct {
		name   string
		secret SecretFunc
	}{
		{"store error", func(context.Context, string, func() ([]byte, error)) ([]byte, error) { return nil, boom }},
		{"not JSON", fixed([]byte("garbage"))},
		{"bad private key", fixed([]byte(`{"public":"AA","private":"!!"}`))},
		{"zero private key", fixed([]byte(`{"public":"AA","private":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}`))},
		{"mismatched pair", fixed(mismatched)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if k, err := LoadOrCreateVAPID(ctx, tt.secret); err == nil {
				t.Fatalf("got %+v, want an error", k)
			}
		})
	}
}

func fixed(b []byte) SecretFunc {
	return func(context.Context, string, func() ([]byte, error)) ([]byte, error) { return b, nil }
}

func TestValidateSubject(t *testing.T) {
	tests := []struct {
		subject string
		ok      bool
	}{
		{"mailto:push@beacon.example", true},
		{"https://beacon.example", true},
		{"https://beacon.example/contact", true},
		{"mailto:", false},
		{"mailto:not-an-address", false},
		{"mailto:Ops <ops@beacon.example>", false},
		{"mailto:a@b.example, c@d.example", false},
		{"http://beacon.example", false},
		{"https://", false},
		{"https://user@beacon.example", false},
		{"push@beacon.example", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.subject, func(t *testing.T) {
			if err := ValidateSubject(tt.subject); (err == nil) != tt.ok {
				t.Fatalf("ValidateSubject(%q) = %v, want ok %v", tt.subject, err, tt.ok)
			}
		})
	}
}
