package levertest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/clocktest"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

const (
	clientID     = "client-1"
	clientSecret = "secret-1"
	callback     = "http://127.0.0.1:8765/oauth/callback"
)

var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func oauthServer(t *testing.T, clk *clocktest.Clock) *levertest.Server {
	t.Helper()
	opts := levertest.Options{
		RatePerSecond: 1000, Burst: 1000,
		OAuth: &levertest.OAuthOptions{ClientID: clientID, ClientSecret: clientSecret, RedirectURL: callback},
	}
	if clk != nil {
		opts.Now = clk.Now
	}
	return seeded(t, opts)
}

// authorizeURL builds an authorize request; set overrides parameters, an
// empty value removes one.
func authorizeURL(srv *levertest.Server, set map[string]string) string {
	q := url.Values{
		"client_id": {clientID}, "redirect_uri": {callback}, "response_type": {"code"},
		"state": {"s-1"}, "audience": {srv.Audience}, "scope": {"offline_access stages:read:admin users:read:admin"},
	}
	for k, v := range set {
		if v == "" {
			q.Del(k)
		} else {
			q.Set(k, v)
		}
	}
	return srv.AuthURL + "?" + q.Encode()
}

// postToken calls the token endpoint and returns status and JSON body.
func postToken(t *testing.T, srv *levertest.Server, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(srv.TokenURL, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("token answer is not JSON: %v", err)
	}
	return resp.StatusCode, body
}

func exchange(t *testing.T, srv *levertest.Server, code string) (int, map[string]any) {
	t.Helper()
	return postToken(t, srv, url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {callback},
		"client_id": {clientID}, "client_secret": {clientSecret},
	})
}

func refresh(t *testing.T, srv *levertest.Server, rt string) (int, map[string]any) {
	t.Helper()
	return postToken(t, srv, url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {rt},
		"client_id": {clientID}, "client_secret": {clientSecret},
	})
}

// codeFor consents to an authorize request and returns the code.
func codeFor(t *testing.T, srv *levertest.Server, set map[string]string) string {
	t.Helper()
	cb, err := srv.Consent(authorizeURL(srv, set), true)
	if err != nil {
		t.Fatal(err)
	}
	code := cb.Query().Get("code")
	if code == "" {
		t.Fatalf("no code in %s", cb)
	}
	return code
}

// bearer sends a GET with an access token and returns the status.
func bearer(t *testing.T, srv *levertest.Server, path, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestOAuthHosts(t *testing.T) {
	srv := oauthServer(t, nil)
	base := strings.TrimSuffix(srv.URL, "/v1")
	if srv.AuthURL != base+"/authorize" || srv.TokenURL != base+"/oauth/token" || srv.Audience != srv.URL+"/" {
		t.Errorf("AuthURL %q TokenURL %q Audience %q", srv.AuthURL, srv.TokenURL, srv.Audience)
	}
	plain := seeded(t, levertest.Options{})
	if plain.AuthURL != "" {
		t.Error("OAuth URLs set without Options.OAuth")
	}
	resp, err := http.Get(strings.TrimSuffix(plain.URL, "/v1") + "/authorize")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Error("authorize page served without Options.OAuth")
	}
}

