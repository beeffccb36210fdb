package lever_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/clocktest"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

// journal is an ordered record of saves and API requests, shared by a
// store and the client's transport, so tests can tell which came first.
type journal struct {
	mu     sync.Mutex
	events []string
}

func (j *journal) add(e string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.events = append(j.events, e)
}

func (j *journal) list() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Clone(j.events)
}

// memStore is a TokenStore that records each save in a journal and can be
// told to fail, or to hold saves back.
type memStore struct {
	j *journal
	// hold, when not nil, keeps every save waiting until it is closed.
	hold chan struct{}

	mu    sync.Mutex
	saved []lever.Token
	fail  error
}

func (m *memStore) SaveToken(_ context.Context, t lever.Token) error {
	if m.hold != nil {
		<-m.hold
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.saved = append(m.saved, t)
	if m.j != nil {
		m.j.add("save " + t.AccessToken)
	}
	return nil
}

func (m *memStore) Saved() []lever.Token {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.saved)
}

func (m *memStore) FailWith(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fail = err
}

// waitingContext tells waiting, once, when a caller starts waiting on it:
// the token source waits on its caller's context only while a refresh is
// in flight.
type waitingContext struct {
	context.Context
	once    sync.Once
	waiting *sync.WaitGroup
}

func (c *waitingContext) Done() <-chan struct{} {
	c.once.Do(c.waiting.Done)
	return c.Context.Done()
}

// recordingClient is an HTTP client that journals the Bearer token of
// every request it sends.
func recordingClient(j *journal) *http.Client {
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			j.add("request " + tok)
		}
		return http.DefaultTransport.RoundTrip(r)
	})}
}

const redirectURL = "http://127.0.0.1:8765/oauth/callback"

// loggedIn starts a simulator with OAuth on, moved by clk, and logs in to
// it once: first is that login's first token.
func loggedIn(t *testing.T) (clk *clocktest.Clock, srv *levertest.Server, cfg lever.OAuthConfig, first lever.Token) {
	t.Helper()
	clk = newClock()
	srv, cfg = oauthSim(t, clk)
	return clk, srv, cfg, login(t, srv, cfg)
}

// journaled makes a client on the login whose first token is first; its
// token saves and its requests are written, in order, to j.
func journaled(srv *levertest.Server, cfg lever.OAuthConfig, first lever.Token) (j *journal, store *memStore, ts *lever.OAuthTokenSource, c *lever.Client) {
	j = &journal{}
	store = &memStore{j: j}
	ts = lever.NewOAuthTokenSource(cfg, first, store)
	return j, store, ts, lever.New(srv.URL, "", lever.WithTokenSource(ts), lever.WithHTTPClient(recordingClient(j)))
}

// oauthSim starts a simulator with OAuth on, moved by clk, and an
// OAuthConfig for it.
func oauthSim(t *testing.T, clk *clocktest.Clock) (*levertest.Server, lever.OAuthConfig) {
	t.Helper()
	srv := levertest.New(levertest.Options{
		Now:           clk.Now,
		RatePerSecond: 1000, Burst: 1000,
		OAuth: &levertest.OAuthOptions{ClientID: "client-1", ClientSecret: "secret-1", RedirectURL: redirectURL},
	})
	t.Cleanup(srv.Close)
	srv.AddStage("applicant-new", "New applicant")
	srv.AddStage("offer", "Offer")
	cfg := lever.OAuthConfig{
		ClientID: "client-1", ClientSecret: "secret-1", RedirectURL: redirectURL,
		AuthURL: srv.AuthURL, TokenURL: srv.TokenURL, Audience: srv.Audience,
	}
	lever.SetOAuthClock(&cfg, clk.Now)
	return srv, cfg
}

// login runs the browser part and the exchange, returning the first token.
func login(t *testing.T, srv *levertest.Server, cfg lever.OAuthConfig) lever.Token {
	t.Helper()
	const state = "st/8+x y&z="
	cb, err := srv.Consent(cfg.AuthCodeURL(state, verifier), true)
	if err != nil {
		t.Fatal(err)
	}
	q := cb.Query()
	if got := q.Get("state"); got != state {
		t.Fatalf("state = %q, want %q verbatim", got, state)
	}
	if q.Get("code") == "" {
		t.Fatalf("callback %s carries no code", cb)
	}
	tok, err := cfg.Exchange(context.Background(), q.Get("code"), verifier)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// verifier is the PKCE code verifier of this package's logins.
var verifier = lever.NewCodeVerifier()

func ptr(s string) *string { return &s }

// The S256 challenge of RFC 7636's appendix B example.
func TestCodeChallengeIsS256(t *testing.T) {
	if got := lever.CodeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"); got != "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" {
		t.Errorf("CodeChallenge = %q", got)
	}
	v := lever.NewCodeVerifier()
	if len(v) < 43 || len(v) > 128 || strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") != "" || v == lever.NewCodeVerifier() {
		t.Errorf("NewCodeVerifier = %q: want 43-128 unreserved characters, new each time", v)
	}
}

