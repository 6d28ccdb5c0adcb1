package lookup

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/antifraud-alliance/beacon/internal/valid"

	"github.com/antifraud-alliance/beacon/alerts"
)

// PrefixLen is how many hex characters of a hash a range request reveals:
// 20 bits, about a million buckets, so each holds a handful of listings and
// the server cannot tell which one — if any — the browser was checking.
const PrefixLen = 5

// RangeEntry is one listing under a prefix, or a decoy that looks like one.
type RangeEntry struct {
	Suffix     string   `json:"suffix"`
	Verdict    Verdict  `json:"verdict"`
	Typologies []string `json:"typologies"`
	Agencies   []string `json:"agencies"` // who listed it: country codes of member agencies
	Since      string   `json:"since"`    // first seen, YYYY-MM-DD
	Label      *string  `json:"label"`
}

// RangeAnswer is every listing whose hash starts with Prefix, padded with
// decoys to a multiple of the range size so its length says nothing.
type RangeAnswer struct {
	Prefix  string       `json:"prefix"`
	Entries []RangeEntry `json:"entries"`
}

// ValidPrefix reports whether p is PrefixLen lower-case hex characters.
func ValidPrefix(p string) bool {
	if len(p) != PrefixLen {
		return false
	}
	_, err := hex.DecodeString(p + "0")
	return err == nil && strings.ToLower(p) == p
}

// Range answers a k-anonymity check. Decoys are derived from a secret, the
// prefix and the day, so asking twice gives the same answer and repeating a
// question cannot separate real entries from decoys.
func (s *Service) Range(ctx context.Context, prefix string) (*RangeAnswer, error) {
	if !ValidPrefix(prefix) {
		return nil, valid.Field("range", "prefix", "must be %d lower-case hex characters", PrefixLen)
	}
	list, err := s.store.ListingsByPrefix(ctx, prefix)
	if err != nil {
		return nil, fmt.Errorf("range %s: %w", prefix, err)
	}
	ans := &RangeAnswer{Prefix: prefix, Entries: []RangeEntry{}}
	for _, l := range list {
		v := l.Verdict(s.cfg.Threshold)
		if v == VerdictNoRecord {
			continue
		}
		e := RangeEntry{Suffix: l.Hash[PrefixLen:], Verdict: v, Typologies: l.Typologies, Agencies: l.Agencies(),
			Since: l.FirstSeen.UTC().Format("2006-01-02")}
		if l.Official && l.Label != "" {
			label := l.Label
			e.Label = &label
		}
		ans.Entries = append(ans.Entries, e)
	}
	want := s.cfg.RangeSize * ((len(ans.Entries) + s.cfg.RangeSize) / s.cfg.RangeSize)
	if len(ans.Entries)%s.cfg.RangeSize == 0 && len(ans.Entries) > 0 {
		want = len(ans.Entries)
	}
	decoys, err := s.decoys(ctx, prefix, want-len(ans.Entries))
	if err != nil {
		return nil, err
	}
	ans.Entries = append(ans.Entries, decoys...)
	sort.Slice(ans.Entries, func(i, j int) bool { return ans.Entries[i].Suffix < ans.Entries[j].Suffix })
	s.count(ctx, "range", "hidden")
	return ans, nil
}

// decoyAgencies are the agencies decoys claim; real listings name theirs.
var decoyAgencies = []string{"TH", "MY", "SG", "PH", "VN", "ID", "KH", "LA", "MM", "CN", "TW", "HK", "IN", "AE", "GB", "FR", "ES", "BR"}

func (s *Service) decoys(ctx context.Context, prefix string, n int) ([]RangeEntry, error) {
	s.keyOnce.Do(func() { s.key, s.keyErr = s.store.Secret(ctx, "range-decoys", randomKey) })
	if s.keyErr != nil {
		return nil, fmt.Errorf("decoy key: %w", s.keyErr)
	}
	day := s.cfg.Now().UTC().Format("2006-01-02")
	// One keyed hash of prefix and day seeds a stream that yields every decoy:
	// as unpredictable without the key as a hash per decoy, and ~30x cheaper.
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(prefix + "|" + day))
	rng := rand.NewChaCha8([32]byte(m.Sum(nil)))
	out := make([]RangeEntry, 0, n)
	sum := make([]byte, 64)
	for range n {
		_, _ = rng.Read(sum)
		// A decoy reads like a real entry: high risk or suspicious, one or two scam types.
		since := s.cfg.Now().UTC().AddDate(0, 0, -int(sum[44])*3-int(sum[45]))
		e := RangeEntry{Suffix: hex.EncodeToString(sum)[:64-PrefixLen], Verdict: VerdictHighRisk,
			Typologies: []string{alerts.Typologies[int(sum[40])%len(alerts.Typologies)]},
			Agencies:   []string{decoyAgencies[int(sum[46])%len(decoyAgencies)]}, Since: since.Format("2006-01-02")}
		if sum[41]%3 == 0 {
			e.Verdict = VerdictSuspicious
		}
		// Real entries have one to a few distinct scam types and agencies; so do decoys.
		if t := alerts.Typologies[int(sum[43])%len(alerts.Typologies)]; sum[42]%4 == 0 && t != e.Typologies[0] {
			e.Typologies = append(e.Typologies, t)
		}
		if a := decoyAgencies[int(sum[47])%len(decoyAgencies)]; sum[48]%5 == 0 && a != e.Agencies[0] {
			e.Agencies = append(e.Agencies, a)
		}
		out = append(out, e)
	}
	return out, nil
}
