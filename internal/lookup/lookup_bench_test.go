package lookup_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

// BenchmarkLookupAndRange checks one listed number, and asks its range,
// against 100,000 listings on SQLite.
func BenchmarkLookupAndRange(b *testing.B) {
	var sb strings.Builder
	for i := range 100000 {
		fmt.Fprintf(&sb, `{"kind": "phone", "value": "+66 81 %03d %04d", "typologies": ["phishing"]}`+"\n", i/10000, i%10000)
	}
	s := lookup.NewService(storetest.SQLite(b), lookup.Config{})
	if _, err := s.Import(context.Background(), admin, "TH", lookup.FormatNDJSON, strings.NewReader(sb.String())); err != nil {
		b.Fatal(err)
	}
	id, _ := ident.Parse("phone", "+66 81 000 0042", "")
	ctx := context.Background()
	b.Run("lookup", func(b *testing.B) {
		for range b.N {
			if r, err := s.Lookup(ctx, "phone", "+66810000042", ""); err != nil || r.Verdict != lookup.VerdictHighRisk {
				b.Fatal(r, err)
			}
		}
	})
	b.Run("range", func(b *testing.B) {
		for range b.N {
			if _, err := s.Range(ctx, id.Hash()[:5]); err != nil {
				b.Fatal(err)
			}
		}
	})
}
