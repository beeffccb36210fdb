package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

// The test binary doubles as assessbridge itself, so the tests below run
// the real command as a separate process.
func TestMain(m *testing.M) {
	if os.Getenv("ASSESSBRIDGE_RUN_MAIN") == "1" {
		os.Args = append([]string{"assessbridge"}, strings.Fields(os.Getenv("ASSESSBRIDGE_ARGS"))...)
		stop := profileChild()
		main()
		stop()
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
	// No admin token from the machine running the tests: a caller sets one
	// in env, or the child makes its own.
	cmd.Env = append(os.Environ(), append([]string{"ASSESSBRIDGE_RUN_MAIN=1", "ASSESSBRIDGE_ARGS=" + args, "ASSESSBRIDGE_SECRETS=file", app.AdminTokenEnv + "="}, env...)...)
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

// adminGet sends a GET to serve's admin API with the admin token.
func adminGet(admin, path, token string) (*http.Response, error) {
	req, err := http.NewRequest("GET", "http://"+admin+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	return http.DefaultClient.Do(req)
}

// keptAdminToken reads the token serve made, as the recruiter would: from
// the data folder's admin-token file ("" while there is none yet).
func keptAdminToken(t *testing.T, dataDir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, app.AdminTokenFile))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
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
	const adminToken = "admin-token-given-in-the-environment-0123"
	keys := []string{"LEVER_API_KEY=lever-test-key", "QUALIFIED_API_KEY=" + qualifiedtest.DefaultAPIKey, app.AdminTokenEnv + "=" + adminToken}
	p := startServe(t, args, keys...)
	// Lever lists the webhook as soon as it is made, before serve has kept the
	// signature token from the answer; Qualified is registered after that.
	waitFor(t, "the webhook receiver and both registrations", 20*time.Second, func() bool {
		res, err := http.Get("http://" + hooks + "/healthz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == 200 && len(lev.Webhooks()) == len(lever.HandledEvents) && len(qual.Subscriptions()) == 1
	})
	ds, err := lev.MoveToStage("opp-1", "assess")
	if err != nil || len(ds) != 1 || ds[0].StatusCode != 200 {
		t.Fatalf("delivery: %+v %v\n%s", ds, err, p.stderr)
	}
	waitFor(t, "the invitation", 20*time.Second, func() bool { return qual.EmailsSent("ada@example.com", assessment) == 1 })
	res, err := adminGet(admin, "/api/invitations", adminToken)
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
	for _, secret := range []string{"lever-test-key", qualifiedtest.DefaultAPIKey, adminToken} {
		if strings.Contains(out, secret) {
			t.Fatalf("an API key or the admin token reached the log:\n%s", out)
		}
	}
	if !strings.Contains(out, "shutting down") {
		t.Fatalf("no clean shutdown in the log:\n%s", out)
	}

	// A restart on the same data folder reuses the webhook and invites nobody twice.
	p = startServe(t, args, keys...)
	waitFor(t, "the restart", 20*time.Second, func() bool {
		res, err := adminGet(admin, "/api/status", adminToken)
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == 200
	})
	time.Sleep(time.Second)
	if n := len(lev.Webhooks()); n != len(lever.HandledEvents) {
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
		res, err := adminGet(admin, "/api/status", keptAdminToken(t, dataDir))
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

// serveForLogin starts serve on a fresh data folder with a Lever account
// that has one candidate, and waits until its webhook is registered.
func serveForLogin(t *testing.T, env ...string) (p *process, args, dataDir, admin string, lev *levertest.Server) {
	t.Helper()
	lev = levertest.New(levertest.Options{})
	t.Cleanup(lev.Close)
	qual := qualifiedtest.New(qualifiedtest.Options{})
	t.Cleanup(qual.Close)
	lev.AddStage("assess", "Coding assessment")
	qual.AddAssessment(qualifiedtest.Assessment{Title: "Backend Challenge", PassingScore: 70})
	lev.AddOpportunity(levertest.Opportunity{ID: "opp-1", Name: "Ada Lovelace", Emails: []string{"ada@example.com"}, Tags: []string{"Backend Challenge"}, StageID: "assess"})
	dataDir = t.TempDir()
	admin, hooks := freeAddr(t), freeAddr(t)
	args = fmt.Sprintf("serve --data-dir %s --listen %s --webhook-listen %s --public-url http://%s --lever-api-url %s --qualified-api-url %s --trigger-stage assess --poll-interval 1h",
		dataDir, admin, hooks, hooks, lev.URL, qual.URL)
	env = append([]string{"LEVER_API_KEY=lever-test-key", "QUALIFIED_API_KEY=" + qualifiedtest.DefaultAPIKey}, env...)
	p = startServe(t, args, env...)
	waitFor(t, "serve and its Lever webhook", 20*time.Second, func() bool {
		res, err := http.Get("http://" + hooks + "/healthz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == 200 && len(lev.Webhooks()) == len(lever.HandledEvents) && len(qual.Subscriptions()) == 1
	})
	return p, args, dataDir, admin, lev
}

// stop ends serve with SIGTERM and waits for it.
func (p *process) stop(t *testing.T) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("serve after SIGTERM: %v\n%s", err, p.stderr)
	}
}

// A port on 127.0.0.1 is open to every process on the machine, and a local
// process can send whatever Host it likes and no Origin at all: only the
// admin login tells the recruiter apart from another user of the machine.
func TestNoLocalProcessUsesServesAdminAPIWithoutLoggingIn(t *testing.T) {
	p, _, dataDir, admin, lev := serveForLogin(t)
	defer p.stop(t)
	hooksBefore := lev.Webhooks()
	send := func(method, path, body string, headers ...string) (int, string) {
		req, _ := http.NewRequest(method, "http://"+admin+path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	// A right Host (the one the client puts there), no Origin, no cookie, no token.
	for _, r := range []struct{ method, path, body string }{
		{"GET", "/api/invitations", ""},
		{"GET", "/api/status", ""},
		{"GET", "/api/settings", ""},
		{"PUT", "/api/setup/public-address", `{"mode":"own","url":"https://attacker.example.com"}`},
		{"POST", "/api/setup/lever/disconnect", ""},
		{"PUT", "/api/settings", `{"pollInterval":"1s"}`},
		{"POST", "/api/setup/lever", `{"apiKey":"attacker-key","environment":"production"}`},
	} {
		for _, headers := range [][]string{nil, {"Host", "localhost"}, {"Authorization", "Bearer not-the-admin-token-0123456789"}} {
			code, body := send(r.method, r.path, r.body, headers...)
			if code != http.StatusUnauthorized || strings.Contains(body, "Ada") || strings.Contains(body, "lever-test-key") {
				t.Errorf("%s %s with %q and no login: %d %.200s, want 401", r.method, r.path, headers, code, body)
			}
		}
	}
	// Nothing changed: the Lever webhook still points where it did, and the
	// recruiter, with the token from the data folder, sees Lever connected.
	if after := lev.Webhooks(); len(after) != len(lever.HandledEvents) || after[0].URL != hooksBefore[0].URL {
		t.Errorf("Lever webhooks after the refused requests: %+v, before %+v", after, hooksBefore)
	}
	token := keptAdminToken(t, dataDir)
	code, body := send("GET", "/api/status", "", "Authorization", "Bearer "+token)
	var status struct {
		Lever     struct{ Connected bool }
		PublicURL string
	}
	if err := json.Unmarshal([]byte(body), &status); code != 200 || err != nil || !status.Lever.Connected || strings.Contains(status.PublicURL, "attacker") {
		t.Errorf("status with the kept token: %d %v %.300s", code, err, body)
	}
	if code, body := send("GET", "/api/settings", "", "Authorization", "Bearer "+token); code != 200 || strings.Contains(body, `"1s"`) {
		t.Errorf("settings with the kept token: %d %.300s", code, body)
	}
	// The browser's way in: the login form, then the session cookie.
	form, _ := http.NewRequest("POST", "http://"+admin+"/login", strings.NewReader(url.Values{"token": {token}}.Encode()))
	form.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.Do(form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == app.AdminCookie {
			cookie = c
		}
	}
	if res.StatusCode != http.StatusSeeOther || cookie == nil {
		t.Fatalf("login with the kept token: %d, cookies %v", res.StatusCode, res.Cookies())
	}
	if code, body := send("GET", "/api/invitations", "", "Cookie", cookie.Name+"="+cookie.Value); code != 200 {
		t.Errorf("invitations after logging in: %d %.200s", code, body)
	}
}

func TestServeKeepsItsAdminTokenPrivateAndTheSameAcrossRestarts(t *testing.T) {
	p, args, dataDir, admin, _ := serveForLogin(t)
	token := keptAdminToken(t, dataDir)
	if len(token) < app.MinAdminTokenLen {
		t.Fatalf("kept admin token %d characters long", len(token))
	}
	fi, err := os.Stat(filepath.Join(dataDir, app.AdminTokenFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("admin-token: %v %v, want mode 0600", fi, err)
	}
	p.stop(t)
	first := p.stderr.String()
	where := "open http://" + admin + "/login and enter the admin token kept in " + filepath.Join(dataDir, app.AdminTokenFile)
	if !strings.Contains(first, where) {
		t.Errorf("stderr does not say where the login is (%q):\n%s", where, first)
	}

	// The restart finds the token it made, and says so again. The file, opened
	// up in between, is made private again: the store tightens every file of
	// assessbridge's in the data folder when it opens, before the token is read.
	if err := os.Chmod(filepath.Join(dataDir, app.AdminTokenFile), 0o644); err != nil {
		t.Fatal(err)
	}
	p = startServe(t, args, "LEVER_API_KEY=lever-test-key", "QUALIFIED_API_KEY="+qualifiedtest.DefaultAPIKey)
	waitFor(t, "the restart", 20*time.Second, func() bool {
		res, err := adminGet(admin, "/api/status", token)
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == 200
	})
	if again := keptAdminToken(t, dataDir); again != token {
		t.Errorf("the restart changed the kept token")
	}
	if fi, err := os.Stat(filepath.Join(dataDir, app.AdminTokenFile)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("admin-token after a restart on a 0644 file: %v %v, want 0600", fi, err)
	}
	p.stop(t)
	second := p.stderr.String()
	if !strings.Contains(second, where) {
		t.Errorf("the restart does not say where the login is:\n%s", second)
	}
	// The token itself is said nowhere: not on stderr (the log), not in the database.
	for name, out := range map[string]string{"first stderr": first, "second stderr": second} {
		if strings.Contains(out, token) {
			t.Errorf("the admin token is in the %s:\n%s", name, out)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dataDir, "*"))
	for _, f := range files {
		if filepath.Base(f) == app.AdminTokenFile {
			continue
		}
		if b, err := os.ReadFile(f); err == nil && bytes.Contains(b, []byte(token)) {
			t.Errorf("the admin token is in %s", f)
		}
	}

	// A token given in the environment is the one that counts: the kept one no longer lets anybody in.
	const given = "admin-token-given-in-the-environment-0123"
	p = startServe(t, args, "LEVER_API_KEY=lever-test-key", "QUALIFIED_API_KEY="+qualifiedtest.DefaultAPIKey, app.AdminTokenEnv+"="+given)
	waitFor(t, "serve with a token in the environment", 20*time.Second, func() bool {
		res, err := adminGet(admin, "/api/status", given)
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == 200
	})
	if res, err := adminGet(admin, "/api/status", token); err != nil || res.StatusCode != http.StatusUnauthorized {
		t.Errorf("the kept token while %s is set: %v %v, want 401", app.AdminTokenEnv, res, err)
	} else {
		res.Body.Close()
	}
	p.stop(t)
	if out := p.stderr.String(); strings.Contains(out, given) || !strings.Contains(out, "enter the admin token from "+app.AdminTokenEnv) {
		t.Errorf("stderr with a token in the environment:\n%s", out)
	}
}
