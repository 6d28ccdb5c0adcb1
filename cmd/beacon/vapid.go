package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/antifraud-alliance/beacon/internal/config"
	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/store"
)

// vapidCmd prints the application server key that browsers subscribe with.
// The key pair is created on first use and kept in the store, so every node
// and every later start use the same one.
func vapidCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config.Config
	fs := flag.NewFlagSet("beacon vapid", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Bind(fs, config.Store, config.RedisPrefix)
	if err := cfg.Parse(fs, args, getenv); err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.Store, cfg.RedisPrefix)
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	defer st.Close()
	keys, err := push.LoadOrCreateVAPID(ctx, st.Secret)
	if err != nil {
		return fmt.Errorf("VAPID keys: %w", err)
	}
	fmt.Fprintln(stdout, keys.Public)
	return nil
}
