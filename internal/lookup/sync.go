package lookup

import (
	"context"
	"fmt"
	"slices"

	"github.com/antifraud-alliance/beacon/alerts"
	"github.com/antifraud-alliance/beacon/internal/lookup/ident"
)

// SyncAlert makes the listings agree with an alert: while it is published,
// each of its indicators is a verified listing with the alert as a source;
// an indicator the alert no longer names, or every indicator of a retracted
// alert, loses that source, and a listing left without sources is withdrawn
// (or stays "reported" if citizens' reports remain). It is idempotent, so
// start-up can run it over every alert to repair a crash between the two writes.
func (s *Service) SyncAlert(ctx context.Context, a *alerts.Alert) error {
	if !a.Public() {
		return nil
	}
	now := s.cfg.Now().UTC()
	src := Source{Agency: a.Agency, Alert: a.Slug}
	want := map[string]ident.ID{}
	if a.Status == alerts.StatusPublished {
		region := ""
		if len(a.Regions) > 0 && a.Regions[0] != alerts.RegionGlobal {
			region = a.Regions[0]
		}
		for _, ind := range a.Indicators {
			id, err := ident.Parse(ident.Kind(ind.Kind), ind.Value, region)
			if err != nil {
				s.cfg.Log.Warn("alert indicator is not a valid identifier; not listed", "alert", a.Slug, "kind", ind.Kind, "code", codeOf(err))
				continue
			}
			want[id.Hash()] = id
		}
	}
	current, err := s.store.ListingsByAlert(ctx, a.Slug)
	if err != nil {
		return fmt.Errorf("listings of alert %s: %w", a.Slug, err)
	}
	hashes := make([]string, 0, len(want))
	for h := range want {
		hashes = append(hashes, h)
	}
	existing, err := s.store.ListingsByHash(ctx, hashes)
	if err != nil {
		return err
	}
	var puts []*Listing
	for _, l := range current { // drop the alert from listings it no longer names
		if _, keep := want[l.Hash]; keep {
			continue
		}
		c := *l
		c.Sources = slices.DeleteFunc(append([]Source{}, l.Sources...), func(x Source) bool { return x.Alert == a.Slug })
		if len(c.Sources) == 0 && !c.Official {
			c.Status = StatusDelisted
			if c.Reports > 0 {
				c.Status = StatusReported
			}
			c.DelistReason = "the alert that named it was withdrawn or changed"
		}
		c.UpdatedAt = now
		puts = append(puts, &c)
	}
	for h, id := range want {
		l := existing[h]
		if l == nil {
			l = &Listing{ID: IDOf(h), Hash: h, Kind: id.Kind, Canonical: id.Canonical, FirstSeen: *a.PublishedAt}
		} else {
			c := *l
			c.Sources = append([]Source{}, l.Sources...)
			l = &c
		}
		l.Status, l.DelistReason = StatusVerified, ""
		l.addSource(src)
		l.Typologies = union(l.Typologies, a.Typologies)
		l.Regions = union(l.Regions, slices.DeleteFunc(append([]string{}, a.Regions...), func(r string) bool { return r == alerts.RegionGlobal }))
		l.seen(*a.PublishedAt)
		l.UpdatedAt = now
		puts = append(puts, l)
	}
	if len(puts) == 0 {
		return nil
	}
	return s.store.PutListings(ctx, puts)
}

func codeOf(err error) string {
	if e, ok := err.(*ident.Error); ok {
		return e.Code
	}
	return "invalid"
}
