package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/antifraud-alliance/beacon/internal/auth"
	"github.com/antifraud-alliance/beacon/internal/config"
	"github.com/antifraud-alliance/beacon/internal/store"
)

// token handles "beacon token create|list|revoke".
func token(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		return errors.New("token: want create, list or revoke")
	}
	var cfg config.Config
	fs := flag.NewFlagSet("beacon token "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Bind(fs, config.Store, config.RedisPrefix)
	var name, role, agency string
	switch args[0] {
	case "create":
		fs.StringVar(&name, "name", "", "who holds the token, e.g. \"Ana Lima, comms\"")
		fs.StringVar(&role, "role", "", "author, reviewer or admin")
		fs.StringVar(&agency, "agency", "", "the agency's ISO 3166-1 alpha-2 country code, e.g. TH")
	case "list", "revoke":
	default:
		return fmt.Errorf("token: unknown subcommand %q (want create, list or revoke)", args[0])
	}
	if err := cfg.Parse(fs, args[1:], getenv); err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.Store, cfg.RedisPrefix)
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	defer st.Close()
	svc := auth.NewService(st, nil)
	switch args[0] {
	case "create":
		r, err := auth.ParseRole(role)
		if err != nil {
			return fmt.Errorf("invalid --role: %w", err)
		}
		plain, _, err := svc.Issue(ctx, name, r, agency)
		if err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		fmt.Fprintln(stdout, plain) // alone on stdout, so scripts can capture it
		fmt.Fprintln(stderr, "Token created. It is shown only this once; Beacon keeps only its hash.")
		return nil
	case "list":
		return listTokens(ctx, svc, stdout)
	default:
		if fs.NArg() != 1 {
			return errors.New("token revoke: give the token id (see beacon token list)")
		}
		if err := svc.Revoke(ctx, fs.Arg(0)); err != nil {
			return fmt.Errorf("revoke token %s: %w", fs.Arg(0), err)
		}
		fmt.Fprintln(stderr, "Token revoked.")
		return nil
	}
}

func listTokens(ctx context.Context, svc *auth.Service, out io.Writer) error {
	list, err := svc.List(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tROLE\tAGENCY\tCREATED\tREVOKED")
	for _, t := range list {
		revoked := "-"
		if t.RevokedAt != nil {
			revoked = t.RevokedAt.Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, t.Agency, t.CreatedAt.Format(time.RFC3339), revoked)
	}
	return w.Flush()
}
