package app

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/secrets"
)

// logIn plays the recruiter: "Log in to Lever", Accept on Lever's page, and
// the browser coming back to the app's callback.
func (h *harness) logIn(accept bool) (int, string) {
	h.t.Helper()
	res := h.api("POST", "/api/setup/lever/oauth", map[string]string{"environment": "production"})
	var start struct {
		AuthorizeURL string `json:"authorizeUrl"`
	}
	json.NewDecoder(res.Body).Decode(&start)
	if res.StatusCode != http.StatusOK || start.AuthorizeURL == "" {
		h.t.Fatalf("start login answered %d", res.StatusCode)
	}
	back, err := h.lever.Consent(start.AuthorizeURL, accept)
	if err != nil {
		h.t.Fatal(err)
	}
	page, err := http.Get(back.String())
	if err != nil {
		h.t.Fatal(err)
	}
	defer page.Body.Close()
	body, _ := io.ReadAll(page.Body)
	return page.StatusCode, string(body)
}

func (h *harness) status() adminapi.Status {
	var st adminapi.Status
	json.NewDecoder(h.api("GET", "/api/status", nil).Body).Decode(&st)
	return st
}

func TestLogInToLeverConnectsRefreshesAndAsksAgainWhenRevoked(t *testing.T) {
	h := newHarness(t, harnessOptions{oauth: true, tokenTTL: 4 * time.Minute})
	if st := h.status(); st.Lever.Connected || !st.Lever.OAuthAvailable {
		t.Fatalf("before login: %+v", st.Lever)
	}
	// Declining changes nothing.
	if code, body := h.logIn(false); code != 200 || !strings.Contains(body, "declined") {
		t.Fatalf("declined login: %d %s", code, body)
	}
	if h.status().Lever.Connected {
		t.Fatal("connected after declining")
	}
	code, body := h.logIn(true)
	if code != 200 || !strings.Contains(body, "Lever is connected") {
		t.Fatalf("callback page: %d %s", code, body)
	}
	st := h.status()
	if !st.Lever.Connected || st.Lever.Method != "oauth" || !st.Setup[0].Done {
		t.Fatalf("after login: %+v", st.Lever)
	}
	// The code was traded with the PKCE verifier whose challenge the login sent.
	if os := h.lever.OAuthStats(); os.Exchanges != 1 || os.PKCEExchanges != 1 {
		t.Fatalf("the login's code exchange used no PKCE: %+v", os)
	}
	// The same state cannot be used twice.
	raw, _ := h.app.secrets.Get(secrets.LeverOAuthLogin)
	if !strings.Contains(raw, "refreshToken") {
		t.Fatal("the login was not kept in the secret store")
	}
	var n int
	h.app.DB().Writer().QueryRow(`SELECT count(*) FROM settings WHERE value LIKE '%refresh%' OR value LIKE '%access%'`).Scan(&n)
	if n != 0 {
		t.Fatal("a token reached SQLite")
	}

	// Work flows with the login: the webhook is registered and candidates are invited.
	if err := h.app.RegisterWebhooks(t.Context()); err != nil {
		t.Fatal(err)
	}
	h.candidate("opp-oauth", "Olga Oauth", []string{"Backend Challenge"})
	h.move("opp-oauth", stageAssessment)
	h.eventually(wait, func() bool { return h.hasTags("opp-oauth", "Backend Challenge - Invited") }, h.describe("opp-oauth"))
	// Tokens live four minutes and are refreshed five before expiry: every use refreshes.
	before := h.lever.OAuthStats().Refreshes
	h.candidate("opp-oauth2", "Otto Oauth", []string{"Backend Challenge"})
	h.move("opp-oauth2", stageAssessment)
	h.eventually(wait, func() bool { return h.hasTags("opp-oauth2", "Backend Challenge - Invited") }, h.describe("opp-oauth2"))
	if h.lever.OAuthStats().Refreshes <= before {
		t.Fatal("the access token was not refreshed")
	}
	// The rotated refresh token was kept: a restart still works.
	h.stop()
	h.start()
	if st := h.status(); !st.Lever.Connected || st.Lever.Method != "oauth" {
		t.Fatalf("after a restart: %+v", st.Lever)
	}

	// Lever revokes the grant: Setup turns red, work waits, nothing fails.
	h.lever.RevokeGrant()
	h.candidate("opp-revoked", "Rita Revoked", []string{"Backend Challenge"})
	h.move("opp-revoked", stageAssessment)
	h.eventually(wait, func() bool { st := h.status(); return st.Lever.Error != "" && !st.Setup[0].Done },
		func() string { return "Setup never asked to log in again" })
	if msgs := h.activity(backend.OutcomeFailed); len(msgs) != 0 {
		t.Fatalf("revoked login recorded failures: %v", msgs)
	}
	// Log in again: the waiting stage change goes ahead.
	if code, _ := h.logIn(true); code != 200 {
		t.Fatalf("second login: %d", code)
	}
	if st := h.status(); st.Lever.Error != "" || !st.Setup[0].Done {
		t.Fatalf("after logging in again: %+v", st.Lever)
	}
	// The waiting stage change goes ahead at once, not after its minute's wait.
	h.eventually(wait, func() bool { return h.hasTags("opp-revoked", "Backend Challenge - Invited") }, h.describe("opp-revoked"))

	// Disconnecting forgets the login.
	h.api("POST", "/api/setup/lever/disconnect", nil)
	if _, err := h.app.secrets.Get(secrets.LeverOAuthLogin); err == nil {
		t.Fatal("the login was kept after disconnecting")
	}
	_ = secrets.LeverAPIKey
}

