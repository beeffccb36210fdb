package lever

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/assessbridge/assessbridge/backend"
)

// Lever's OAuth hosts. The audience names the API the tokens are for; Lever
// requires it on the authorize request.
const (
	ProductionAuthURL  = "https://auth.lever.co/authorize"
	ProductionTokenURL = "https://auth.lever.co/oauth/token"
	ProductionAudience = "https://api.lever.co/v1/"

	SandboxAuthURL  = "https://sandbox-lever.auth0.com/authorize"
	SandboxTokenURL = "https://sandbox-lever.auth0.com/oauth/token"
	SandboxAudience = "https://api.sandbox.lever.co/v1/"
)

// OAuthScopes are the scopes assessbridge asks for: a refresh token
// (offline_access) and the endpoints it reads and writes. notes:read:admin
// is there because a retried result note is first looked for among the
// candidate's notes. archive_reasons:read:admin lists the reasons a failed
// candidate can be archived with (routing by score). The files and
// feedback scopes carry the full report: Qualified's PDF as a file, and
// the results as a feedback form; each is looked for before it is written.
var OAuthScopes = []string{
	"offline_access",
	"opportunities:read:admin",
	"opportunities:write:admin",
	"notes:read:admin",
	"notes:write:admin",
	"stages:read:admin",
	"tags:read:admin",
	"postings:read:admin",
	"users:read:admin",
	"webhooks:read:admin",
	"webhooks:write:admin",
	"archive_reasons:read:admin",
	"files:read:admin",
	"files:write:admin",
	"feedback:read:admin",
	"feedback:write:admin",
	"feedback_templates:read:admin",
	"feedback_templates:write:admin",
}

// refreshMargin is how long before expiry an access token is replaced, so a
// request never leaves with a token that dies on the way.
const refreshMargin = 5 * time.Minute

// tokenTimeout bounds one call to the token endpoint when no HTTPClient is
// given.
const tokenTimeout = 30 * time.Second

// ErrGrantRevoked means Lever refused the refresh token: the grant was
// revoked, expired (a year old, or 90 days unused) or already rotated away.
// Only logging in again helps.
var ErrGrantRevoked = errors.New("Lever no longer accepts this login: log in to Lever again")

// ErrLoginReplaced is what TokenStore.SaveToken returns when the login a
// token source refreshes is no longer the kept one: the recruiter logged in
// again or disconnected meanwhile. The refreshed token is dropped, and the
// source hands out nothing more.
var ErrLoginReplaced = errors.New("lever: login replaced or disconnected during refresh")

// IsUnauthorized reports whether err is Lever answering 401: a wrong API key
// or an access token it no longer accepts.
func IsUnauthorized(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.FailureKind() == backend.FailureNeedsReconnect
}

// OAuthConfig is a registered Lever OAuth app and the hosts it logs in at.
type OAuthConfig struct {
	ClientID     string
	ClientSecret string
	// RedirectURL must equal the one registered with Lever, character for
	// character.
	RedirectURL string
	// AuthURL, TokenURL and Audience are ProductionAuthURL,
	// ProductionTokenURL and ProductionAudience, or their Sandbox peers.
	AuthURL  string
	TokenURL string
	Audience string
	// Scopes defaults to OAuthScopes.
	Scopes []string
	// HTTPClient sends token requests. Default: a client with a 30 s timeout.
	HTTPClient *http.Client

	// now is the clock for token expiry; tests set it.
	now func() time.Time
}

func (c OAuthConfig) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

func (c OAuthConfig) oauth2() *oauth2.Config {
	scopes := c.Scopes
	if len(scopes) == 0 {
		scopes = OAuthScopes
	}
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		RedirectURL:  c.RedirectURL,
		Scopes:       scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:   c.AuthURL,
			TokenURL:  c.TokenURL,
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

// httpContext makes x/oauth2 send with the configured HTTP client.
func (c OAuthConfig) httpContext(ctx context.Context) context.Context {
	hc := c.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: tokenTimeout}
	}
	return context.WithValue(ctx, oauth2.HTTPClient, hc)
}

// NewCodeVerifier returns a fresh PKCE code verifier: 43 characters of
// base64url over 32 random bytes. Keep it with the login's state; it is
// sent only in the token exchange.
func NewCodeVerifier() string {
	return oauth2.GenerateVerifier()
}

// CodeChallenge is the S256 PKCE challenge for verifier:
// base64url(sha256(verifier)) without padding.
func CodeChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// AuthCodeURL returns the Lever login and consent page to send the user to.
// state comes back verbatim on the redirect; the caller checks it there.
// verifier (from NewCodeVerifier) is sent as its S256 challenge: a code
// caught on the way back is worthless without it. Lever requires the
// audience: without it the tokens open nothing.
func (c OAuthConfig) AuthCodeURL(state, verifier string) string {
	opts := []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("prompt", "consent"),
		oauth2.SetAuthURLParam("code_challenge_method", "S256"),
		oauth2.SetAuthURLParam("code_challenge", CodeChallenge(verifier))}
	if c.Audience != "" {
		opts = append(opts, oauth2.SetAuthURLParam("audience", c.Audience))
	}
	return c.oauth2().AuthCodeURL(state, opts...)
}