func newClock() *clocktest.Clock { return clocktest.New(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)) }

func TestAuthCodeURL(t *testing.T) {
	tests := []struct {
		name      string
		cfg       lever.OAuthConfig
		wantHost  string
		wantScope string
	}{
		{"production", lever.OAuthConfig{
			ClientID: "cid", RedirectURL: redirectURL,
			AuthURL: lever.ProductionAuthURL, TokenURL: lever.ProductionTokenURL, Audience: lever.ProductionAudience,
		}, "auth.lever.co", strings.Join(lever.OAuthScopes, " ")},
		{"sandbox with own scopes", lever.OAuthConfig{
			ClientID: "cid", RedirectURL: redirectURL, Scopes: []string{"offline_access", "stages:read:admin"},
			AuthURL: lever.SandboxAuthURL, TokenURL: lever.SandboxTokenURL, Audience: lever.SandboxAudience,
		}, "sandbox-lever.auth0.com", "offline_access stages:read:admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := url.Parse(tt.cfg.AuthCodeURL("the-state", verifier))
			if err != nil {
				t.Fatal(err)
			}
			if u.Host != tt.wantHost || u.Path != "/authorize" {
				t.Errorf("URL %s, want host %s path /authorize", u, tt.wantHost)
			}
			want := map[string]string{
				"response_type": "code", "client_id": "cid", "redirect_uri": redirectURL,
				"state": "the-state", "audience": tt.cfg.Audience, "scope": tt.wantScope, "prompt": "consent",
				"code_challenge_method": "S256", "code_challenge": lever.CodeChallenge(verifier),
			}
			if strings.Contains(u.String(), verifier) {
				t.Error("the PKCE verifier itself is in the URL")
			}
			q := u.Query()
			for k, v := range want {
				if q.Get(k) != v {
					t.Errorf("%s = %q, want %q", k, q.Get(k), v)
				}
			}
			if strings.Contains(u.String(), "secret") {
				t.Error("the client secret is in the URL")
			}
		})
	}
	if !slices.Contains(lever.OAuthScopes, "offline_access") {
		t.Error("OAuthScopes lacks offline_access: no refresh token")
	}
}

func TestOAuthLoginAndAPI(t *testing.T) {
	clk := newClock()
	srv, cfg := oauthSim(t, clk)
	tok := login(t, srv, cfg)
	if tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token lacks access or refresh token: %+v", tok.Scope)
	}
	if want := clk.Now().Add(time.Hour); !tok.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want %v", tok.Expiry, want)
	}
	if tok.Scope != strings.Join(lever.OAuthScopes, " ") {
		t.Errorf("Scope = %q", tok.Scope)
	}

	store := &memStore{}
	c := lever.New(srv.URL, "", lever.WithTokenSource(lever.NewOAuthTokenSource(cfg, tok, store)))
	stages, err := c.Stages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(stages) != 2 {
		t.Errorf("stages = %v", stages)
	}
	if got := srv.OAuthStats(); got != (levertest.OAuthStats{Authorizations: 1, Exchanges: 1, PKCEExchanges: 1}) {
		t.Errorf("OAuthStats = %+v", got)
	}
	if len(store.Saved()) != 0 {
		t.Error("a fresh token was saved again")
	}
}

func TestConsentDenied(t *testing.T) {
	srv, cfg := oauthSim(t, newClock())
	cb, err := srv.Consent(cfg.AuthCodeURL("s1", verifier), false)
	if err != nil {
		t.Fatal(err)
	}
	q := cb.Query()
	if q.Get("error") != "access_denied" || q.Get("state") != "s1" || q.Has("code") {
		t.Errorf("callback = %s", cb)
	}
}

