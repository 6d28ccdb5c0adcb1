package push

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"testing"
)

// BenchmarkEncrypt is the per-message encryption alone, on every core, to
// set beside BenchmarkSend.
func BenchmarkEncrypt(b *testing.B) {
	k, _ := ecdh.P256().GenerateKey(rand.Reader)
	auth := make([]byte, 16)
	r, err := NewRecipient(base64.RawURLEncoding.EncodeToString(k.PublicKey().Bytes()), base64.RawURLEncoding.EncodeToString(auth))
	if err != nil {
		b.Fatal(err)
	}
	payload := make([]byte, 600)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := Encrypt(r, payload); err != nil {
				b.Error(err)
			}
		}
	})
}
