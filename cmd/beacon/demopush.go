package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/push/pushtest"
	"github.com/antifraud-alliance/beacon/site"
)

// demoPushPath is where `beacon serve --demo` runs a local push service, on
// its own listener, for the demo subscriber.
const demoPushPath = "/demo-push"

// demoPush is the demo subscriber: a local push service that decrypts what
// Beacon sends it, so the demo inbox page shows real deliveries.
type demoPush struct {
	svc *pushtest.Service
	sub *pushtest.Subscriber
}

func newDemoPush(vapidPublic string) (*demoPush, error) {
	svc, err := pushtest.New(vapidPublic)
	if err != nil {
		return nil, fmt.Errorf("demo push service: %w", err)
	}
	return &demoPush{svc: svc}, nil
}

func (d *demoPush) mount(app *fiber.App) {
	h := adaptor.HTTPHandler(http.StripPrefix(demoPushPath, d.svc))
	app.Post(demoPushPath+"/push/:id", h)
}

// subscribe makes the demo subscriber, whose endpoint is this server's own
// listener, and stores its subscription: all countries and scam types, from
// "info" up, in English, with trend reports.
func (d *demoPush) subscribe(ctx context.Context, st push.Store, listenURL string) error {
	sub, err := d.svc.Subscribe(listenURL + demoPushPath)
	if err != nil {
		return err
	}
	s := push.Subscription{Endpoint: sub.Endpoint, P256dh: sub.P256dh, Auth: sub.Auth, Lang: "en",
		MinSeverity: "info", Reports: true, CreatedAt: time.Now().UTC()}
	if err := s.Validate(); err != nil {
		return err
	}
	if _, err := st.SaveSubscription(ctx, s); err != nil {
		return fmt.Errorf("demo subscriber: %w", err)
	}
	d.sub = sub
	return nil
}

// inbox lists what the demo subscriber received, newest first.
func (d *demoPush) inbox() []site.DemoNotification {
	if d.sub == nil {
		return nil
	}
	msgs := d.svc.Received(d.sub.ID)
	out := make([]site.DemoNotification, 0, len(msgs))
	for _, m := range slices.Backward(msgs) {
		var p push.Payload
		_ = json.Unmarshal(m.Payload, &p) // what does not decode shows as empty text
		out = append(out, site.DemoNotification{At: m.At, Kind: p.Kind, Title: p.Title, Body: p.Body, URL: p.URL,
			Tag: p.Tag, Severity: p.Severity, Lang: p.Lang, Urgency: m.Urgency, Topic: m.Topic, TTL: m.TTL,
			Replaced: m.Replaced})
	}
	return out
}
