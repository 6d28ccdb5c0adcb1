package workflow

import (
	"strings"
	"testing"
)

func TestBaseSlug(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Fake police calls", "fake-police-calls"},
		{"[DEMO] Café owners: beware!", "demo-cafe-owners-beware"},
		{"Ça coûte cher — arnaque", "ca-coute-cher-arnaque"},
		{"แก๊งคอลเซ็นเตอร์", ""},
		{strings.Repeat("word ", 30), "word-word-word-word-word-word-word-word-word-word-word-word"},
	}
	for _, tc := range tests {
		if got := baseSlug(tc.title); got != tc.want {
			t.Errorf("baseSlug(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}
