package app

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

// A SIGTERM can arrive at any moment, the start included (a service manager
// stopping a unit that is still coming up): that is a stop, not a failure.
func TestServeAskedToStopWhileStartingStopsCleanly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	env := map[string]string{"LEVER_API_KEY": "lever-test-key", "QUALIFIED_API_KEY": qualifiedtest.DefaultAPIKey, "ASSESSBRIDGE_SECRETS": "file"}
	var stderr bytes.Buffer
	args := []string{"--data-dir", t.TempDir(), "--listen", "127.0.0.1:0", "--webhook-listen", "127.0.0.1:0",
		"--lever-api-url", "http://127.0.0.1:9", "--qualified-api-url", "http://127.0.0.1:9", "--trigger-stage", "assess"}
	if err := Serve(ctx, args, func(k string) string { return env[k] }, &stderr); err != nil {
		t.Fatalf("serve stopped while starting: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "stopped while starting") {
		t.Errorf("stderr does not say it stopped while starting:\n%s", stderr.String())
	}
}
