// Command beacon runs the Beacon server and its administration tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

const usage = `beacon — public fraud alerts, checks and warnings

Usage:
  beacon serve [flags]                 run the server (beacon serve --help lists the flags)
  beacon token create --name N --role author|reviewer|admin --agency CC
  beacon token list
  beacon token revoke ID
  beacon vapid                         print the Web Push (VAPID) public key, creating the key pair if needed
  beacon version

Every flag has a BEACON_* environment twin, e.g. --store and BEACON_STORE.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "beacon:", err)
		os.Exit(1)
	}
}

// run dispatches a command line; tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stderr, getenv)
	case "token":
		return token(ctx, args[1:], stdout, stderr, getenv)
	case "vapid":
		return vapidCmd(ctx, args[1:], stdout, stderr, getenv)
	case "version":
		fmt.Fprintln(stdout, "beacon", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " (" + s.Value[:12] + ")"
		}
	}
	return v
}
