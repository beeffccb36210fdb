package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/secrets"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// Where a secret could reach a log line, and what the test below drives
// through each:
//   - the keys given in the environment (LEVER_API_KEY, QUALIFIED_API_KEY),
//     the admin token (ASSESSBRIDGE_ADMIN_TOKEN) and the Lever login's
//     client secret: kept in Config, sent only in headers;
//   - keys pasted in Setup, right and wrong (a refused key is no less a
//     secret: it may be a real key with a typo);
//   - the Lever webhook's signature token (told once, by Lever, at
//     registration) and the Qualified path secret (in the URL Qualified
//     posts to): the receiver logs refused deliveries, the registration
//     logs its errors ("webhooks not registered");
//   - errors of Lever and Qualified calls, logged by the app ("could not
//     read Lever's stages") and by River when a job fails: they carry the
//     call's path and the API's message, never the request's headers;
//   - wrong admin tokens and logins, refused by the guard.
//
// The Lever login's access and refresh tokens are driven by the next test.
func TestServeLogsHoldNoSecret(t *testing.T) {
	const (
		leverKey      = "lever-key-7Q2wX9pL4mZ8vB3n"
		qualifiedKey  = "qualified-key-K5tR1yU6iO0pA2sD"
		adminToken    = "admin-token-H8jK3lZ5xC7vB9nM1qW"
		oauthSecret   = "oauth-client-secret-E4rT6yU8iO0p"
		wrongLever    = "lever-typo-key-G1hJ3kL5zX7cV9bN"
		wrongQualifed = "qualified-typo-key-Q2wE4rT6yU8iO0"
		wrongAdmin    = "admin-guess-P9oI7uY5tR3eW1qA2sD"
	)
	lev := levertest.New(levertest.Options{APIKey: leverKey})
	t.Cleanup(lev.Close)
	qual := qualifiedtest.New(qualifiedtest.Options{APIKey: qualifiedKey})
	t.Cleanup(qual.Close)
	lev.AddStage("screen", "Phone screen")
	lev.AddStage("assess", "Coding assessment")
	lev.AddUser(recruiterID, "Riley Recruiter", "riley@example.com")
	assessment := qual.AddAssessment(qualifiedtest.Assessment{Title: "Backend Challenge", PassingScore: 70})
	people := map[string]string{}
	for i, name := range []string{"Ada Lovelace", "Grace Hopper", "Alan Turing"} {
		id, email := fmt.Sprintf("opp-%d", i), strings.ToLower(strings.ReplaceAll(name, " ", "."))+"@example.com"
		people[id] = email
		lev.AddOpportunity(levertest.Opportunity{ID: id, Name: name, StageID: "screen", Emails: []string{email}, Tags: []string{"Backend Challenge"}})
	}

	dataDir := t.TempDir()
	admin, hooks := "127.0.0.1:"+freePort(t), "127.0.0.1:"+freePort(t)
	env := map[string]string{"LEVER_API_KEY": leverKey, "QUALIFIED_API_KEY": qualifiedKey, AdminTokenEnv: adminToken,
		"ASSESSBRIDGE_SECRETS": "file", "LEVER_OAUTH_CLIENT_ID": "client-1", "LEVER_OAUTH_CLIENT_SECRET": oauthSecret,
		"LEVER_OAUTH_REDIRECT_URL": "http://" + admin + OAuthCallbackPath}
	args := []string{"--data-dir", dataDir, "--listen", admin, "--webhook-listen", hooks, "--public-url", "http://" + hooks,
		"--lever-api-url", lev.URL, "--qualified-api-url", qual.URL, "--trigger-stage", "assess", "--poll-interval", "1h"}
	ctx, stop := context.WithCancel(context.Background())
	var stderr lockedBuffer
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, args, func(k string) string { return env[k] }, &stderr) }()
	t.Cleanup(func() {
		stop()
		<-served
	})

	var waitUntilFor func(what string, wait time.Duration, ok func() bool)
	call := func(method, path, token string, body any) (int, string) {
		t.Helper()
		var r io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			r = strings.NewReader(string(b))
		}
		req, _ := http.NewRequest(method, "http://"+admin+path, r)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	waitUntil := func(what string, ok func() bool) { waitUntilFor(what, wait, ok) }
	waitUntilFor = func(what string, wait time.Duration, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(wait)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s\nstderr:\n%s", what, stderr.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitUntil("serve to register its webhooks", func() bool { return len(lev.Webhooks()) == len(lever.HandledEvents) && len(qual.Subscriptions()) == 1 })
	if code, body := call("PUT", "/api/settings", adminToken, map[string]string{"performAs": recruiterID}); code != 200 {
		t.Fatalf("settings: %d %s", code, body)
	}

	// Candidates are invited (one refused by Qualified first, then retried),
	// submit, and their results are written to Lever (one note refused
	// once); each webhook carries a secret.
	qual.FailNext("POST", "/v1/assessment_invitations", 1, 500)
	lev.FailNext("POST", "/opportunities/opp-0/notes", 1, 503)
	for i := range 3 {
		if ds, err := lev.MoveToStage(fmt.Sprintf("opp-%d", i), "assess"); err != nil || len(ds) != 1 || ds[0].StatusCode != 200 {
			t.Fatalf("move opp-%d: %v %+v", i, err, ds)
		}
	}
	submitted := map[string]bool{}
	// The refused note comes back through serve's own retries, on River's
	// timing rather than the test's: River's default policy sets the retry
	// 1 s after the failure, and its job scheduler, which runs only on the
	// elected leader, every 5 s after a staggered start, makes it runnable.
	// On a loaded 2-core machine under -race that once took longer than the
	// 20 s the other steps are given, so this step has a minute.
	waitUntilFor("the candidates to submit and their notes to reach Lever", time.Minute, func() bool {
		noted := 0
		for id, email := range people {
			if r, ok := qual.ResultFor(email, assessment); ok && !submitted[id] {
				if _, err := qual.Submit(r.ID, 88); err == nil {
					submitted[id] = true
				}
			}
			if len(lev.Notes(id)) > 0 {
				noted++
			}
		}
		return noted == len(people)
	})

	// Forged and misaddressed deliveries are refused, and logged.
	forged := fmt.Sprintf(`{"triggeredAt":%d,"event":"candidateStageChange","data":{},"token":"t","signature":%q}`,
		time.Now().UnixMilli(), lever.Sign("forged", "t", time.Now().UnixMilli()))
	for _, p := range [][2]string{{"/webhooks/lever", forged}, {"/webhooks/lever", "junk"}, {"/webhooks/qualified/guess", `{}`}} {
		if res, err := http.Post("http://"+hooks+p[0], "application/json", strings.NewReader(p[1])); err == nil {
			res.Body.Close()
		}
	}
	// Keys with a typo are refused; the right ones are kept from Setup.
	for _, c := range []struct {
		path, key string
		want      int
	}{{"/api/setup/lever", wrongLever, 400}, {"/api/setup/qualified", wrongQualifed, 400},
		{"/api/setup/lever", leverKey, 200}, {"/api/setup/qualified", qualifiedKey, 200}} {
		body := map[string]string{"apiKey": c.key}
		if strings.Contains(c.path, "lever") {
			body["environment"] = "production"
		}
		if code, answer := call("POST", c.path, adminToken, body); code != c.want {
			t.Errorf("POST %s: %d %s, want %d", c.path, code, answer, c.want)
		}
	}
	// Lever fails while the trigger stages are checked: the app logs why.
	lev.FailNext("GET", "/stages", 10, 500)
	if code, body := call("PUT", "/api/trigger-stages", adminToken, map[string][]string{"stageIds": {"assess"}}); code != 200 {
		t.Errorf("trigger stages while Lever fails: %d %s", code, body)
	}
	// Registration again, with Qualified refusing for a moment.
	qual.FailNext("GET", "/v1/webhook_subscriptions", 1, 500)
	call("POST", "/api/setup/webhook", adminToken, nil)
	if code, body := call("POST", "/api/setup/webhook", adminToken, nil); code != 200 {
		t.Errorf("register again: %d %s", code, body)
	}
	// Wrong admin tokens, as a header and as a login.
	if code, _ := call("GET", "/api/status", wrongAdmin, nil); code != http.StatusUnauthorized {
		t.Errorf("a wrong admin token answered %d", code)
	}
	if res, err := http.PostForm("http://"+admin+loginPath, url.Values{"token": {wrongAdmin}}); err == nil {
		res.Body.Close()
	}
	// The diagnostics file is asked for: it quotes the log.
	if code, body := call("GET", "/api/diagnostics", adminToken, nil); code != 200 || !strings.Contains(body, "assessbridge is running") {
		t.Errorf("diagnostics: %d %.300s", code, body)
	}

	stop()
	if err := <-served; err != nil {
		t.Fatalf("serve: %v\n%s", err, stderr.String())
	}
	served <- nil // for the cleanup
	kept, err := os.ReadFile(filepath.Join(dataDir, "secrets.json"))
	if err != nil {
		t.Fatal(err)
	}
	var store map[string]string
	if err := json.Unmarshal(kept, &store); err != nil {
		t.Fatal(err)
	}
	known := map[string]string{"Lever API key": leverKey, "Qualified API key": qualifiedKey, "admin token": adminToken,
		"Lever login client secret": oauthSecret, "mistyped Lever key": wrongLever, "mistyped Qualified key": wrongQualifed,
		"wrong admin token": wrongAdmin, "Lever signature token": store[secrets.LeverSignatureToken],
		"Qualified path secret": store[secrets.QualifiedPathSecret]}
	for name, v := range known {
		if v == "" {
			t.Fatalf("%s unknown to the test: the flow did not make it", name)
		}
	}
	logPath := LogFilePath(dataDir)
	file, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"the log file": string(file), "stderr": stderr.String()} {
		if found := leaks(out, known); len(found) > 0 {
			t.Errorf("%s shows %v:\n%s", name, found, out)
		}
		// Nothing had to be hidden: no code tried to log a secret.
		if strings.Contains(out, hiddenSecret) {
			t.Errorf("%s has a line that held a secret:\n%s", name, out)
		}
	}
	// The log really holds the flow: a test of an empty file proves nothing.
	for _, want := range []string{"assessbridge is running", "webhooks registered", "webhook refused",
		"could not read Lever's stages", "shutting down"} {
		if !strings.Contains(string(file), want) {
			t.Errorf("the log file lacks %q:\n%s", want, file)
		}
	}
	wantMode(t, logPath, 0o600)
	wantMode(t, filepath.Dir(logPath), 0o700)
}

