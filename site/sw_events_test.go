package site

import (
	"os/exec"
	"testing"
)

// TestServiceWorkerEvents runs static/sw.js under Node in a stand-in for
// the service worker global (testdata/sw_events.js), for the events that
// the browser tests cannot fire: a press on a notification and a renewed
// push subscription.
func TestServiceWorkerEvents(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is needed for the service worker tests: apt-get install nodejs")
	}
	out, err := exec.Command(node, "testdata/sw_events.js", "static/sw.js").CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	t.Logf("%s", out)
}