func TestLoginCallbackRefusesUnknownAndReusedStates(t *testing.T) {
	h := newHarness(t, harnessOptions{oauth: true})
	for _, q := range []string{"", "?state=guess&code=x", "?code=x"} {
		res, err := http.Get("http://" + h.app.AdminAddr() + OAuthCallbackPath + q)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("callback %q answered %d", q, res.StatusCode)
		}
	}
	if h.status().Lever.Connected {
		t.Fatal("connected by a forged callback")
	}
}

func TestLeverLoginIsConfiguredInSettingsWithoutShowingTheSecret(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	if st := h.status(); st.Lever.OAuthAvailable || !strings.Contains(st.Lever.OAuthReason, "partner app") {
		t.Fatalf("before configuring: %+v", st.Lever)
	}
	res := h.api("PUT", "/api/settings", map[string]string{"leverOAuthRedirectUrl": "ftp://nowhere"})
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("a bad redirect address answered %d", res.StatusCode)
	}
	res = h.api("PUT", "/api/settings", map[string]string{"leverOAuthClientId": "client-1", "leverOAuthClientSecret": "s3cret-value",
		"leverOAuthRedirectUrl": "http://127.0.0.1:8765/oauth/callback"})
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || strings.Contains(string(body), "s3cret-value") || !strings.Contains(string(body), `"leverOAuthClientSecretSet":true`) {
		t.Fatalf("settings answered %d: %s", res.StatusCode, body)
	}
	if st := h.status(); !st.Lever.OAuthAvailable {
		t.Fatalf("after configuring: %+v", st.Lever)
	}
	var n int
	h.app.DB().Writer().QueryRow(`SELECT count(*) FROM settings WHERE value LIKE '%s3cret%'`).Scan(&n)
	if n != 0 {
		t.Fatal("the client secret reached SQLite")
	}
}

func TestLogInToLeverCanReturnThroughThePublicURL(t *testing.T) {
	h := newHarness(t, harnessOptions{oauth: true})
	h.stop()
	h.cfg.LeverOAuth.RedirectURL = h.cfg.PublicURL + OAuthCallbackPath
	h.start()
	code, body := h.logIn(true)
	if code != 200 || !strings.Contains(body, "Lever is connected") {
		t.Fatalf("callback through the public URL: %d %s", code, body)
	}
	if st := h.status(); !st.Lever.Connected || st.Lever.Method != "oauth" {
		t.Fatalf("after login: %+v", st.Lever)
	}
}

