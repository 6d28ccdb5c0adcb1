// Command pushbench measures the Web Push fan-out for `make bench`.
//
//	pushbench keys > keys.json
//	pushbench service -n 100000 -addr 127.0.0.1:18097 -subs subs.ndjson -keys keys.json
//
// runs the local push service (internal/push/pushtest) in its own process,
// with n subscribers written to subs.ndjson, decrypting one message in 100 to
// prove the payloads are right without taking the CPU the sender is measured
// on. Then
//
//	pushbench load -subs subs.ndjson -store sqlite:DIR/push.db
//	pushbench fanout -subs subs.ndjson -service http://127.0.0.1:18097 -store sqlite:DIR/push.db -keys keys.json
//
// store the subscriptions and fan one alert out to all of them with the
// engine `beacon serve` runs, and print notifications per second beside the
// rate of the per-message encryption alone (ephemeral P-256 key, ECDH, HKDF,
// AES-GCM) on the same cores in the same run, and the process's peak RSS.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/antifraud-alliance/beacon/internal/push"
	"github.com/antifraud-alliance/beacon/internal/store"
)

// readKeys reads what writeKeys wrote.
func readKeys(path string) (push.VAPIDKeys, error) {
	var keys push.VAPIDKeys
	b, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(b, &keys)
	}
	if err != nil {
		return keys, fmt.Errorf("read VAPID keys from %s: %w", path, err)
	}
	return keys, keys.Validate()
}

// writeKeys prints a fresh VAPID key pair as JSON.
func writeKeys() error {
	k, err := push.NewVAPIDKeys()
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(k)
}

// storeFlags are the flags load and fanout share: where the subscriptions
// written by service are, and the store to keep them in.
type storeFlags struct{ subs, dsn *string }

func addStoreFlags(fs *flag.FlagSet) storeFlags {
	return storeFlags{
		subs: fs.String("subs", "subs.ndjson", "subscriptions written by pushbench service"),
		dsn:  fs.String("store", "", "store: sqlite:PATH or redis://…"),
	}
}

// open opens the store named by -store.
func (f storeFlags) open(ctx context.Context) (store.Backend, error) {
	return store.Open(ctx, *f.dsn, "")
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pushbench keys|service|load|fanout [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "service":
		err = service(os.Args[2:])
	case "keys":
		err = writeKeys()
	case "load":
		err = load(context.Background(), os.Args[2:])
	case "fanout":
		err = fanout(context.Background(), os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pushbench:", err)
		os.Exit(1)
	}
}
