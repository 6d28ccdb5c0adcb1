package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"strings"

	"github.com/valyala/fasthttp"

	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/push/pushtest"
)

// service runs the push service until killed. GET /count answers how many
// messages arrived, how many of the sampled ones decrypted to JSON, and the
// service's CPU time so far in nanoseconds.
func service(args []string) error {
	fs := flag.NewFlagSet("service", flag.ContinueOnError)
	n := fs.Int("n", 100000, "subscribers")
	addr := fs.String("addr", "127.0.0.1:18097", "listen address")
	subs := fs.String("subs", "subs.ndjson", "file to write the subscriptions to")
	keysFile := fs.String("keys", "", "VAPID key pair the senders sign with, as JSON {public, private}")
	if err := fs.Parse(args); err != nil {
		return err
	}
	keys, err := readKeys(*keysFile)
	if err != nil {
		return err
	}
	svc, err := pushtest.New(keys.Public)
	if err != nil {
		return err
	}
	svc.DecryptEvery = 100
	f, err := os.Create(*subs)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	base := "http://" + *addr
	for range *n {
		s, err := svc.Subscribe(base)
		if err != nil {
			return err
		}
		b, _ := json.Marshal(push.Subscription{Endpoint: s.Endpoint, P256dh: s.P256dh, Auth: s.Auth, Lang: "th", MinSeverity: "info"})
		w.Write(append(b, '\n'))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "pushbench service: ready")
	// fasthttp rather than net/http: the service shares the cores with the
	// fan-out it measures, and a real push service would not.
	srv := &fasthttp.Server{Handler: serve(svc), ReadBufferSize: 8192, Concurrency: 4096}
	return srv.Serve(ln)
}

// serve answers POST /push/{id} with the push service and GET /count with
// what arrived (see service).
func serve(svc *pushtest.Service) fasthttp.RequestHandler {
	return func(ctx *fasthttp.RequestCtx) {
		path := string(ctx.Path())
		switch {
		case ctx.IsPost() && strings.HasPrefix(path, "/push/"):
			a := svc.Handle(pushtest.Request{ID: strings.TrimPrefix(path, "/push/"), Body: bytes.NewReader(ctx.PostBody()),
				Header: func(k string) string { return string(ctx.Request.Header.Peek(k)) }})
			if a.RetryAfter != "" {
				ctx.Response.Header.Set("Retry-After", a.RetryAfter)
			}
			if a.Location != "" {
				ctx.Response.Header.Set("Location", a.Location)
			}
			ctx.SetStatusCode(a.Status)
			ctx.SetBodyString(a.Text)
		case ctx.IsGet() && path == "/count":
			all, decrypted := svc.All(), 0
			for _, m := range all {
				if len(m.Payload) > 0 && json.Valid(m.Payload) && strings.Contains(string(m.Payload), `"lang":"th"`) {
					decrypted++
				}
			}
			fmt.Fprintf(ctx, "%d %d %d\n", len(all), decrypted, cpuTime().Nanoseconds())
		default:
			ctx.SetStatusCode(fasthttp.StatusNotFound)
		}
	}
}