// Exchange trades the code from the redirect, with the verifier whose
// challenge went into AuthCodeURL, for the first token.
func (c OAuthConfig) Exchange(ctx context.Context, code, verifier string) (Token, error) {
	t, err := c.oauth2().Exchange(c.httpContext(ctx), code, oauth2.VerifierOption(verifier))
	if err != nil {
		return Token{}, fmt.Errorf("lever: exchange authorization code: %w", oauthError(err))
	}
	return c.token(t), nil
}

// refresh spends refreshToken on a new token. Lever rotates: the answer's
// refresh token replaces the one spent, which no longer works.
func (c OAuthConfig) refresh(ctx context.Context, refreshToken string) (Token, error) {
	ts := c.oauth2().TokenSource(c.httpContext(ctx), &oauth2.Token{RefreshToken: refreshToken})
	t, err := ts.Token()
	if err != nil {
		return Token{}, oauthError(err)
	}
	return c.token(t), nil
}

// token converts an answer, dating the expiry from this side's clock.
func (c OAuthConfig) token(t *oauth2.Token) Token {
	tok := Token{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, Expiry: t.Expiry}
	if t.ExpiresIn > 0 {
		tok.Expiry = c.clock().Add(time.Duration(t.ExpiresIn) * time.Second)
	}
	if s, ok := t.Extra("scope").(string); ok {
		tok.Scope = s
	}
	return tok
}

// Token is what Lever's token endpoint hands out. Persist it whole: the
// refresh token changes on every refresh.
type Token struct {
	AccessToken  string    `json:"accessToken"`
	RefreshToken string    `json:"refreshToken"`
	Scope        string    `json:"scope,omitempty"`
	Expiry       time.Time `json:"expiry"`
}

// OAuthError is an error answer from Lever's token endpoint, such as
// 400 {"error": "invalid_grant", "error_description": "..."}.
type OAuthError struct {
	StatusCode int
	// Code is the OAuth error code: "invalid_grant", "access_denied",
	// "invalid_client", ...
	Code        string
	Description string
}

// Error reads "lever: oauth 400 invalid_grant: description".
func (e *OAuthError) Error() string {
	s := "lever: oauth"
	if e.StatusCode != 0 {
		s += fmt.Sprintf(" %d", e.StatusCode)
	}
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	return s
}

// oauthError turns x/oauth2's error into an *OAuthError, keeping only the
// code and description: the raw body is not repeated in messages.
func oauthError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return err
	}
	e := &OAuthError{Code: re.ErrorCode, Description: re.ErrorDescription}
	if re.Response != nil {
		e.StatusCode = re.Response.StatusCode
	}
	if e.Code == "" && e.Description == "" {
		// An answer that is not OAuth JSON (a proxy's page); Lever's API
		// error shape is tried too.
		var wire struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		}
		if json.Unmarshal(re.Body, &wire) == nil {
			e.Code, e.Description = wire.Code, wire.Message
		}
		if e.Code == "" && e.Description == "" && e.StatusCode != 0 {
			e.Description = http.StatusText(e.StatusCode)
		}
	}
	return e
}

func isInvalidGrant(err error) bool {
	var e *OAuthError
	return errors.As(err, &e) && e.Code == "invalid_grant"
}

// TokenStore keeps the current token. SaveToken must replace the stored
// token atomically (keychain entry, or a 0600 file renamed into place):
// after a refresh the old refresh token is dead, and losing the new one
// loses the connection. It returns ErrLoginReplaced, saving nothing, when
// the login it saves for is no longer the current one.
type TokenStore interface {
	SaveToken(ctx context.Context, t Token) error
}

// OAuthTokenSource hands out Lever access tokens and refreshes them before
// they expire, saving every rotated token before using it. It is a
// TokenSource for WithTokenSource and safe for concurrent use.
type OAuthTokenSource struct {
	cfg   OAuthConfig
	store TokenStore

	mu  sync.Mutex
	tok Token // the token last saved (or given)
	// stale marks tok's access token as refused by Lever.
	stale bool
	// unsaved is a refreshed token whose SaveToken failed. It is the only
	// live grant, so it is kept and saved again before anything else.
	unsaved *Token
	// revoked, once Lever refused the grant, is returned without asking
	// again until SetToken.
	revoked error
	// retryAt holds off the next refresh after one failed for a passing
	// reason, while the current access token still works.
	retryAt time.Time
	flight  *refreshFlight
}

// refreshFlight is one refresh in progress; callers that find it wait on
// done and share its result.
type refreshFlight struct {
	done   chan struct{}
	access string
	err    error
}

// NewOAuthTokenSource returns a source starting from t, saving each new
// token to store.
func NewOAuthTokenSource(cfg OAuthConfig, t Token, store TokenStore) *OAuthTokenSource {
	return &OAuthTokenSource{cfg: cfg, store: store, tok: t}
}

// Token returns the current token, for showing when it expires.
func (s *OAuthTokenSource) Token() Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok
}

