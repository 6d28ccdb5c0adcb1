package ident

import (
	"bytes"
	"crypto/sha256"
	"errors"
)

// Base58 and Base58Check as Bitcoin (and Tron) use them. They are short
// enough to keep here rather than pull in a whole node implementation.

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		t[base58Alphabet[i]] = int8(i)
	}
	return t
}()

var (
	errBase58Char     = errors.New("character outside the base58 alphabet")
	errBase58Checksum = errors.New("base58check checksum mismatch")
)

// base58Decode decodes s; each leading '1' is a leading zero byte. Its cost
// is quadratic in len(s), which Parse bounds by MaxLen.
func base58Decode(s string) ([]byte, error) {
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	var num []byte // big-endian value of s[zeros:]
	for i := zeros; i < len(s); i++ {
		d := base58Index[s[i]]
		if d < 0 {
			return nil, errBase58Char
		}
		carry := int(d)
		for j := len(num) - 1; j >= 0; j-- {
			carry += int(num[j]) * 58
			num[j] = byte(carry)
			carry >>= 8
		}
		for carry > 0 {
			num = append([]byte{byte(carry)}, num...)
			carry >>= 8
		}
	}
	return append(make([]byte, zeros), num...), nil
}

// base58CheckDecode decodes s and verifies its trailing four-byte checksum
// (the first bytes of SHA-256 applied twice), returning the payload.
func base58CheckDecode(s string) ([]byte, error) {
	b, err := base58Decode(s)
	if err != nil {
		return nil, err
	}
	if len(b) < 5 {
		return nil, errBase58Checksum
	}
	payload, sum := b[:len(b)-4], b[len(b)-4:]
	h1 := sha256.Sum256(payload)
	h2 := sha256.Sum256(h1[:])
	if !bytes.Equal(h2[:4], sum) {
		return nil, errBase58Checksum
	}
	return payload, nil
}
