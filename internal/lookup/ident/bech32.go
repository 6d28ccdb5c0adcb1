package ident

import (
	"errors"
	"strings"
)

// Bech32 (BIP-173) and Bech32m (BIP-350), decoding only, and the segwit
// address rules on top of them.

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// The checksum constants: witness version 0 uses Bech32, 1 and up Bech32m.
const (
	bech32Const  = 1
	bech32mConst = 0x2bc830a3
)

var (
	errBech32Checksum = errors.New("bech32 checksum mismatch")
	errBech32Format   = errors.New("malformed bech32 string")
)

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

// bech32Decode splits s into its human-readable part and 5-bit data (the
// checksum removed) and reports which checksum constant it satisfied.
func bech32Decode(s string) (hrp string, data []byte, constant uint32, err error) {
	if len(s) < 8 || len(s) > 90 {
		return "", nil, 0, errBech32Format
	}
	lower, upper := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 33 || c > 126 {
			return "", nil, 0, errBech32Format
		}
		lower = lower || c >= 'a' && c <= 'z'
		upper = upper || c >= 'A' && c <= 'Z'
	}
	if lower && upper {
		return "", nil, 0, errBech32Format
	}
	s = strings.ToLower(s)
	pos := strings.LastIndexByte(s, '1')
	if pos < 1 || pos+7 > len(s) {
		return "", nil, 0, errBech32Format
	}
	hrp = s[:pos]
	values := make([]byte, 0, 2*len(hrp)+1+len(s)-pos-1)
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]>>5)
	}
	values = append(values, 0)
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]&31)
	}
	for i := pos + 1; i < len(s); i++ {
		d := strings.IndexByte(bech32Charset, s[i])
		if d < 0 {
			return "", nil, 0, errBech32Format
		}
		data = append(data, byte(d))
	}
	values = append(values, data...)
	switch c := bech32Polymod(values); c {
	case bech32Const, bech32mConst:
		return hrp, data[:len(data)-6], c, nil
	}
	return "", nil, 0, errBech32Checksum
}

// convertBits regroups 5-bit values into bytes, refusing more than four bits
// of padding or non-zero padding (BIP-173).
func convertBits(data []byte) ([]byte, bool) {
	acc, bits := uint32(0), uint(0)
	var out []byte
	for _, v := range data {
		acc = acc<<5 | uint32(v)
		bits += 5
		for bits >= 8 {
			bits -= 8
			out = append(out, byte(acc>>bits))
		}
		acc &= 1<<bits - 1
	}
	if bits >= 5 || acc != 0 {
		return nil, false
	}
	return out, true
}

// segwitAddress validates a Bitcoin mainnet segwit address and returns it
// lower-cased. A checksum with the wrong constant for the witness version
// counts as a checksum error: the address was corrupted or mis-encoded.
func segwitAddress(s string) (string, error) {
	hrp, data, constant, err := bech32Decode(s)
	switch {
	case errors.Is(err, errBech32Checksum):
		return "", fail(Wallet, CodeWalletChecksum, "bech32 checksum does not match")
	case err != nil:
		return "", fail(Wallet, CodeWalletInvalid, "malformed bech32 address")
	case hrp != "bc":
		return "", fail(Wallet, CodeWalletInvalid, "not a Bitcoin mainnet address (prefix "+hrp+")")
	case len(data) < 1 || data[0] > 16:
		return "", fail(Wallet, CodeWalletInvalid, "bad witness version")
	}
	version := data[0]
	if (version == 0) != (constant == bech32Const) {
		return "", fail(Wallet, CodeWalletChecksum, "checksum variant does not match witness version")
	}
	prog, ok := convertBits(data[1:])
	if !ok || len(prog) < 2 || len(prog) > 40 || version == 0 && len(prog) != 20 && len(prog) != 32 {
		return "", fail(Wallet, CodeWalletInvalid, "bad witness program")
	}
	return strings.ToLower(s), nil
}
