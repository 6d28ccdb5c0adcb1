package ident

import (
	"strings"
	"testing"
)

func TestWalletBitcoin(t *testing.T) {
	runTable(t, Wallet, []tc{
		// BIP-350 "valid segwit addresses" (mainnet ones; v0 vectors are also BIP-173's).
		{in: "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", want: "btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"},
		{in: "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", want: "btc:bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y"},
		{in: "BC1SW50QGDZ25J", want: "btc:bc1sw50qgdz25j"},
		{in: "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", want: "btc:bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs"},
		{in: "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", want: "btc:bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"},
		{in: "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", want: "btc:bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"}, // P2WSH
		// Base58check: the genesis address, the Bitcoin wiki's examples, the burn address.
		{in: "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", want: "btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{in: "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", want: "btc:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"},
		{in: "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", want: "btc:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"},
		{in: "1BitcoinEaterAddressDontSendf59kuE", want: "btc:1BitcoinEaterAddressDontSendf59kuE"},
		{in: "1111111111111111111114oLvT2", want: "btc:1111111111111111111114oLvT2"}, // hash160 of zero
		// Prefixed forms.
		{in: "btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", want: "btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{in: "Bitcoin: 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", want: "btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"},
		{in: "bitcoin:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?amount=0.5&label=x", want: "btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"},

		// BIP-350 "invalid segwit addresses".
		{in: "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut", code: CodeWalletUnknownChain},
		{in: "btc:tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut", code: CodeWalletInvalid},
		{in: "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", code: CodeWalletChecksum},
		{in: "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf", code: CodeWalletInvalid},
		{in: "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", code: CodeWalletChecksum},
		{in: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", code: CodeWalletChecksum},
		{in: "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47", code: CodeWalletInvalid},
		{in: "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", code: CodeWalletInvalid},
		{in: "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", code: CodeWalletInvalid},
		{in: "bc1pw5dgrnzv", code: CodeWalletInvalid},
		{in: "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav", code: CodeWalletInvalid},
		{in: "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", code: CodeWalletInvalid},
		{in: "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", code: CodeWalletInvalid},
		{in: "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", code: CodeWalletInvalid},
		{in: "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j", code: CodeWalletInvalid},
		{in: "bc1gmk9yu", code: CodeWalletInvalid},
		// Testnet, a typo in a checksum, mixed case, wrong version byte.
		{in: "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", code: CodeWalletInvalid},
		{in: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", code: CodeWalletChecksum},
		{in: "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kV8F3T4", code: CodeWalletInvalid},
		{in: "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", code: CodeWalletChecksum},
		{in: "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz", code: CodeWalletChecksum},
		{in: "1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a", code: CodeWalletInvalid}, // 0 is not base58
		{in: "1A1zP1eP5QGefi2DMPTfTL5SL", code: CodeWalletChecksum},
		{in: "btc:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", code: CodeWalletInvalid}, // a Tron address
		{in: "btc:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", code: CodeWalletInvalid},
	})
}

func TestWalletEthereum(t *testing.T) {
	runTable(t, Wallet, []tc{
		// EIP-55's own test vectors: mixed case, all caps, all lower.
		{in: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", want: "eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"},
		{in: "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", want: "eth:0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359"},
		{in: "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", want: "eth:0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb"},
		{in: "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", want: "eth:0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb"},
		{in: "0x52908400098527886E0F7030069857D2E4169EE7", want: "eth:0x52908400098527886e0f7030069857d2e4169ee7"},
		{in: "0x8617E340B3D01FA5F11F306F4090FD50E238070D", want: "eth:0x8617e340b3d01fa5f11f306f4090fd50e238070d"},
		{in: "0xde709f2102306220921060314715629080e2fb77", want: "eth:0xde709f2102306220921060314715629080e2fb77"},
		{in: "0x27b1fdb04752bbc536007a920d24acb045561c26", want: "eth:0x27b1fdb04752bbc536007a920d24acb045561c26"},
		// The USDT contract, prefixed in several spellings.
		{in: "eth:0xdAC17F958D2ee523a2206206994597C13D831ec7", want: "eth:0xdac17f958d2ee523a2206206994597c13d831ec7"},
		{in: "Ethereum:0xdac17f958d2ee523a2206206994597c13d831ec7", want: "eth:0xdac17f958d2ee523a2206206994597c13d831ec7"},
		{in: "0XDAC17F958D2EE523A2206206994597C13D831EC7", want: "eth:0xdac17f958d2ee523a2206206994597c13d831ec7"},

		{in: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", code: CodeWalletChecksum},
		{in: "0xDAC17F958D2ee523a2206206994597C13D831ec7", code: CodeWalletChecksum},
		{in: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae", code: CodeWalletInvalid},   // 39 digits
		{in: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaedd", code: CodeWalletInvalid}, // 41
		{in: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg", code: CodeWalletInvalid},
		{in: "eth:5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", code: CodeWalletInvalid},
	})
}

func TestWalletTron(t *testing.T) {
	runTable(t, Wallet, []tc{
		{in: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", want: "trx:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"}, // USDT-TRC20
		{in: "TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7", want: "trx:TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7"},
		{in: "tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", want: "trx:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
		{in: "TRX: TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", want: "trx:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},

		{in: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", code: CodeWalletChecksum},
		{in: "tR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", code: CodeWalletUnknownChain},
		{in: "trx:tR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", code: CodeWalletChecksum}, // base58 is case-sensitive
		{in: "trx:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", code: CodeWalletInvalid},  // a Bitcoin address
		{in: "TR7NHqjeKQxGTCi8q8ZY4pL8ot", code: CodeWalletChecksum},
		{in: "T" + strings.Repeat("1", 40), code: CodeWalletInvalid},
	})
}

func TestWalletUnknown(t *testing.T) {
	runTable(t, Wallet, []tc{
		{in: "doge:DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", code: CodeWalletUnknownChain},
		{in: "ltc1qg82tmjlp0fh0dtt2njkgyfq8vcydm8wl3cddv6", code: CodeWalletUnknownChain},
		{in: "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", code: CodeWalletUnknownChain},
		{in: "rEb8TK3gBgk5auZkwc6sHnwrGVJH8DuaLh", code: CodeWalletUnknownChain}, // XRP
		{in: ":1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", code: CodeWalletUnknownChain},
		{in: "hello world", code: CodeWalletUnknownChain},
	})
}

func TestBase58Decode(t *testing.T) {
	for in, want := range map[string]string{
		"":                "",
		"1":               "\x00",
		"11":              "\x00\x00",
		"2":               "\x01",
		"z":               "\x39",
		"21":              "\x3a",
		"5Q":              "\xff",
		"LUv":             "\xff\xff",
		"LUw":             "\x01\x00\x00",
		"1112":            "\x00\x00\x00\x01",
		"StV1DL6CwTryKyV": "hello world",
	} {
		got, err := base58Decode(in)
		if err != nil || string(got) != want {
			t.Errorf("base58Decode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := base58Decode("0OIl"); err == nil {
		t.Error("base58Decode accepted characters outside the alphabet")
	}
}
