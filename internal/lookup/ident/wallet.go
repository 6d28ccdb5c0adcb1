package ident

import (
	"encoding/hex"
	"errors"
	"strconv"
	"strings"

	"golang.org/x/crypto/sha3"
)

// parseWallet returns "chain:address" for a crypto wallet address.
//
// The value is "chain:address" (chain btc/bitcoin, eth/ethereum or
// trx/tron, any case; a BIP-21 style "?amount=…" is dropped) or a bare
// address whose chain its shape gives away: "0x…" is Ethereum, "bc1…", "1…"
// and "3…" are Bitcoin, "T…" is Tron. Every chain's checksum is verified, so
// a mistyped address is reported as such instead of giving a reassuring
// "no record".
//
// Canonical forms: "btc:" plus the address as written (bech32 lower-cased,
// base58 is case-sensitive), "eth:0x" plus lower-case hex, "trx:" plus the
// base58 address.
func parseWallet(value string) (string, error) {
	chain, addr, found := strings.Cut(value, ":")
	if found {
		addr, _, _ = strings.Cut(addr, "?")
		switch strings.ToLower(strings.TrimSpace(chain)) {
		case "btc", "bitcoin":
			chain = "btc"
		case "eth", "ethereum":
			chain = "eth"
		case "trx", "tron":
			chain = "trx"
		default:
			return "", fail(Wallet, CodeWalletUnknownChain, "unsupported chain "+quoteShort(chain))
		}
		addr = strings.TrimSpace(addr)
	} else {
		addr = value
		chain = guessChain(addr)
		if chain == "" {
			return "", fail(Wallet, CodeWalletUnknownChain, "address of no recognised chain")
		}
	}
	var (
		canon string
		err   error
	)
	switch chain {
	case "btc":
		canon, err = bitcoinAddress(addr)
	case "eth":
		canon, err = ethereumAddress(addr)
	default:
		canon, err = tronAddress(addr)
	}
	if err != nil {
		return "", err
	}
	return chain + ":" + canon, nil
}

// guessChain names the chain a bare address's shape belongs to, or "".
func guessChain(a string) string {
	switch {
	case strings.HasPrefix(a, "0x") || strings.HasPrefix(a, "0X"):
		return "eth"
	case len(a) >= 3 && (strings.EqualFold(a[:3], "bc1") || strings.EqualFold(a[:3], "tb1")):
		return "btc" // tb1 is testnet: refused as invalid rather than unknown
	case strings.HasPrefix(a, "1") || strings.HasPrefix(a, "3"):
		return "btc"
	case strings.HasPrefix(a, "T"):
		return "trx"
	}
	return ""
}

// bitcoinAddress accepts mainnet P2PKH (version 0x00) and P2SH (0x05)
// base58check addresses and segwit addresses of any witness version.
func bitcoinAddress(a string) (string, error) {
	if !strings.HasPrefix(a, "1") && !strings.HasPrefix(a, "3") {
		return segwitAddress(a)
	}
	payload, err := base58Payload(a)
	if err != nil {
		return "", err
	}
	if len(payload) != 21 || payload[0] != 0x00 && payload[0] != 0x05 {
		return "", fail(Wallet, CodeWalletInvalid, "not a Bitcoin mainnet P2PKH or P2SH address")
	}
	return a, nil
}

// tronAddress accepts Tron's base58check addresses: 21 bytes, version 0x41,
// which always spell out with a leading "T".
func tronAddress(a string) (string, error) {
	payload, err := base58Payload(a)
	if err != nil {
		return "", err
	}
	if len(payload) != 21 || payload[0] != 0x41 || !strings.HasPrefix(a, "T") {
		return "", fail(Wallet, CodeWalletInvalid, "not a Tron address")
	}
	return a, nil
}

func base58Payload(a string) ([]byte, error) {
	if len(a) < 25 || len(a) > 36 {
		return nil, fail(Wallet, CodeWalletInvalid, "wrong length for a base58 address")
	}
	payload, err := base58CheckDecode(a)
	switch {
	case errors.Is(err, errBase58Checksum):
		return nil, fail(Wallet, CodeWalletChecksum, "base58check checksum does not match")
	case err != nil:
		return nil, fail(Wallet, CodeWalletInvalid, "character outside the base58 alphabet")
	}
	return payload, nil
}

// ethereumAddress accepts "0x" and 40 hex digits. Mixed-case addresses carry
// an EIP-55 checksum, which must hold; all-lower and all-upper ones carry
// none.
func ethereumAddress(a string) (string, error) {
	if len(a) != 42 || a[0] != '0' || a[1] != 'x' && a[1] != 'X' {
		return "", fail(Wallet, CodeWalletInvalid, "an Ethereum address is 0x and 40 hex digits")
	}
	h := a[2:]
	if _, err := hex.DecodeString(h); err != nil {
		return "", fail(Wallet, CodeWalletInvalid, "an Ethereum address is 0x and 40 hex digits")
	}
	lower := strings.ToLower(h)
	if h != lower && h != strings.ToUpper(h) && eip55(lower) != h {
		return "", fail(Wallet, CodeWalletChecksum, "EIP-55 mixed-case checksum does not match")
	}
	return "0x" + lower, nil
}

// eip55 returns the checksummed spelling of 40 lower-case hex digits: a
// letter is upper case when the matching nibble of Keccak-256(hex) is >= 8.
func eip55(lower string) string {
	k := sha3.NewLegacyKeccak256()
	k.Write([]byte(lower))
	sum := k.Sum(nil)
	out := []byte(lower)
	for i, c := range out {
		nibble := sum[i/2] >> 4
		if i%2 == 1 {
			nibble = sum[i/2] & 0xf
		}
		if c >= 'a' && nibble >= 8 {
			out[i] = c - 'a' + 'A'
		}
	}
	return string(out)
}

// quoteShort quotes s for an error detail, cut to a readable length.
func quoteShort(s string) string {
	if r := []rune(s); len(r) > 20 {
		s = string(r[:20]) + "…"
	}
	return strconv.Quote(s)
}