func TestExchangeErrors(t *testing.T) {
	clk := newClock()
	srv, cfg := oauthSim(t, clk)
	code := func() string {
		cb, err := srv.Consent(cfg.AuthCodeURL("s", verifier), true)
		if err != nil {
			t.Fatal(err)
		}
		return cb.Query().Get("code")
	}
	used := code()
	if _, err := cfg.Exchange(context.Background(), used, verifier); err != nil {
		t.Fatal(err)
	}
	badSecret := cfg
	badSecret.ClientSecret = "not-the-secret"
	otherRedirect := cfg
	otherRedirect.RedirectURL = "http://127.0.0.1:9999/elsewhere"

	tests := []struct {
		name       string
		cfg        lever.OAuthConfig
		code       string
		advance    time.Duration
		wantStatus int
		wantCode   string
		// verifier replaces the one whose challenge was in the authorize URL.
		verifier *string
	}{
		{"code used twice", cfg, used, 0, 400, "invalid_grant", nil},
		{"unknown code", cfg, "made-up", 0, 400, "invalid_grant", nil},
		{"wrong client secret", badSecret, code(), 0, 401, "access_denied", nil},
		{"redirect_uri differs from authorize", otherRedirect, code(), 0, 400, "invalid_grant", nil},
		{"code older than ten minutes", cfg, code(), 11 * time.Minute, 400, "invalid_grant", nil},
		// PKCE: a code caught on its way back is worthless without the verifier.
		{"no code verifier", cfg, code(), 0, 400, "invalid_grant", ptr("")},
		{"another login's code verifier", cfg, code(), 0, 400, "invalid_grant", ptr(lever.NewCodeVerifier())},
		{"the challenge sent as the verifier", cfg, code(), 0, 400, "invalid_grant", ptr(lever.CodeChallenge(verifier))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk.Advance(tt.advance)
			v := verifier
			if tt.verifier != nil {
				v = *tt.verifier
			}
			_, err := tt.cfg.Exchange(context.Background(), tt.code, v)
			var e *lever.OAuthError
			if !errors.As(err, &e) || e.StatusCode != tt.wantStatus || e.Code != tt.wantCode {
				t.Fatalf("err = %v, want %d %s", err, tt.wantStatus, tt.wantCode)
			}
			for _, secret := range []string{tt.code, tt.cfg.ClientSecret} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error %q repeats a secret", err)
				}
			}
		})
	}
}

func TestRefreshSavesRotatedTokenBeforeUse(t *testing.T) {
	clk, srv, cfg, first := loggedIn(t)

	j, store, ts, c := journaled(srv, cfg, first)
	ctx := context.Background()

	clk.Advance(54 * time.Minute) // six minutes left: no refresh yet
	if _, err := c.Stages(ctx); err != nil {
		t.Fatal(err)
	}
	if n := srv.OAuthStats().Refreshes; n != 0 {
		t.Fatalf("refreshed with six minutes left (%d)", n)
	}

	clk.Advance(2 * time.Minute) // four minutes left
	if _, err := c.Stages(ctx); err != nil {
		t.Fatal(err)
	}
	saved := store.Saved()
	if len(saved) != 1 {
		t.Fatalf("saved %d tokens, want 1", len(saved))
	}
	next := saved[0]
	if next.RefreshToken == first.RefreshToken || next.AccessToken == first.AccessToken {
		t.Fatal("refresh did not rotate both tokens")
	}
	if ts.Token() != next {
		t.Error("Token() is not the saved token")
	}
	if want := clk.Now().Add(time.Hour); !next.Expiry.Equal(want) {
		t.Errorf("Expiry = %v, want %v", next.Expiry, want)
	}
	want := []string{"request " + first.AccessToken, "save " + next.AccessToken, "request " + next.AccessToken}
	if got := j.list(); !slices.Equal(got, want) {
		t.Errorf("order = %q, want %q", got, want)
	}

	// The spent refresh token is dead; the rotated one works.
	for _, tt := range []struct {
		name       string
		refresh    string
		wantStatus int
		wantError  string
	}{
		{"old refresh token reused", first.RefreshToken, 400, "invalid_grant"},
		{"rotated refresh token", next.RefreshToken, 200, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.PostForm(cfg.TokenURL, url.Values{
				"grant_type": {"refresh_token"}, "refresh_token": {tt.refresh},
				"client_id": {cfg.ClientID}, "client_secret": {cfg.ClientSecret},
			})
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body map[string]any
			json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != tt.wantStatus || tt.wantError != "" && body["error"] != tt.wantError {
				t.Errorf("%d %v, want %d %s", resp.StatusCode, body["error"], tt.wantStatus, tt.wantError)
			}
		})
	}
	if st := srv.OAuthStats(); st.Refreshes != 2 || st.RejectedRefreshes != 1 {
		t.Errorf("OAuthStats = %+v, want 2 refreshes, 1 rejected", st)
	}
}