// A refresh whose answer arrives after the recruiter disconnected, or
// logged in again, must not save its token: the kept login stays the new
// one (or none), and the old login does not come back at the next start.
func TestARefreshFinishingAfterDisconnectOrANewLoginDoesNotBringTheOldLoginBack(t *testing.T) {
	for _, then := range []string{"disconnect", "log in again"} {
		t.Run(then, func(t *testing.T) {
			// Tokens live four minutes and are refreshed five before expiry:
			// every Lever call refreshes first.
			h := newHarness(t, harnessOptions{oauth: true, tokenTTL: 4 * time.Minute})
			if code, body := h.logIn(true); code != 200 {
				t.Fatalf("login: %d %s", code, body)
			}
			release := h.lever.HoldTokenAnswers("refresh_token")
			defer release()
			oldClient := h.app.conns.lever
			done := make(chan error, 1)
			go func() {
				_, err := oldClient.Stages(context.Background())
				done <- err
			}()
			h.eventually(wait, func() bool { return h.lever.OAuthStats().HeldAnswers > 0 },
				func() string { return "the refresh never reached Lever" })

			// grant is the consent the kept login descends from; it stays
			// the same through the refreshes of that login.
			grant := func() int {
				raw, err := h.app.secrets.Get(secrets.LeverOAuthLogin)
				if err != nil {
					return 0
				}
				var l storedLogin
				if json.Unmarshal([]byte(raw), &l) != nil {
					t.Fatalf("the kept login is not readable")
				}
				return h.lever.RefreshTokenGrant(l.RefreshToken)
			}
			first := grant()
			var kept int // the consent that must be kept after the refresh lands
			switch then {
			case "disconnect":
				if res := h.api("POST", "/api/setup/lever/disconnect", nil); res.StatusCode != 200 {
					t.Fatalf("disconnect: %d", res.StatusCode)
				}
			case "log in again":
				if code, body := h.logIn(true); code != 200 {
					t.Fatalf("second login: %d %s", code, body)
				}
				if kept = grant(); kept == first || kept == 0 {
					t.Fatalf("the second login was not kept: consent %d, the first was %d", kept, first)
				}
			}
			// Lever's answer to the old login's refresh arrives now.
			release()
			select {
			case err := <-done:
				t.Logf("the old login's Lever call ended with: %v", err)
			case <-time.After(wait):
				t.Fatal("the old login's refresh never finished")
			}

			check := func(when string) {
				_, err := h.app.secrets.Get(secrets.LeverOAuthLogin)
				switch then {
				case "disconnect":
					if err == nil {
						t.Errorf("%s: a login is kept after Disconnect: the refresh brought it back", when)
					}
					if st := h.status(); st.Lever.Connected {
						t.Errorf("%s: Lever shows connected after Disconnect: %+v", when, st.Lever)
					}
				case "log in again":
					if got := grant(); got != kept {
						t.Errorf("%s: the kept login descends from consent %d, want the new login's %d (the first was %d)", when, got, kept, first)
					}
					if st := h.status(); !st.Lever.Connected || st.Lever.Method != "oauth" || st.Lever.Error != "" {
						t.Errorf("%s: %+v, want connected with the new login", when, st.Lever)
					}
				}
			}
			check("after the refresh")
			h.stop()
			h.start()
			check("after a restart")
			if then == "log in again" {
				// The kept refresh token is the new login's, and Lever takes it.
				if _, err := h.app.conns.lever.Stages(t.Context()); err != nil {
					t.Errorf("after a restart, Lever refuses the kept login: %v", err)
				}
			}
		})
	}
}
