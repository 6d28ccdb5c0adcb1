package push

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"time"

	"github.com/valyala/fasthttp"
)

// Transport posts one push message; status is 0 when no answer came.
type Transport interface {
	Post(ctx context.Context, endpoint string, header [][2]string, body []byte) (status int, retryAfter string, msg []byte, err error)
}

// fastTransport posts with fasthttp, which reuses its buffers and needs no
// goroutines per connection: per message, a net/http request costs about as
// much CPU as the encryption. Push services speak HTTP/1.1 as well as
// HTTP/2, and no request is ever redirected.
type fastTransport struct {
	c       *fasthttp.Client
	timeout time.Duration
}

// NewTransport returns the transport Beacon sends with: every connection
// dialled through p, so that no endpoint reaches a non-public address.
func NewTransport(p *EndpointPolicy, timeout time.Duration) Transport {
	if p == nil {
		p = &EndpointPolicy{}
	}
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	return &fastTransport{timeout: timeout, c: &fasthttp.Client{
		Name: "beacon-push",
		Dial: func(addr string) (net.Conn, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			return p.DialContext(ctx, "tcp", addr)
		},
		TLSConfig:           &tls.Config{MinVersion: tls.VersionTLS12},
		MaxConnsPerHost:     128,
		MaxIdleConnDuration: 90 * time.Second,
		ReadTimeout:         timeout,
		WriteTimeout:        timeout,
		MaxResponseBodySize: 64 << 10,
		// Room for the headers and the whole padded record, so that a
		// request leaves in one write rather than two.
		WriteBufferSize:    RecordSize + 4096,
		MaxConnWaitTimeout: timeout,
	}}
}

func (t *fastTransport) Post(ctx context.Context, endpoint string, header [][2]string, body []byte) (int, string, []byte, error) {
	req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(resp)
	req.SetRequestURI(endpoint)
	req.Header.SetMethod(fasthttp.MethodPost)
	for _, h := range header {
		req.Header.Set(h[0], h[1])
	}
	req.SetBodyRaw(body)
	deadline := time.Now().Add(t.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	if err := t.c.DoDeadline(req, resp, deadline); err != nil {
		if errors.Is(err, fasthttp.ErrTimeout) || errors.Is(err, fasthttp.ErrDialTimeout) {
			err = context.DeadlineExceeded
		}
		return 0, "", nil, err
	}
	msg := resp.Body()
	if len(msg) > 512 {
		msg = msg[:512]
	}
	return resp.StatusCode(), string(resp.Header.Peek(fasthttp.HeaderRetryAfter)), append([]byte(nil), msg...), nil
}