func TestConcurrentCallersShareOneRefresh(t *testing.T) {
	clk, srv, cfg, first := loggedIn(t)
	// The save is held until every caller waits on the refresh in flight.
	store := &memStore{hold: make(chan struct{})}
	ts := lever.NewOAuthTokenSource(cfg, first, store)
	clk.Advance(58 * time.Minute)

	const callers = 20
	got := make([]string, callers)
	errs := make([]error, callers)
	var waiting, wg sync.WaitGroup
	waiting.Add(callers)
	for i := range callers {
		ctx := &waitingContext{Context: context.Background(), waiting: &waiting}
		wg.Go(func() { got[i], errs[i] = ts.AccessToken(ctx) })
	}
	waiting.Wait()
	close(store.hold)
	wg.Wait()
	for i := range callers {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if got[i] != got[0] || got[i] == first.AccessToken {
			t.Fatalf("caller %d got a different or old token", i)
		}
	}
	if st := srv.OAuthStats(); st.Refreshes != 1 || st.RejectedRefreshes != 0 {
		t.Errorf("OAuthStats = %+v, want exactly one refresh", st)
	}
	if n := len(store.Saved()); n != 1 {
		t.Errorf("saved %d times, want 1", n)
	}
}

func TestSaveFailureWithholdsToken(t *testing.T) {
	clk, srv, cfg, first := loggedIn(t)
	j, store, ts, c := journaled(srv, cfg, first)
	diskFull := errors.New("disk full")
	store.FailWith(diskFull)
	clk.Advance(58 * time.Minute)

	_, err := c.Stages(context.Background())
	if !errors.Is(err, diskFull) {
		t.Fatalf("err = %v, want the save error", err)
	}
	if got := j.list(); len(got) != 0 {
		t.Errorf("requests sent with an unsaved token: %q", got)
	}
	if ts.Token() != first {
		t.Error("Token() moved to a token that was not saved")
	}

	// Once saving works, the token already refreshed is saved and used:
	// no second refresh, which the spent refresh token could not make.
	store.FailWith(nil)
	if _, err := c.Stages(context.Background()); err != nil {
		t.Fatal(err)
	}
	saved := store.Saved()
	if len(saved) != 1 {
		t.Fatalf("saved %d", len(saved))
	}
	want := []string{"save " + saved[0].AccessToken, "request " + saved[0].AccessToken}
	if got := j.list(); !slices.Equal(got, want) {
		t.Errorf("order = %q, want %q", got, want)
	}
	if st := srv.OAuthStats(); st.Refreshes != 1 || st.RejectedRefreshes != 0 {
		t.Errorf("OAuthStats = %+v", st)
	}
}

