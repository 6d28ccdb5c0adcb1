package push

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// RecordSize is the size of every encrypted push body. Padding every
// message to it means its length tells an observer nothing about the alert
// or the language.
const RecordSize = 4096

const headerLen = 16 + 4 + 1 + 65 // salt, record size, key id length, key id

// Recipient holds a subscriber's keys, decoded and checked once.
type Recipient struct {
	pub  *ecdh.PublicKey
	raw  []byte // the 65-byte uncompressed point
	auth []byte
}

// NewRecipient decodes a subscription's keys.
func NewRecipient(p256dh, auth string) (*Recipient, error) {
	raw, err := decodeB64URL(p256dh)
	if err != nil {
		return nil, fmt.Errorf("p256dh: %w", err)
	}
	pub, err := ecdh.P256().NewPublicKey(raw)
	if err != nil {
		return nil, fmt.Errorf("p256dh: %w", err)
	}
	a, err := decodeB64URL(auth)
	if err != nil || len(a) != 16 {
		return nil, fmt.Errorf("auth: not a 16-byte base64url secret")
	}
	return &Recipient{pub: pub, raw: raw, auth: a}, nil
}

// Encrypt seals payload for r as one aes128gcm record (RFC 8188) with the
// Web Push key derivation of RFC 8291, padded to RecordSize bytes. Each call
// uses a fresh ephemeral key and salt, as the RFC requires.
func Encrypt(r *Recipient, payload []byte) ([]byte, error) {
	if len(payload) > MaxPayload {
		return nil, fmt.Errorf("payload of %d bytes exceeds %d", len(payload), MaxPayload)
	}
	eph, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	shared, err := eph.ECDH(r.pub)
	if err != nil {
		return nil, err
	}
	asPub := eph.PublicKey().Bytes()
	info := make([]byte, 0, 14+65+65)
	info = append(append(append(info, "WebPush: info\x00"...), r.raw...), asPub...)
	ikm, err := hkdf.Key(sha256.New, shared, r.auth, string(info), 32)
	if err != nil {
		return nil, err
	}
	out := make([]byte, headerLen, RecordSize)
	if _, err := rand.Read(out[:16]); err != nil {
		return nil, err
	}
	// One extraction serves both expansions (RFC 8188 §2.2, §2.3).
	prk, err := hkdf.Extract(sha256.New, ikm, out[:16])
	if err != nil {
		return nil, err
	}
	cek, err := hkdf.Expand(sha256.New, prk, "Content-Encoding: aes128gcm\x00", 16)
	if err != nil {
		return nil, err
	}
	nonce, err := hkdf.Expand(sha256.New, prk, "Content-Encoding: nonce\x00", 12)
	if err != nil {
		return nil, err
	}
	binary.BigEndian.PutUint32(out[16:20], RecordSize)
	out[20] = 65
	copy(out[21:], asPub)

	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, err
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	// The plaintext is the payload, the last-record delimiter 2, and zeros
	// up to the record size; it is built in out's spare capacity.
	plain := out[headerLen : RecordSize-gcm.Overhead()]
	n := copy(plain, payload)
	plain[n] = 2
	clear(plain[n+1:])
	return gcm.Seal(out[:headerLen], nonce, plain, nil), nil
}
