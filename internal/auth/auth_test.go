package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/store/storetest"
)

func TestIssueAndAuthenticate(t *testing.T) {
	for _, k := range storetest.Kinds {
		t.Run(k.Name, func(t *testing.T) {
			ctx := context.Background()
			st := k.Open(t)
			svc := auth.NewService(st, nil)
			plain, tok, err := svc.Issue(ctx, "Rex", auth.RoleReviewer, "MY")
			if err != nil {
				t.Fatal(err)
			}
			if tok.Hash == plain || strings.Contains(tok.Hash, plain) || tok.Hash != auth.Hash(plain) {
				t.Fatalf("stored hash %q for secret %q", tok.Hash, plain)
			}
			p, err := svc.Authenticate(ctx, plain)
			if err != nil || p.Role != auth.RoleReviewer || p.Agency != "MY" || p.ID != tok.ID || p.Name != "Rex" {
				t.Fatalf("Authenticate: %+v %v", p, err)
			}
			for _, bad := range []string{"", "bcn_", plain + "x", plain[:len(plain)-1], strings.ToUpper(plain), "Bearer " + plain, strings.Repeat("a", 10000)} {
				if _, err := svc.Authenticate(ctx, bad); !errors.Is(err, auth.ErrUnauthorized) {
					t.Errorf("Authenticate(%.20q…): %v, want ErrUnauthorized", bad, err)
				}
			}
			if err := svc.Revoke(ctx, tok.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Authenticate(ctx, plain); !errors.Is(err, auth.ErrUnauthorized) {
				t.Errorf("revoked token: %v", err)
			}
		})
	}
}

func TestIssueValidates(t *testing.T) {
	svc := auth.NewService(storetest.SQLite(t), nil)
	for _, tc := range []struct {
		name, agency string
		role         auth.Role
	}{{"", "TH", auth.RoleAuthor}, {strings.Repeat("n", 101), "TH", auth.RoleAuthor}, {"Ana", "th", auth.RoleAuthor},
		{"Ana", "XX", auth.RoleAuthor}, {"Ana", "TH", auth.RoleNone}} {
		if _, _, err := svc.Issue(context.Background(), tc.name, tc.role, tc.agency); err == nil {
			t.Errorf("Issue(%q, %v, %q) accepted", tc.name, tc.role, tc.agency)
		}
	}
	for _, s := range []string{"author", "reviewer", "admin"} {
		if r, err := auth.ParseRole(s); err != nil || r.String() != s {
			t.Errorf("ParseRole(%q) = %v, %v", s, r, err)
		}
	}
	if _, err := auth.ParseRole("owner"); err == nil {
		t.Error("ParseRole accepted owner")
	}
}
