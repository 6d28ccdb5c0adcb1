package pushtest

import (
	"errors"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// maxBody is the largest push message body accepted (RFC 8030 §7.2,
// RFC 8291 §4): larger bodies get 413.
const maxBody = 4096

var topicRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// httpError is an answer other than 201.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func fail(status int, msg string) error { return &httpError{status, msg} }

// Request is one push request, apart from the HTTP server that took it.
type Request struct {
	ID     string                   // the {id} of POST /push/{id}
	Header func(name string) string // the request's header values
	Body   io.Reader
	Done   <-chan struct{} // closed when the client leaves; nil if never
}

// Answer is the service's answer to a Request.
type Answer struct {
	Status     int
	RetryAfter string // seconds; "" for none
	Location   string // of the message created (201)
	Text       string // why, when it is not 201
}

func (s *Service) handlePush(w http.ResponseWriter, r *http.Request) {
	a := s.Handle(Request{ID: r.PathValue("id"), Header: r.Header.Get, Body: r.Body, Done: r.Context().Done()})
	if a.RetryAfter != "" {
		w.Header().Set("Retry-After", a.RetryAfter)
	}
	if a.Status == http.StatusCreated {
		w.Header().Set("Location", a.Location)
		w.WriteHeader(a.Status)
		return
	}
	if a.Text != "" {
		http.Error(w, a.Text, a.Status)
	}
}

// Handle answers one push request. ServeHTTP calls it; a server of another
// kind (the benchmark's fasthttp one) may call it too.
func (s *Service) Handle(r Request) Answer {
	s.mu.Lock()
	sub, ok := s.subs[r.ID]
	if ok {
		s.attempts[r.ID]++
	}
	gone := s.gone[r.ID]
	s.mu.Unlock()
	switch {
	case !ok:
		return Answer{Status: http.StatusNotFound, Text: "no such subscription"}
	case gone:
		return Answer{Status: http.StatusGone, Text: "subscription expired or unsubscribed"}
	}

	// Read the body before any fault: once it is read, the server notices a
	// client that hangs up and closes Done, which ends a Delay early.
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return Answer{Status: http.StatusBadRequest, Text: "reading body: " + err.Error()}
	}

	if f, ok := s.takeFault(r.ID); ok {
		if f.Delay > 0 {
			t := time.NewTimer(f.Delay)
			select {
			case <-t.C:
			case <-r.Done:
				t.Stop()
				return Answer{}
			}
		}
		if f.Status != 0 {
			a := Answer{Status: f.Status, Text: "injected fault"}
			if f.RetryAfter > 0 {
				a.RetryAfter = strconv.Itoa(int(math.Ceil(f.RetryAfter.Seconds())))
			}
			return a
		}
	}

	msg, err := s.accept(sub, r.Header, body)
	if err != nil {
		var he *httpError
		if !errors.As(err, &he) {
			he = &httpError{http.StatusBadRequest, err.Error()}
		}
		return Answer{Status: he.status, Text: he.msg}
	}
	s.record(msg)
	return Answer{Status: http.StatusCreated, Location: "/message/" + msg.ID}
}

// accept validates the request and decrypts its body.
func (s *Service) accept(sub *Subscriber, header func(string) string, body []byte) (*Message, error) {
	ttl, err := strconv.Atoi(strings.TrimSpace(header("TTL")))
	if err != nil || ttl < 0 {
		return nil, fail(http.StatusBadRequest, "TTL header missing or not a non-negative integer")
	}
	urgency := header("Urgency")
	switch urgency {
	case "":
		urgency = "normal"
	case "very-low", "low", "normal", "high":
	default:
		return nil, fail(http.StatusBadRequest, "Urgency must be very-low, low, normal or high")
	}
	topic := header("Topic")
	if topic != "" && !topicRE.MatchString(topic) {
		return nil, fail(http.StatusBadRequest, "Topic must be at most 32 base64url characters")
	}
	if ce := header("Content-Encoding"); !strings.EqualFold(ce, "aes128gcm") {
		return nil, fail(http.StatusUnsupportedMediaType, "Content-Encoding must be aes128gcm")
	}

	u, err := url.Parse(sub.Endpoint)
	if err != nil {
		return nil, fail(http.StatusInternalServerError, "bad endpoint")
	}
	claims, err := s.verifyVAPID(header("Authorization"), u.Scheme+"://"+u.Host)
	if err != nil {
		return nil, err
	}

	if len(body) > maxBody {
		return nil, fail(http.StatusRequestEntityTooLarge, "body larger than 4096 bytes")
	}
	var payload []byte
	if s.sample() {
		if payload, err = decrypt(sub, body); err != nil {
			return nil, fail(http.StatusBadRequest, "aes128gcm: "+err.Error())
		}
	}
	return &Message{
		ID:          randomID(),
		Subscriber:  sub.ID,
		Payload:     payload,
		TTL:         ttl,
		Urgency:     urgency,
		Topic:       topic,
		At:          time.Now(),
		JWTAudience: claims.aud,
		JWTSubject:  claims.sub,
		JWTExpiry:   claims.exp,
	}, nil
}

// sample says whether to decrypt the next message (see DecryptEvery).
func (s *Service) sample() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accepted++
	return s.DecryptEvery <= 1 || s.accepted%s.DecryptEvery == 1
}

// record stores m, replacing an undelivered message with the same Topic.
func (s *Service) record(m *Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.Topic != "" {
		for _, old := range s.bySub[m.Subscriber] {
			if old.Topic == m.Topic && !old.Delivered {
				old.Replaced = true
			}
		}
	}
	s.msgs = append(s.msgs, m)
	s.bySub[m.Subscriber] = append(s.bySub[m.Subscriber], m)
}