func TestRevokedGrant(t *testing.T) {
	_, srv, cfg, first := loggedIn(t)
	ts := lever.NewOAuthTokenSource(cfg, first, &memStore{})
	c := lever.New(srv.URL, "", lever.WithTokenSource(ts))
	ctx := context.Background()
	if _, err := c.Stages(ctx); err != nil {
		t.Fatal(err)
	}

	srv.RevokeGrant()
	// The access token still has most of its hour, but Lever refuses it:
	// the client refreshes once, and the refusal of the grant surfaces.
	_, err := c.Stages(ctx)
	if !errors.Is(err, lever.ErrGrantRevoked) {
		t.Fatalf("err = %v, want ErrGrantRevoked", err)
	}
	var oe *lever.OAuthError
	if !errors.As(err, &oe) || oe.Code != "invalid_grant" {
		t.Errorf("err = %v, want Lever's invalid_grant inside", err)
	}
	if strings.Contains(err.Error(), first.RefreshToken) || strings.Contains(err.Error(), first.AccessToken) {
		t.Error("error repeats a token")
	}

	// Fails fast from now on: nothing more reaches Lever.
	before, beforeOAuth := srv.Stats().Requests, srv.OAuthStats()
	for range 3 {
		if _, err := ts.AccessToken(ctx); !errors.Is(err, lever.ErrGrantRevoked) {
			t.Fatalf("err = %v, want ErrGrantRevoked", err)
		}
		if _, err := c.Stages(ctx); !errors.Is(err, lever.ErrGrantRevoked) {
			t.Fatalf("err = %v, want ErrGrantRevoked", err)
		}
	}
	if srv.Stats().Requests != before || srv.OAuthStats() != beforeOAuth {
		t.Error("requests sent after the grant was refused")
	}
	if st := srv.OAuthStats(); st.RejectedRefreshes != 1 {
		t.Errorf("RejectedRefreshes = %d, want 1", st.RejectedRefreshes)
	}

	// A new login brings the source back.
	ts.SetToken(login(t, srv, cfg))
	if _, err := c.Stages(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestIsUnauthorized(t *testing.T) {
	srv, cfg := oauthSim(t, newClock())
	tok := login(t, srv, cfg)
	tests := []struct {
		name string
		ts   lever.TokenSource
		want bool
	}{
		{"live token", staticToken(tok.AccessToken), false},
		{"unknown token", staticToken("not-a-token"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := lever.New(srv.URL, "", lever.WithTokenSource(tt.ts)).Stages(context.Background())
			if got := lever.IsUnauthorized(err); got != tt.want {
				t.Errorf("IsUnauthorized(%v) = %v, want %v", err, got, tt.want)
			}
		})
	}
	if lever.IsUnauthorized(errors.New("lever: 401")) || lever.IsUnauthorized(&lever.Error{StatusCode: 403}) {
		t.Error("IsUnauthorized true for other errors")
	}
}

func TestMissingAudienceYieldsUselessTokens(t *testing.T) {
	srv, cfg := oauthSim(t, newClock())
	cfg.Audience = ""
	authURL := cfg.AuthCodeURL("s", verifier)
	if strings.Contains(authURL, "audience") {
		t.Fatalf("URL %s has an audience", authURL)
	}
	resp, err := http.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "offline_access") || strings.Contains(string(page), "stages:read") {
		t.Errorf("consent page should list offline_access only:\n%s", page)
	}

	tok := login(t, srv, cfg)
	c := lever.New(srv.URL, "", lever.WithTokenSource(lever.NewOAuthTokenSource(cfg, tok, &memStore{})))
	_, err = c.Stages(context.Background())
	var e *lever.Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusForbidden {
		t.Fatalf("err = %v, want 403", err)
	}
}

func TestWrongRedirectURI(t *testing.T) {
	srv, cfg := oauthSim(t, newClock())
	cfg.RedirectURL = "http://127.0.0.1:8765/other"
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(cfg.AuthCodeURL("s", verifier))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("got %d %s, want a 400 HTML page", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !strings.Contains(string(page), "redirect_uri") {
		t.Errorf("page does not name the problem:\n%s", page)
	}
	if _, err := srv.Consent(cfg.AuthCodeURL("s", verifier), true); err == nil {
		t.Error("Consent succeeded with a wrong redirect_uri")
	}
}

func TestRefreshOutlivesCallerContext(t *testing.T) {
	clk, srv, cfg, first := loggedIn(t)
	store := &memStore{hold: make(chan struct{})}
	ts := lever.NewOAuthTokenSource(cfg, first, store)
	clk.Advance(58 * time.Minute)

	// The caller gives up mid-refresh (its save is held); the rotated token
	// must still be saved, or the grant is lost.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := ts.AccessToken(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline", err)
	}
	close(store.hold)
	tok, err := ts.AccessToken(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if saved := store.Saved(); len(saved) != 1 || saved[0].AccessToken != tok {
		t.Errorf("saved %d tokens; want the one in use", len(saved))
	}
	if st := srv.OAuthStats(); st.Refreshes != 1 || st.RejectedRefreshes != 0 {
		t.Errorf("OAuthStats = %+v", st)
	}
}

func TestOAuthErrorText(t *testing.T) {
	tests := []struct {
		err  *lever.OAuthError
		want string
	}{
		{&lever.OAuthError{StatusCode: 400, Code: "invalid_grant", Description: "Unknown or invalid refresh token."},
			"lever: oauth 400 invalid_grant: Unknown or invalid refresh token."},
		{&lever.OAuthError{StatusCode: 502, Description: "Bad Gateway"}, "lever: oauth 502: Bad Gateway"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	wrapped := fmt.Errorf("%w (%w)", lever.ErrGrantRevoked, tests[0].err)
	if !strings.HasPrefix(wrapped.Error(), "Lever no longer accepts this login: log in to Lever again") {
		t.Errorf("message = %q", wrapped)
	}
}

func TestRefreshFailureKeepsValidToken(t *testing.T) {
	clk, srv, cfg, first := loggedIn(t)
	down := cfg
	down.TokenURL = srv.TokenURL + "-moved" // refuses every refresh, as an outage would
	ts := lever.NewOAuthTokenSource(down, first, &memStore{})
	ctx := context.Background()

	clk.Advance(57 * time.Minute) // three minutes left
	tok, err := ts.AccessToken(ctx)
	if err != nil || tok != first.AccessToken {
		t.Fatalf("got %v, want the still valid token", err)
	}
	clk.Advance(4 * time.Minute) // expired
	_, err = ts.AccessToken(ctx)
	var e *lever.OAuthError
	if !errors.As(err, &e) || errors.Is(err, lever.ErrGrantRevoked) {
		t.Fatalf("err = %v, want Lever's answer and not a revoked grant", err)
	}
}
