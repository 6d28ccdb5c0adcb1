package sqlite

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/antifraud-alliance/beacon/internal/lookup"
)

// TestCheckpointerCopiesTheLog: committed pages reach the database file
// without the writer checkpointing (its own threshold is far above what
// this test writes) and without closing the store.
func TestCheckpointerCopiesTheLog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "beacon.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	time.Sleep(300 * time.Millisecond) // let the migrations' checkpoint finish
	before := size()
	ls := make([]*lookup.Listing, 3000)
	now := time.Now().UTC()
	for i := range ls {
		hash := fmt.Sprintf("%064x", i+1)
		ls[i] = &lookup.Listing{ID: lookup.IDOf(hash), Hash: hash, Kind: "phone", Canonical: fmt.Sprintf("+66810%06d", i),
			Status: lookup.StatusVerified, FirstSeen: now, LastSeen: now, UpdatedAt: now}
	}
	if err := s.PutListings(ctx, ls); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for size() <= before+int64(len(ls))*100 {
		if time.Now().After(deadline) {
			t.Fatalf("the database file stayed at %d bytes (before %d): the log was not checkpointed", size(), before)
		}
		time.Sleep(20 * time.Millisecond)
	}
	got, err := s.ListingsByHash(ctx, []string{ls[0].Hash, ls[len(ls)-1].Hash})
	if err != nil || len(got) != 2 {
		t.Fatalf("after the checkpoint: %v %v", got, err)
	}
}
