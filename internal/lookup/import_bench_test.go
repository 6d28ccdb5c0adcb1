package lookup_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/antifraud-alliance/beacon/internal/lookup"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

// BenchmarkImport imports b.N NDJSON lines into a fresh SQLite store; the
// figure to read is ns/op, the time per line (make bench runs the full
// million-line import over HTTP).
func BenchmarkImport(b *testing.B) {
	var sb strings.Builder
	for i := range b.N {
		fmt.Fprintf(&sb, `{"kind": "phone", "value": "+66 8%d %03d %04d", "typologies": ["phishing"], "reference": "B-%d"}`+"\n",
			1+i/10000000, (i/10000)%1000, i%10000, i)
	}
	s := lookup.NewService(storetest.SQLite(b), lookup.Config{})
	b.ResetTimer()
	rep, err := s.Import(context.Background(), admin, "TH", lookup.FormatNDJSON, strings.NewReader(sb.String()))
	if err != nil || rep.Created != b.N {
		b.Fatalf("%v %+v", err, rep)
	}
}