func TestConsentPage(t *testing.T) {
	srv := oauthServer(t, nil)
	tests := []struct {
		name       string
		set        map[string]string
		wantStatus int
		wantPage   []string
		rejectPage []string
		wantError  string // in the redirect
	}{
		{"consent", nil, 200,
			[]string{"<title>Lever — Authorize assessbridge</title>", "<li>offline_access</li>", "<li>stages:read:admin</li>", "Accept", "Deny", `action="/authorize/decision"`}, nil, ""},
		{"no audience: offline_access only", map[string]string{"audience": ""}, 200,
			[]string{"<li>offline_access</li>"}, []string{"stages:read"}, ""},
		{"unknown client", map[string]string{"client_id": "other"}, 400, []string{"client_id"}, nil, ""},
		{"redirect_uri not registered", map[string]string{"redirect_uri": "http://127.0.0.1:8765/oauth/callback/"}, 400, []string{"redirect_uri"}, nil, ""},
		{"redirect_uri missing", map[string]string{"redirect_uri": ""}, 400, []string{"redirect_uri"}, nil, ""},
		{"wrong response_type", map[string]string{"response_type": "token"}, 302, nil, nil, "unsupported_response_type"},
		{"unknown audience", map[string]string{"audience": "https://api.example.com/"}, 302, nil, nil, "access_denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := noFollow.Get(authorizeURL(srv, tt.set))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", resp.StatusCode, tt.wantStatus, body)
			}
			if tt.wantStatus != 302 && !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Errorf("Content-Type %q, want HTML", resp.Header.Get("Content-Type"))
			}
			for _, s := range tt.wantPage {
				if !strings.Contains(string(body), s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range tt.rejectPage {
				if strings.Contains(string(body), s) {
					t.Errorf("page has %q", s)
				}
			}
			if tt.wantError != "" {
				loc, _ := resp.Location()
				if !strings.HasPrefix(loc.String(), callback+"?") || loc.Query().Get("error") != tt.wantError || loc.Query().Get("state") != "s-1" {
					t.Errorf("redirect %s, want %s with error %s", loc, callback, tt.wantError)
				}
			}
		})
	}
	if n := srv.OAuthStats().Authorizations; n != 0 {
		t.Errorf("Authorizations = %d before any Accept", n)
	}
}

