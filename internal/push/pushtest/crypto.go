package pushtest

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// maxExpiry is how far ahead a VAPID token may expire (RFC 8292 §2).
const maxExpiry = 24 * time.Hour

type vapidClaims struct {
	aud, sub string
	exp      time.Time
}

// verifyVAPID checks an RFC 8292 "vapid t=..., k=..." Authorization header
// against the configured key and the endpoint's origin.
func (s *Service) verifyVAPID(header, origin string) (vapidClaims, error) {
	// A sender may reuse one token for every message to an origin (RFC
	// 8292 §2); a token verified once needs only its expiry checked again.
	if v, ok := s.tokens.Load(origin + " " + header); ok {
		if c := v.(vapidClaims); time.Now().Before(c.exp) {
			return c, nil
		}
		return vapidClaims{}, fail(http.StatusUnauthorized, "vapid: token expired")
	}
	c, err := s.verifyToken(header, origin)
	if err == nil {
		s.tokens.Store(origin+" "+header, c)
	}
	return c, err
}

func (s *Service) verifyToken(header, origin string) (vapidClaims, error) {
	var c vapidClaims
	scheme, params, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "vapid") {
		return c, fail(http.StatusUnauthorized, `Authorization must use the "vapid" scheme`)
	}
	var t, k string
	for p := range strings.SplitSeq(params, ",") {
		name, val, _ := strings.Cut(strings.TrimSpace(p), "=")
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "t":
			t = strings.TrimSpace(val)
		case "k":
			k = strings.TrimSpace(val)
		}
	}
	if t == "" || k == "" {
		return c, fail(http.StatusUnauthorized, "vapid: t and k parameters are required")
	}
	key, err := decodeB64URL(k)
	if err != nil {
		return c, fail(http.StatusUnauthorized, "vapid: k is not base64url")
	}
	if !bytes.Equal(key, s.vapidKey) {
		return c, fail(http.StatusForbidden, "vapid: k is not the application server key of this subscription")
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), key)
	if err != nil {
		return c, fail(http.StatusUnauthorized, "vapid: k is not a P-256 point")
	}

	var claims jwt.RegisteredClaims
	_, err = jwt.ParseWithClaims(t, &claims,
		func(*jwt.Token) (any, error) { return pub, nil },
		jwt.WithValidMethods([]string{"ES256"}),
		jwt.WithExpirationRequired(),
		jwt.WithAudience(origin),
	)
	if err != nil {
		return c, fail(http.StatusUnauthorized, "vapid: "+err.Error())
	}
	c.aud, c.sub, c.exp = origin, claims.Subject, claims.ExpiresAt.Time
	if c.exp.After(time.Now().Add(maxExpiry)) {
		return c, fail(http.StatusUnauthorized, "vapid: exp more than 24 hours ahead")
	}
	if !validSubject(c.sub) {
		return c, fail(http.StatusUnauthorized, `vapid: sub must be a "mailto:" or "https:" URL`)
	}
	return c, nil
}

func validSubject(sub string) bool {
	u, err := url.Parse(sub)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "mailto":
		return strings.Contains(u.Opaque, "@")
	case "https":
		return u.Host != ""
	}
	return false
}

// decrypt opens a single-record aes128gcm body (RFC 8188) encrypted for sub
// as RFC 8291 describes, and strips the padding.
func decrypt(sub *Subscriber, body []byte) ([]byte, error) {
	// Header: salt(16) rs(4) idlen(1) keyid(idlen).
	if len(body) < 21 {
		return nil, errors.New("body shorter than the header")
	}
	salt := body[:16]
	rs := binary.BigEndian.Uint32(body[16:20])
	idlen := int(body[20])
	if rs < 18 {
		return nil, errors.New("record size below 18")
	}
	if idlen != 65 || len(body) < 21+idlen {
		return nil, errors.New("keyid must be the sender's 65-byte public key")
	}
	asPub, err := ecdh.P256().NewPublicKey(body[21 : 21+idlen])
	if err != nil {
		return nil, errors.New("keyid is not a P-256 point")
	}
	record := body[21+idlen:]
	if len(record) < 17 {
		return nil, errors.New("record too short")
	}
	if uint32(len(record)) > rs {
		return nil, errors.New("more than one record (RFC 8291 allows one)")
	}

	secret, err := sub.priv.ECDH(asPub)
	if err != nil {
		return nil, err
	}
	// RFC 8291 §3.3-3.4: IKM from the ECDH secret and auth secret, then the
	// CEK and nonce from IKM and the salt (RFC 8188 §2.2-2.3).
	keyInfo := "WebPush: info\x00" + string(sub.priv.PublicKey().Bytes()) + string(asPub.Bytes())
	ikm, err := hkdf.Key(sha256.New, secret, sub.auth, keyInfo, 32)
	if err != nil {
		return nil, err
	}
	cek, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: aes128gcm\x00", 16)
	if err != nil {
		return nil, err
	}
	nonce, err := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: nonce\x00", 12)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	plain, err := gcm.Open(nil, nonce, record, nil) // sequence number 0
	if err != nil {
		return nil, errors.New("decryption failed")
	}
	// Last (only) record: data, delimiter 0x02, then zero padding.
	i := len(plain) - 1
	for i >= 0 && plain[i] == 0 {
		i--
	}
	if i < 0 || plain[i] != 0x02 {
		return nil, errors.New("missing last-record padding delimiter 0x02")
	}
	return plain[:i], nil
}
