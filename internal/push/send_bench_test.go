package push_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

// BenchmarkSend is one message's whole cost in Beacon (encryption, VAPID
// header, HTTP request) against a push service that only answers 201, next
// to BenchmarkEncrypt's share of it.
func BenchmarkSend(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(201) }))
	defer srv.Close()
	keys := push.VAPIDKeys{}
	st := storetest.SQLite(b)
	keys, err := push.LoadOrCreateVAPID(context.Background(), st.Secret)
	if err != nil {
		b.Fatal(err)
	}
	signer, _ := push.NewSigner(keys, "mailto:b@beacon.example", nil)
	sender := push.NewSender(signer, push.SenderConfig{Transport: push.NewTransport(&push.EndpointPolicy{AllowLocal: true}, 0)})
	sub := storetest.NewSubscription(b, srv.URL+"/push/x")
	job := &push.Job{Urgency: "normal", Topic: "t", Expires: time.Now().Add(time.Hour), Payloads: map[string][]byte{"en": make([]byte, 600)}}
	b.ResetTimer()
	var wg sync.WaitGroup
	ch := make(chan struct{})
	for range 32 {
		wg.Go(func() {
			for range ch {
				if out, err := sender.Send(context.Background(), &sub, job, time.Now()); out != push.Sent {
					b.Error(err)
				}
			}
		})
	}
	for b.Loop() {
		ch <- struct{}{}
	}
	close(ch)
	wg.Wait()
}