// SetToken replaces the token after a new login, clearing a revoked grant.
// A refresh still in flight is abandoned: its result is neither saved nor
// kept.
func (s *OAuthTokenSource) SetToken(t Token) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tok, s.stale, s.unsaved, s.revoked, s.retryAt, s.flight = t, false, nil, nil, time.Time{}, nil
}

// Invalidate tells the source that Lever refused accessToken (401), so the
// next AccessToken refreshes instead of handing it out again. A token
// already replaced is ignored.
func (s *OAuthTokenSource) Invalidate(accessToken string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok.AccessToken == accessToken {
		s.stale = true
		s.retryAt = time.Time{}
	}
}

// retryDelay is how long a still-valid access token is used after a refresh
// failed for a passing reason (network, Lever's 5xx) before trying again.
const retryDelay = 30 * time.Second

// AccessToken returns an access token with at least five minutes left,
// refreshing first if needed. Only one refresh runs at a time; concurrent
// callers wait for it and share its result. A refusal of the grant returns
// an error wrapping ErrGrantRevoked, and keeps returning it until SetToken.
// A refreshed token is saved before it is used; if saving fails the error
// is returned and the save is tried again on the next call.
func (s *OAuthTokenSource) AccessToken(ctx context.Context) (string, error) {
	s.mu.Lock()
	if s.revoked != nil {
		err := s.revoked
		s.mu.Unlock()
		return "", err
	}
	if s.flight == nil && s.unsaved == nil && s.usable(refreshMargin) {
		tok := s.tok.AccessToken
		s.mu.Unlock()
		return tok, nil
	}
	if s.flight == nil && s.unsaved == nil && s.cfg.clock().Before(s.retryAt) && s.usable(0) {
		tok := s.tok.AccessToken
		s.mu.Unlock()
		return tok, nil
	}
	f := s.flight
	if f == nil {
		f = &refreshFlight{done: make(chan struct{})}
		s.flight = f
		// Detached from ctx: once the refresh token is spent, the answer
		// must be received and saved even if this caller gives up, or the
		// grant is lost with it.
		go s.run(context.WithoutCancel(ctx), f)
	}
	s.mu.Unlock()

	select {
	case <-f.done:
		return f.access, f.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// usable reports whether the current access token has more than margin
// left. A zero Expiry means Lever gave none: the token is used until
// refused. s.mu held.
func (s *OAuthTokenSource) usable(margin time.Duration) bool {
	if s.tok.AccessToken == "" || s.stale {
		return false
	}
	return s.tok.Expiry.IsZero() || s.cfg.clock().Add(margin).Before(s.tok.Expiry)
}

// run performs one refresh (or the retry of a failed save) and publishes
// the result to every waiter.
func (s *OAuthTokenSource) run(ctx context.Context, f *refreshFlight) {
	defer close(f.done)

	s.mu.Lock()
	pending, refreshToken := s.unsaved, s.tok.RefreshToken
	s.mu.Unlock()

	var next Token
	if pending != nil {
		next = *pending
	} else {
		if refreshToken == "" {
			f.err = errors.New("lever: access token expired and there is no refresh token: log in to Lever again")
			s.finish(f, nil)
			return
		}
		t, err := s.cfg.refresh(ctx, refreshToken)
		if err != nil {
			if isInvalidGrant(err) {
				f.err = fmt.Errorf("%w (%w)", ErrGrantRevoked, err)
				s.finish(f, func() { s.revoked = f.err })
				return
			}
			f.err = fmt.Errorf("lever: refresh access token: %w", err)
			s.finish(f, func() {
				// The grant is intact; keep using the current access
				// token while it lasts and try again a little later.
				if s.usable(0) {
					f.access, f.err = s.tok.AccessToken, nil
					s.retryAt = s.cfg.clock().Add(retryDelay)
				}
			})
			return
		}
		if t.RefreshToken == "" {
			// Lever rotates, but if an answer ever lacks a new refresh
			// token the spent one is all there is.
			t.RefreshToken = refreshToken
		}
		next = t
	}

	s.mu.Lock()
	abandoned := s.flight != f
	s.mu.Unlock()
	if abandoned {
		f.err = errors.New("lever: login replaced during refresh")
		return
	}
	if err := s.store.SaveToken(ctx, next); errors.Is(err, ErrLoginReplaced) {
		// A newer login (or none) is kept; this one must not come back.
		f.err = ErrLoginReplaced
		s.finish(f, func() { s.revoked, s.unsaved = ErrLoginReplaced, nil })
		return
	} else if err != nil {
		f.err = fmt.Errorf("lever: save refreshed token: %w", err)
		s.finish(f, func() { s.unsaved = &next })
		return
	}
	f.access = next.AccessToken
	s.finish(f, func() { s.tok, s.stale, s.unsaved, s.retryAt = next, false, nil, time.Time{} })
}

// finish applies a flight's outcome, unless SetToken replaced the token
// meanwhile, and lets the next caller start a new flight.
func (s *OAuthTokenSource) finish(f *refreshFlight, apply func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flight != f {
		return
	}
	if apply != nil {
		apply()
	}
	s.flight = nil
}