func TestConsentDecision(t *testing.T) {
	srv := oauthServer(t, nil)
	state := "a b/c?d=e&f+g"
	for _, accept := range []bool{true, false} {
		cb, err := srv.Consent(authorizeURL(srv, map[string]string{"state": state}), accept)
		if err != nil {
			t.Fatal(err)
		}
		q := cb.Query()
		if cb.Scheme+"://"+cb.Host+cb.Path != callback || q.Get("state") != state {
			t.Errorf("accept=%v: callback %s", accept, cb)
		}
		if accept && q.Get("code") == "" || !accept && (q.Get("error") != "access_denied" || q.Has("code")) {
			t.Errorf("accept=%v: callback %s", accept, cb)
		}
	}
	if n := srv.OAuthStats().Authorizations; n != 1 {
		t.Errorf("Authorizations = %d, want 1", n)
	}
	// A consent answered once cannot be answered again.
	resp, err := noFollow.PostForm(strings.TrimSuffix(srv.URL, "/v1")+"/authorize/decision", url.Values{"request": {"made-up"}, "decision": {"accept"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown consent request: status %d", resp.StatusCode)
	}
}

func TestTokenEndpoint(t *testing.T) {
	clk := clocktest.New(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := oauthServer(t, clk)

	status, body := exchange(t, srv, codeFor(t, srv, nil))
	if status != 200 || body["token_type"] != "Bearer" || body["expires_in"] != 3600.0 ||
		body["scope"] != "offline_access stages:read:admin users:read:admin" || body["access_token"] == nil || body["refresh_token"] == nil {
		t.Fatalf("exchange: %d %v", status, body)
	}
	access, rt := body["access_token"].(string), body["refresh_token"].(string)

	tests := []struct {
		name       string
		form       url.Values
		wantStatus int
		wantError  string
	}{
		{"wrong client secret", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {clientID}, "client_secret": {"nope"}}, 401, "access_denied"},
		{"unknown client", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {"other"}, "client_secret": {clientSecret}}, 401, "access_denied"},
		{"no grant_type", url.Values{"client_id": {clientID}, "client_secret": {clientSecret}}, 400, "invalid_request"},
		{"password grant", url.Values{"grant_type": {"password"}, "client_id": {clientID}, "client_secret": {clientSecret}}, 400, "unsupported_grant_type"},
		{"unknown refresh token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"made-up"}, "client_id": {clientID}, "client_secret": {clientSecret}}, 400, "invalid_grant"},
		{"redirect_uri differs", url.Values{"grant_type": {"authorization_code"}, "code": {codeFor(t, srv, nil)}, "redirect_uri": {callback + "x"}, "client_id": {clientID}, "client_secret": {clientSecret}}, 400, "invalid_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := postToken(t, srv, tt.form)
			if status != tt.wantStatus || body["error"] != tt.wantError || body["error_description"] == "" {
				t.Errorf("%d %v, want %d %s", status, body, tt.wantStatus, tt.wantError)
			}
		})
	}

	t.Run("code is single use and lives ten minutes", func(t *testing.T) {
		code := codeFor(t, srv, nil)
		if status, _ := exchange(t, srv, code); status != 200 {
			t.Fatalf("first use: %d", status)
		}
		if status, body := exchange(t, srv, code); status != 400 || body["error"] != "invalid_grant" {
			t.Errorf("second use: %d %v", status, body)
		}
		late := codeFor(t, srv, nil)
		clk.Advance(10*time.Minute + time.Second)
		if status, body := exchange(t, srv, late); status != 400 || body["error"] != "invalid_grant" {
			t.Errorf("after ten minutes: %d %v", status, body)
		}
	})

	t.Run("refresh rotates", func(t *testing.T) {
		before := srv.OAuthStats()
		status, body := refresh(t, srv, rt)
		next, _ := body["refresh_token"].(string)
		if status != 200 || next == "" || next == rt || body["access_token"] == access {
			t.Fatalf("refresh: %d, new refresh token %v", status, next != "" && next != rt)
		}
		if status, body := refresh(t, srv, rt); status != 400 || body["error"] != "invalid_grant" {
			t.Errorf("reused refresh token: %d %v", status, body)
		}
		if status, _ := refresh(t, srv, next); status != 200 {
			t.Errorf("rotated refresh token: %d", status)
		}
		after := srv.OAuthStats()
		if after.Refreshes-before.Refreshes != 2 || after.RejectedRefreshes-before.RejectedRefreshes != 1 {
			t.Errorf("stats %+v -> %+v", before, after)
		}
	})
}

func TestBearerTokens(t *testing.T) {
	clk := clocktest.New(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := oauthServer(t, clk)
	_, body := exchange(t, srv, codeFor(t, srv, nil))
	access, rt := body["access_token"].(string), body["refresh_token"].(string)
	_, body = exchange(t, srv, codeFor(t, srv, map[string]string{"audience": ""}))
	noAudience := body["access_token"].(string)
	if _, has := body["refresh_token"]; !has {
		t.Error("offline_access without audience still gives a refresh token")
	}
	_, body = exchange(t, srv, codeFor(t, srv, map[string]string{"scope": "stages:read:admin"}))
	if _, has := body["refresh_token"]; has {
		t.Error("refresh token without offline_access")
	}

	tests := []struct {
		name, path, token string
		want              int
	}{
		{"granted scope", "/stages", access, 200},
		{"granted scope, users", "/users", access, 200},
		{"scope not granted", "/opportunities/opp-1", access, 403},
		{"no audience: no API scope", "/stages", noAudience, 403},
		{"unknown token", "/stages", "made-up", 401},
		{"empty token", "/stages", "", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bearer(t, srv, tt.path, tt.token); got != tt.want {
				t.Errorf("status %d, want %d", got, tt.want)
			}
		})
	}

	clk.Advance(time.Hour)
	if got := bearer(t, srv, "/stages", access); got != 401 {
		t.Errorf("expired token: %d, want 401", got)
	}
	status, body := refresh(t, srv, rt)
	if status != 200 {
		t.Fatalf("refresh: %d", status)
	}
	fresh, next := body["access_token"].(string), body["refresh_token"].(string)
	if got := bearer(t, srv, "/stages", fresh); got != 200 {
		t.Errorf("refreshed token: %d", got)
	}

	srv.RevokeGrant()
	if got := bearer(t, srv, "/stages", fresh); got != 401 {
		t.Errorf("revoked access token: %d, want 401", got)
	}
	if status, body := refresh(t, srv, next); status != 400 || body["error"] != "invalid_grant" {
		t.Errorf("revoked refresh token: %d %v", status, body)
	}
	// The API key is untouched by OAuth.
	if status, _, _ := get(t, srv, "/stages", "lever-test-key"); status != 200 {
		t.Errorf("API key after revoke: %d", status)
	}
}

func TestRefreshTokenLifetimes(t *testing.T) {
	clk := clocktest.New(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC))
	srv := oauthServer(t, clk)
	_, body := exchange(t, srv, codeFor(t, srv, nil))
	rt := body["refresh_token"].(string)

	// Used every 80 days, the grant lives a year; unused 90 days, it dies.
	for range 4 {
		clk.Advance(80 * 24 * time.Hour)
		status, body := refresh(t, srv, rt)
		if status != 200 {
			t.Fatalf("refresh after 80 days: %d %v", status, body)
		}
		rt = body["refresh_token"].(string)
	}
	clk.Advance(50 * 24 * time.Hour) // 370 days since consent
	if status, body := refresh(t, srv, rt); status != 400 || body["error"] != "invalid_grant" {
		t.Errorf("after a year: %d %v", status, body)
	}

	_, body = exchange(t, srv, codeFor(t, srv, nil))
	clk.Advance(91 * 24 * time.Hour)
	if status, body := refresh(t, srv, body["refresh_token"].(string)); status != 400 || body["error"] != "invalid_grant" {
		t.Errorf("after 91 idle days: %d %v", status, body)
	}
}

