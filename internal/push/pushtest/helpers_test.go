package pushtest_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	webpush "github.com/SherClockHolmes/webpush-go"
	"github.com/golang-jwt/jwt/v5"

	"github.com/antifraud-alliance/beacon/internal/push/pushtest"
)

type vapidKeys struct{ priv, pub string }

func genVAPID(t *testing.T) vapidKeys {
	t.Helper()
	priv, pub, err := webpush.GenerateVAPIDKeys()
	if err != nil {
		t.Fatal(err)
	}
	return vapidKeys{priv, pub}
}

// env is a Service behind an httptest.Server with the VAPID keys it trusts.
type env struct {
	svc  *pushtest.Service
	srv  *httptest.Server
	keys vapidKeys
}

func newEnv(t *testing.T) *env {
	t.Helper()
	keys := genVAPID(t)
	svc, err := pushtest.New(keys.pub)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(svc)
	t.Cleanup(srv.Close)
	return &env{svc: svc, srv: srv, keys: keys}
}

func (e *env) subscribe(t *testing.T) *pushtest.Subscriber {
	t.Helper()
	sub, err := e.svc.Subscribe(e.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

func (e *env) options() *webpush.Options {
	return &webpush.Options{
		HTTPClient:      e.srv.Client(),
		Subscriber:      "ops@beacon.example",
		TTL:             60,
		VAPIDPublicKey:  e.keys.pub,
		VAPIDPrivateKey: e.keys.priv,
	}
}

// send pushes payload with the real webpush-go sender and returns the status
// and the response headers (0 and nil when the request failed).
func send(t *testing.T, sub *pushtest.Subscriber, payload []byte, o *webpush.Options) (int, http.Header) {
	t.Helper()
	resp, err := webpush.SendNotification(payload, &webpush.Subscription{
		Endpoint: sub.Endpoint,
		Keys:     webpush.Keys{P256dh: sub.P256dh, Auth: sub.Auth},
	}, o)
	if err != nil {
		t.Errorf("send: %v", err) // not Fatal: called from goroutines
		return 0, nil
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, resp.Header
}

// tamper is a webpush.HTTPClient that lets a test change the request that
// webpush-go built before it is sent.
type tamper struct {
	c      *http.Client
	header func(http.Header)
	body   func([]byte) []byte
}

func (tc tamper) Do(r *http.Request) (*http.Response, error) {
	if tc.header != nil {
		tc.header(r.Header)
	}
	if tc.body != nil {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		b = tc.body(b)
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.ContentLength = int64(len(b))
	}
	return tc.c.Do(r)
}

// vapidHeader signs claims with the VAPID private key and builds an
// Authorization header, so tests can send tokens webpush-go would not.
func vapidHeader(t *testing.T, keys vapidKeys, claims jwt.MapClaims) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(keys.priv)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), raw)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodES256, claims).SignedString(priv)
	if err != nil {
		t.Fatal(err)
	}
	return "vapid t=" + tok + ", k=" + keys.pub
}

func claims(aud, sub string, exp time.Time) jwt.MapClaims {
	return jwt.MapClaims{"aud": aud, "sub": sub, "exp": exp.Unix()}
}