// The Lever login's tokens are secrets that change: every refresh brings a
// new access token (and here a new refresh token). None reaches the log.
func TestLeverLoginTokensNeverReachTheLog(t *testing.T) {
	h := newHarness(t, harnessOptions{oauth: true, tokenTTL: 4 * time.Minute})
	h.stop()
	var stderr lockedBuffer
	log, sink := newLogger(h.cfg.DataDir, &stderr, slog.LevelDebug)
	t.Cleanup(func() { sink.Close() })
	// The harness's App finds the sink through its logger, as the desktop
	// window's does: nothing is handed to it.
	startWithLogger(h, log)

	// Every token the secret store ever holds, collected as it changes.
	var mu sync.Mutex
	tokens := map[string]string{}
	collect := func() {
		raw, err := h.app.secrets.Get(secrets.LeverOAuthLogin)
		if err != nil {
			return
		}
		var l storedLogin
		if json.Unmarshal([]byte(raw), &l) != nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		tokens["access token "+l.AccessToken] = l.AccessToken
		tokens["refresh token "+l.RefreshToken] = l.RefreshToken
	}
	watching, watched := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(watched)
		for {
			collect()
			select {
			case <-watching:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()

	if code, body := h.logIn(true); code != 200 {
		t.Fatalf("login: %d %s", code, body)
	}
	if err := h.app.RegisterWebhooks(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Tokens live four minutes and are refreshed five before expiry: every use refreshes.
	for _, id := range []string{"opp-t1", "opp-t2", "opp-t3"} {
		h.candidate(id, "Tess "+id, []string{"Backend Challenge"})
		h.move(id, stageAssessment)
		h.eventually(wait, func() bool { return h.hasTags(id, "Backend Challenge - Invited") }, h.describe(id))
	}
	// Lever revokes the grant: the refresh fails, and says so.
	h.lever.RevokeGrant()
	h.candidate("opp-t4", "Rita Revoked", []string{"Backend Challenge"})
	h.move("opp-t4", stageAssessment)
	h.eventually(wait, func() bool { return h.status().Lever.Error != "" }, func() string { return "the revoked login was not noticed" })
	close(watching)
	<-watched
	collect()
	h.stop()

	mu.Lock()
	defer mu.Unlock()
	if len(tokens) < 6 {
		t.Fatalf("only %d tokens seen: the login was not refreshed", len(tokens))
	}
	tokens["client secret"] = levertest.DefaultOAuthClientSecret
	file, err := os.ReadFile(LogFilePath(h.cfg.DataDir))
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"the log file": string(file), "stderr": stderr.String()} {
		if found := leaks(out, tokens); len(found) > 0 {
			t.Errorf("%s shows %v:\n%s", name, found, out)
		}
		if strings.Contains(out, hiddenSecret) {
			t.Errorf("%s has a line that held a secret:\n%s", name, out)
		}
	}
	if !strings.Contains(string(file), "webhooks registered") {
		t.Errorf("the log file does not hold the flow:\n%s", file)
	}
}

// startWithLogger is harness.start with the given logger.
func startWithLogger(h *harness, log *slog.Logger) {
	h.t.Helper()
	ctx := context.Background()
	a, err := New(ctx, h.cfg, log)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := a.Start(ctx); err != nil {
		h.t.Fatal(err)
	}
	if err := a.DB().SetSetting(ctx, sqlite.SettingPerformAs, recruiterID); err != nil {
		h.t.Fatal(err)
	}
	h.app = a
	h.t.Cleanup(func() { h.stop() })
}
