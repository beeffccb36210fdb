package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

// The test binary doubles as assessbridge itself, so the tests below run
// the real command as a separate process.
func TestMain(m *testing.M) {
	if os.Getenv("ASSESSBRIDGE_RUN_MAIN") == "1" {
		os.Args = append([]string{"assessbridge"}, strings.Fields(os.Getenv("ASSESSBRIDGE_ARGS"))...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func freeAddr(t testing.TB) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

type process struct {
	cmd    *exec.Cmd
	stderr *bytes.Buffer
}

func startServe(t testing.TB, args string, env ...string) *process {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append([]string{"ASSESSBRIDGE_RUN_MAIN=1", "ASSESSBRIDGE_ARGS=" + args, "ASSESSBRIDGE_SECRETS=file"}, env...)...)
	p := &process{cmd: cmd, stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return p
}

func waitFor(t *testing.T, what string, timeout time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if ok() {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestServeRunsAsAProcessAndStopsCleanlyOnSIGTERM(t *testing.T) {
	lev := levertest.New(levertest.Options{})
	defer lev.Close()
	qual := qualifiedtest.New(qualifiedtest.Options{})
	defer qual.Close()
	lev.AddStage("screen", "Phone screen")
	lev.AddStage("assess", "Coding assessment")
	assessment := qual.AddAssessment(qualifiedtest.Assessment{Title: "Backend Challenge", PassingScore: 70})
	lev.AddOpportunity(levertest.Opportunity{ID: "opp-1", Name: "Ada Lovelace", Emails: []string{"ada@example.com"}, Tags: []string{"Backend Challenge"}, StageID: "screen"})

	dataDir := t.TempDir()
	admin, hooks := freeAddr(t), freeAddr(t)
	args := fmt.Sprintf("serve --data-dir %s --listen %s --webhook-listen %s --public-url http://%s --lever-api-url %s --qualified-api-url %s --trigger-stage assess --poll-interval 1h",
		dataDir, admin, hooks, hooks, lev.URL, qual.URL)
	keys := []string{"LEVER_API_KEY=lever-test-key", "QUALIFIED_API_KEY=" + qualifiedtest.DefaultAPIKey}
	p := startServe(t, args, keys...)
	waitFor(t, "the webhook receiver", 20*time.Second, func() bool {
		res, err := http.Get("http://" + hooks + "/healthz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == 200 && len(lev.Webhooks()) == 1
	})
	ds, err := lev.MoveToStage("opp-1", "assess")
	if err != nil || len(ds) != 1 || ds[0].StatusCode != 200 {
		t.Fatalf("delivery: %+v %v\n%s", ds, err, p.stderr)
	}
	waitFor(t, "the invitation", 20*time.Second, func() bool { return qual.EmailsSent("ada@example.com", assessment) == 1 })
	res, err := http.Get("http://" + admin + "/api/invitations")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("admin API: %v %v", res, err)
	}
	res.Body.Close()

	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, p.stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("still running 20s after SIGTERM\n%s", p.stderr)
	}
	t.Logf("stopped %s after SIGTERM", time.Since(start).Round(time.Millisecond))
	out := p.stderr.String()
	for _, secret := range []string{"lever-test-key", qualifiedtest.DefaultAPIKey} {
		if strings.Contains(out, secret) {
			t.Fatalf("an API key reached the log:\n%s", out)
		}
	}
	if !strings.Contains(out, "shutting down") {
		t.Fatalf("no clean shutdown in the log:\n%s", out)
	}

	// A restart on the same data folder reuses the webhook and invites nobody twice.
	p = startServe(t, args, keys...)
	waitFor(t, "the restart", 20*time.Second, func() bool {
		res, err := http.Get("http://" + admin + "/api/status")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == 200
	})
	time.Sleep(time.Second)
	if n := len(lev.Webhooks()); n != 1 {
		t.Fatalf("%d Lever webhooks after a restart", n)
	}
	if n := qual.EmailsSent("ada@example.com", assessment); n != 1 {
		t.Fatalf("%d e-mails after a restart", n)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.cmd.Wait()
}

func TestServeExplainsBadFlags(t *testing.T) {
	cases := map[string]string{
		"serve --listen 0.0.0.0:8765":   "loopback",
		"serve --lever-api-url ftp://x": "--lever-api-url",
		"serve --poll-interval 10ms":    "poll-interval",
		"serve --trigger-stage":         "flag needs an argument",
		"serve extra":                   "unexpected argument",
		"frobnicate":                    "unknown command",
		// Keys and candidate data never cross a network in the clear.
		"serve --lever-api-url http://api.lever.example.com": "use https",
		"serve --qualified-api-url http://10.0.0.7/api":      "use https",
		"serve --public-url http://hooks.example.com":        "--public-url",
		"serve --poll-interval 25h":                          "between 1s and 24h",
		"serve --lever-api-key-file /nonexistent/lever-key":  "--lever-api-key-file",
	}
	for args, want := range cases {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "ASSESSBRIDGE_RUN_MAIN=1", "ASSESSBRIDGE_ARGS="+args, "ASSESSBRIDGE_DATA_DIR="+t.TempDir())
		out, err := cmd.CombinedOutput()
		cancel()
		if err == nil {
			t.Errorf("%q: exited 0", args)
		}
		if !strings.Contains(string(out), want) {
			t.Errorf("%q: output lacks %q:\n%s", args, want, out)
		}
	}
}

func TestBackupAndRestoreCommands(t *testing.T) {
	dataDir, backupFile, other := t.TempDir(), t.TempDir()+"/backup.db", t.TempDir()
	run := func(args string) (string, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "ASSESSBRIDGE_RUN_MAIN=1", "ASSESSBRIDGE_ARGS="+args, "ASSESSBRIDGE_SECRETS=file")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("backup --data-dir " + dataDir); err == nil || !strings.Contains(out, "--to") {
		t.Fatalf("backup without --to: %v\n%s", err, out)
	}
	// A data folder with a database in it.
	lev := levertest.New(levertest.Options{})
	defer lev.Close()
	qual := qualifiedtest.New(qualifiedtest.Options{})
	defer qual.Close()
	lev.AddStage("assess", "Coding assessment")
	admin, hooks := freeAddr(t), freeAddr(t)
	p := startServe(t, fmt.Sprintf("serve --data-dir %s --listen %s --webhook-listen %s --public-url http://%s --lever-api-url %s --qualified-api-url %s --trigger-stage assess",
		dataDir, admin, hooks, hooks, lev.URL, qual.URL), "LEVER_API_KEY=lever-test-key", "QUALIFIED_API_KEY="+qualifiedtest.DefaultAPIKey)
	waitFor(t, "serve", 20*time.Second, func() bool {
		res, err := http.Get("http://" + admin + "/api/status")
		if err == nil {
			res.Body.Close()
		}
		return err == nil && res.StatusCode == 200
	})
	// Backup while it runs; restore is refused while it runs.
	if out, err := run("backup --data-dir " + dataDir + " --to " + backupFile); err != nil || !strings.Contains(out, "Backed up") {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	if out, err := run("restore --data-dir " + dataDir + " " + backupFile); err == nil {
		t.Fatalf("restore over a running assessbridge succeeded:\n%s", out)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.cmd.Wait()
	if out, err := run("restore --data-dir " + other + " " + backupFile); err != nil || !strings.Contains(out, "Restored") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
}