// RFC 7636 appendix B: this verifier's S256 challenge.
const (
	rfcVerifier  = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	rfcChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
)

func TestTokenExchangeWithoutThePKCEVerifierIsRefused(t *testing.T) {
	srv := oauthServer(t, nil)
	pkce := map[string]string{"code_challenge": rfcChallenge, "code_challenge_method": "S256"}
	exchangeWith := func(code string, verifier *string) (int, map[string]any) {
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {callback},
			"client_id": {clientID}, "client_secret": {clientSecret}}
		if verifier != nil {
			form.Set("code_verifier", *verifier)
		}
		return postToken(t, srv, form)
	}
	str := func(s string) *string { return &s }
	for _, tt := range []struct {
		name     string
		verifier *string
	}{
		{"no verifier", nil},
		{"an empty verifier", str("")},
		{"another verifier", str(strings.Repeat("a", 43))},
		{"the challenge itself", str(rfcChallenge)},
		{"the verifier cut short", str(rfcVerifier[:42])},
	} {
		if status, body := exchangeWith(codeFor(t, srv, pkce), tt.verifier); status != 400 || body["error"] != "invalid_grant" {
			t.Errorf("%s: %d %v, want 400 invalid_grant", tt.name, status, body)
		}
	}
	before := srv.OAuthStats()
	if status, body := exchangeWith(codeFor(t, srv, pkce), str(rfcVerifier)); status != 200 || body["access_token"] == nil {
		t.Fatalf("the right verifier: %d %v", status, body)
	}
	if after := srv.OAuthStats(); after.PKCEExchanges != before.PKCEExchanges+1 || after.Exchanges != before.Exchanges+1 {
		t.Errorf("stats %+v -> %+v", before, after)
	}

	// Only S256, as Lever's Auth0 tenant: the request goes back refused.
	for _, set := range []map[string]string{
		{"code_challenge": rfcChallenge, "code_challenge_method": "plain"},
		{"code_challenge": rfcChallenge, "code_challenge_method": ""},
		{"code_challenge_method": "S256"},
		{"code_challenge": "short", "code_challenge_method": "S256"},
	} {
		cb, err := srv.Consent(authorizeURL(srv, set), true)
		if err != nil || cb.Query().Get("error") != "invalid_request" || cb.Query().Has("code") {
			t.Errorf("authorize with %v: %v %v, want invalid_request", set, cb, err)
		}
	}
}

func TestHeldRefreshAnswerHasAlreadySpentTheToken(t *testing.T) {
	srv := oauthServer(t, nil)
	_, body := exchange(t, srv, codeFor(t, srv, nil))
	rt := body["refresh_token"].(string)
	release := srv.HoldTokenAnswers("refresh_token")
	done := make(chan int, 1)
	go func() {
		resp, err := http.PostForm(srv.TokenURL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt},
			"client_id": {clientID}, "client_secret": {clientSecret}})
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	deadline := time.Now().Add(5 * time.Second)
	for srv.OAuthStats().HeldAnswers == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the refresh answer was never held")
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case code := <-done:
		t.Fatalf("the held answer came through: %d", code)
	default:
	}
	// Held, but handled: the refresh token is spent already.
	if st := srv.OAuthStats(); st.Refreshes != 1 {
		t.Errorf("while held: %+v, want the refresh made", st)
	}
	// Other grants are not held.
	if status, _ := exchange(t, srv, codeFor(t, srv, nil)); status != 200 {
		t.Errorf("an exchange while refreshes are held: %d", status)
	}
	release()
	if code := <-done; code != 200 {
		t.Errorf("released answer: %d", code)
	}
	if status, _ := refresh(t, srv, rt); status != 400 {
		t.Errorf("reusing the refresh token whose answer was held: %d, want 400", status)
	}
}
