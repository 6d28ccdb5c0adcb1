package lookup

import (
	"context"
	"errors"

	"github.com/antifraud-alliance/beacon/internal/audit"
)

// Store is the storage the lookup domain needs.
type Store interface {
	// ListingsByHash returns the listings among hashes that exist, by hash.
	ListingsByHash(ctx context.Context, hashes []string) (map[string]*Listing, error)
	// PutListings inserts or replaces listings by hash, all or none.
	PutListings(ctx context.Context, ls []*Listing) error
	// Listing returns a listing by id (ErrNotFound).
	Listing(ctx context.Context, id string) (*Listing, error)
	// ListingsByPrefix returns every listing whose hash starts with prefix.
	ListingsByPrefix(ctx context.Context, prefix string) ([]*Listing, error)
	// OfficialListings returns every listing of an official contact.
	OfficialListings(ctx context.Context) ([]*Listing, error)
	// ListingsByAlert returns the listings an alert is a source of.
	ListingsByAlert(ctx context.Context, slug string) ([]*Listing, error)
	// UpdateListing replaces one listing and records e, atomically.
	UpdateListing(ctx context.Context, l *Listing, e audit.Entry) error
	// RecordAudit appends an entry on its own (e.g. the summary of an import).
	RecordAudit(ctx context.Context, e audit.Entry) error

	CreateReport(ctx context.Context, r *Report) error
	Report(ctx context.Context, id string) (*Report, error)
	ListReports(ctx context.Context, status ReportStatus, before string, limit int) ([]*Report, error)
	// DecideReport stores the decided report (if it is still pending), the
	// listing it changes (may be nil) and e, atomically; ErrConflict if it was decided already.
	DecideReport(ctx context.Context, r *Report, l *Listing, e audit.Entry) error

	// AddLookupCounts adds to the daily counts of checks by kind and verdict.
	AddLookupCounts(ctx context.Context, counts []Count) error
	// LookupCounts returns the counts of the days from, to (inclusive, YYYY-MM-DD).
	LookupCounts(ctx context.Context, from, to string) ([]Count, error)
	// Secret returns the named secret, creating it with gen the first time;
	// every node sharing the store gets the same one.
	Secret(ctx context.Context, name string, gen func() ([]byte, error)) ([]byte, error)
}

// Count is how many checks of one kind got one verdict on one day. Nothing
// else about a check is kept.
type Count struct {
	Day     string `json:"day"`
	Kind    string `json:"kind"`
	Verdict string `json:"verdict"`
	N       int64  `json:"n"`
}

// Errors of the store and service.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("already decided")
)
