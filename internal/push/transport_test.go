package push

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestTransportDialsOnlyWhatThePolicyAdmits(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data", http.StatusFound)
			return
		}
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	ctx := context.Background()
	hdr := [][2]string{{"TTL", "60"}}

	status, _, _, err := NewTransport(&EndpointPolicy{}, time.Second).Post(ctx, srv.URL+"/push", hdr, []byte("x"))
	if err == nil || status != 0 || hits != 0 {
		t.Fatalf("a loopback endpoint was reached without --push-allow-local: status %d, err %v", status, err)
	}
	if e, ok := IsEndpointError(err); !ok || e.Code != CodeAddress {
		t.Errorf("refused at connect time with %v, want an EndpointError %q", err, CodeAddress)
	}
	local := NewTransport(&EndpointPolicy{AllowLocal: true}, time.Second)
	status, retry, _, err := local.Post(ctx, srv.URL+"/push", hdr, []byte("x"))
	if err != nil || status != 429 || retry != "7" {
		t.Fatalf("allowed local endpoint: %d %q %v", status, retry, err)
	}
	status, _, _, err = local.Post(ctx, srv.URL+"/redirect", hdr, []byte("x"))
	if err != nil || status != http.StatusFound || hits != 2 {
		t.Errorf("a redirect must be answered, not followed: %d %v (hits %d)", status, err, hits)
	}
}

func TestTransportTimesOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(500 * time.Millisecond)
	}))
	defer srv.Close()
	start := time.Now()
	status, _, _, err := NewTransport(&EndpointPolicy{AllowLocal: true}, 100*time.Millisecond).
		Post(context.Background(), srv.URL, nil, []byte("x"))
	if err == nil || status != 0 || time.Since(start) > 400*time.Millisecond {
		t.Errorf("slow push service: status %d err %v after %v", status, err, time.Since(start))
	}
}
