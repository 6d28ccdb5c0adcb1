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

func (s *Service) handlePush(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.mu.Lock()
	sub, ok := s.subs[id]
	if ok {
		s.attempts[id]++
	}
	gone := s.gone[id]
	s.mu.Unlock()
	switch {
	case !ok:
		http.Error(w, "no such subscription", http.StatusNotFound)
		return
	case gone:
		http.Error(w, "subscription expired or unsubscribed", http.StatusGone)
		return
	}

	// Read the body before any fault: once it is read, the server notices a
	// client that hangs up and cancels r.Context(), which ends a Delay early.
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		http.Error(w, "reading body: "+err.Error(), http.StatusBadRequest)
		return
	}

	if f, ok := s.takeFault(id); ok {
		if f.Delay > 0 {
			t := time.NewTimer(f.Delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		if f.Status != 0 {
			if f.RetryAfter > 0 {
				secs := int(math.Ceil(f.RetryAfter.Seconds()))
				w.Header().Set("Retry-After", strconv.Itoa(secs))
			}
			http.Error(w, "injected fault", f.Status)
			return
		}
	}

	msg, err := s.accept(sub, r, body)
	if err != nil {
		var he *httpError
		if !errors.As(err, &he) {
			he = &httpError{http.StatusBadRequest, err.Error()}
		}
		http.Error(w, he.msg, he.status)
		return
	}
	s.record(msg)
	w.Header().Set("Location", "/message/"+msg.ID)
	w.WriteHeader(http.StatusCreated)
}

// accept validates the request and decrypts its body.
func (s *Service) accept(sub *Subscriber, r *http.Request, body []byte) (*Message, error) {
	ttl, err := strconv.Atoi(strings.TrimSpace(r.Header.Get("TTL")))
	if err != nil || ttl < 0 {
		return nil, fail(http.StatusBadRequest, "TTL header missing or not a non-negative integer")
	}
	urgency := r.Header.Get("Urgency")
	switch urgency {
	case "":
		urgency = "normal"
	case "very-low", "low", "normal", "high":
	default:
		return nil, fail(http.StatusBadRequest, "Urgency must be very-low, low, normal or high")
	}
	topic := r.Header.Get("Topic")
	if topic != "" && !topicRE.MatchString(topic) {
		return nil, fail(http.StatusBadRequest, "Topic must be at most 32 base64url characters")
	}
	if ce := r.Header.Get("Content-Encoding"); !strings.EqualFold(ce, "aes128gcm") {
		return nil, fail(http.StatusUnsupportedMediaType, "Content-Encoding must be aes128gcm")
	}

	u, err := url.Parse(sub.Endpoint)
	if err != nil {
		return nil, fail(http.StatusInternalServerError, "bad endpoint")
	}
	claims, err := s.verifyVAPID(r.Header.Get("Authorization"), u.Scheme+"://"+u.Host)
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
