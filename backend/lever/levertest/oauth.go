package levertest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// The partner app the simulator registers when OAuthOptions leaves it unset.
const (
	DefaultOAuthClientID     = "lever-test-client"
	DefaultOAuthClientSecret = "lever-test-secret"
)

// OAuthOptions turns on Lever's OAuth side: an authorize page with a
// consent screen and a token endpoint that rotates refresh tokens, like
// Lever's Auth0 tenant. Zero fields take the defaults noted.
type OAuthOptions struct {
	// ClientID and ClientSecret of the one registered app. Defaults
	// "lever-test-client" and "lever-test-secret".
	ClientID     string
	ClientSecret string
	// RedirectURL is the registered callback; redirect_uri must equal it
	// exactly. Empty accepts any http(s) URL, for callers that learn their
	// port late; the token exchange must still repeat the authorize one.
	RedirectURL string
	// AccessTokenTTL is how long access tokens live. Default one hour.
	AccessTokenTTL time.Duration
}

// OAuthStats counts what the OAuth endpoints did.
type OAuthStats struct {
	// Authorizations is consents accepted (codes issued).
	Authorizations int
	// Exchanges is codes traded for tokens.
	Exchanges int
	// PKCEExchanges is those of Exchanges whose authorize request carried a
	// PKCE challenge, checked against the exchange's verifier.
	PKCEExchanges int
	// Refreshes is refresh tokens traded for new tokens.
	Refreshes int
	// RejectedRefreshes is refresh_token grants refused: unknown, rotated
	// away, expired or revoked.
	RejectedRefreshes int
	// HeldAnswers is token answers held back by HoldTokenAnswers so far.
	HeldAnswers int
}

// Lifetimes on Lever's side.
const (
	codeTTL            = 10 * time.Minute
	consentTTL         = 10 * time.Minute
	refreshIdleTTL     = 90 * 24 * time.Hour
	refreshAbsoluteTTL = 365 * 24 * time.Hour
)

// routeScopes is the scope each API route needs from an OAuth token. A
// scope without ":admin" covers the same route for the consenting user's
// own records; the simulator does not tell the two apart.
var routeScopes = map[string]string{
	"GET /stages":                         "stages:read",
	"GET /users":                          "users:read",
	"GET /postings/:id":                   "postings:read",
	"GET /opportunities":                  "opportunities:read",
	"GET /opportunities/:id":              "opportunities:read",
	"GET /opportunities/:id/applications": "opportunities:read",
	"POST /opportunities/:id/addTags":     "opportunities:write",
	"POST /opportunities/:id/removeTags":  "opportunities:write",
	"GET /opportunities/:id/notes":        "notes:read",
	"POST /opportunities/:id/notes":       "notes:write",
	"GET /tags":                           "tags:read",
	"GET /archive_reasons":                "archive_reasons:read",
	"PUT /opportunities/:id/stage":        "opportunities:write",
	"PUT /opportunities/:id/archived":     "opportunities:write",
	"GET /webhooks":                       "webhooks:read",
	"POST /webhooks":                      "webhooks:write",
	"PUT /webhooks":                       "webhooks:write",
	"DELETE /webhooks/:id":                "webhooks:write",
	"GET /opportunities/:id/files":        "files:read",
	"POST /opportunities/:id/files":       "files:write",
	"GET /feedback_templates":             "feedback_templates:read",
	"POST /feedback_templates":            "feedback_templates:write",
	"GET /opportunities/:id/feedback":     "feedback:read",
	"POST /opportunities/:id/feedback":    "feedback:write",
}

// oauthState is the OAuth side's memory. Guarded by Server.mu.
type oauthState struct {
	opts     OAuthOptions
	stats    OAuthStats
	consents map[string]*consent
	codes    map[string]*authCode
	refresh  map[string]*refreshToken
	access   map[string]*accessToken
	// holds are the grant types whose answers wait for a release.
	holds map[string]chan struct{}
}

// grant is one user's consent, shared by every token descending from it.
type grant struct {
	// id numbers consents in the order given, from 1.
	id      int
	scopes  []string
	created time.Time
	revoked bool
}

// consent is an authorize request waiting on the consent page.
type consent struct {
	redirectURI, state string
	scopes             []string
	expires            time.Time
	// challenge is the PKCE S256 code_challenge, "" when none was sent.
	challenge string
}

type authCode struct {
	grant       *grant
	redirectURI string
	expires     time.Time
	challenge   string
}

type refreshToken struct {
	grant  *grant
	issued time.Time
	// spent is set when the token was rotated away; kept so reuse is told
	// apart from a token never issued.
	spent bool
}

type accessToken struct {
	grant   *grant
	expires time.Time
}

func newOAuthState(o OAuthOptions) *oauthState {
	if o.ClientID == "" {
		o.ClientID = DefaultOAuthClientID
	}
	if o.ClientSecret == "" {
		o.ClientSecret = DefaultOAuthClientSecret
	}
	if o.AccessTokenTTL <= 0 {
		o.AccessTokenTTL = time.Hour
	}
	return &oauthState{
		opts:     o,
		consents: map[string]*consent{},
		codes:    map[string]*authCode{},
		refresh:  map[string]*refreshToken{},
		access:   map[string]*accessToken{},
	}
}

func (s *Server) oauthRoutes() *http.ServeMux {
	m := http.NewServeMux()
	m.HandleFunc("GET /authorize", s.authorize)
	m.HandleFunc("POST /authorize/decision", s.decide)
	m.HandleFunc("POST /oauth/token", s.tokenEndpoint)
	return m
}

// isOAuthPath reports whether a request is for the OAuth endpoints rather
// than the API.
func isOAuthPath(p string) bool {
	return p == "/authorize" || p == "/authorize/decision" || p == "/oauth/token"
}

// RevokeGrant revokes every consent given so far, as an admin removing the
// app in Lever does: refresh tokens answer invalid_grant, access tokens 401,
// pending codes are refused.
func (s *Server) RevokeGrant() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.oauth == nil {
		return
	}
	for _, t := range s.oauth.refresh {
		t.grant.revoked = true
	}
	for _, t := range s.oauth.access {
		t.grant.revoked = true
	}
	for _, c := range s.oauth.codes {
		c.grant.revoked = true
	}
}

// RefreshTokenGrant says which consent a refresh token descends from: 1 for
// the first consent accepted, 2 for the next, and so on; 0 for a token
// never issued here. Rotation keeps the number, so a test can tell one
// login's tokens from another's.
func (s *Server) RefreshTokenGrant(rt string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.oauth == nil {
		return 0
	}
	if t, ok := s.oauth.refresh[rt]; ok {
		return t.grant.id
	}
	return 0
}

// OAuthStats returns the OAuth counters.
func (s *Server) OAuthStats() OAuthStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.oauth == nil {
		return OAuthStats{}
	}
	return s.oauth.stats
}

// bearerScopes looks up an access token issued here. ok is false for
// unknown, expired and revoked tokens. s.mu held.
func (s *Server) bearerScopes(token string) (scopes []string, ok bool) {
	if s.oauth == nil {
		return nil, false
	}
	t, found := s.oauth.access[token]
	if !found || t.grant.revoked || !s.opts.Now().Before(t.expires) {
		return nil, false
	}
	return t.grant.scopes, true
}

// hasScope reports whether scopes allow route. Routes not listed need none.
func hasScope(scopes []string, route string) bool {
	need, ok := routeScopes[route]
	if !ok {
		return true
	}
	return slices.Contains(scopes, need) || slices.Contains(scopes, need+":admin")
}

var consentPage = template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Lever — Authorize assessbridge</title></head>
<body>
<h1>Lever — Authorize assessbridge</h1>
<p>assessbridge would like to:</p>
<ul>{{range .Scopes}}
<li>{{.}}</li>{{end}}
</ul>
<form method="post" action="/authorize/decision">
<input type="hidden" name="request" value="{{.Request}}">
<button type="submit" name="decision" value="accept">Accept</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>
</body>
</html>
`))

// authorize serves the consent page. Errors in client_id or redirect_uri
// are shown as a page, since they cannot be sent back safely; the rest
// go back to the redirect URI.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.oauth.opts
	if !hmac.Equal([]byte(q.Get("client_id")), []byte(o.ClientID)) {
		errorPage(w, "Unknown client: the client_id is not registered.")
		return
	}
	redirect := q.Get("redirect_uri")
	if !s.redirectAllowed(redirect) {
		errorPage(w, "Callback URL mismatch: the redirect_uri is not the one registered for this app.")
		return
	}
	state := q.Get("state")
	if q.Get("response_type") != "code" {
		redirectError(w, r, redirect, state, "unsupported_response_type", "Only response_type=code is supported.")
		return
	}
	scopes := strings.Fields(q.Get("scope"))
	switch aud := q.Get("audience"); aud {
	case s.Audience:
	case "":
		// Without the audience Lever's consent names only offline_access,
		// and the tokens it issues open nothing in the API.
		scopes = slices.DeleteFunc(scopes, func(sc string) bool { return sc != "offline_access" })
	default:
		redirectError(w, r, redirect, state, "access_denied", "Service not found: "+aud)
		return
	}
	// PKCE, as Lever's Auth0 tenant supports it: S256 only.
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	switch {
	case challenge == "" && method != "":
		redirectError(w, r, redirect, state, "invalid_request", "code_challenge_method given without code_challenge")
		return
	case challenge != "" && method != "S256":
		redirectError(w, r, redirect, state, "invalid_request", "Unsupported code_challenge_method: only S256 is supported")
		return
	case challenge != "" && !pkceValue.MatchString(challenge):
		redirectError(w, r, redirect, state, "invalid_request", "Malformed code_challenge")
		return
	}
	id := randomToken(32)
	s.oauth.consents[id] = &consent{redirectURI: redirect, state: state, scopes: scopes, expires: s.opts.Now().Add(consentTTL), challenge: challenge}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	consentPage.Execute(w, struct {
		Scopes  []string
		Request string
	}{scopes, id})
}

// redirectAllowed reports whether u is the registered callback. s.mu held.
func (s *Server) redirectAllowed(u string) bool {
	if want := s.oauth.opts.RedirectURL; want != "" {
		return u == want
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" && p.Fragment == ""
}

// decide answers the consent page's Accept or Deny.
func (s *Server) decide(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		errorPage(w, "Bad request.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PostForm.Get("request")
	c, ok := s.oauth.consents[id]
	delete(s.oauth.consents, id)
	if !ok || !s.opts.Now().Before(c.expires) {
		errorPage(w, "This login request expired. Start again from the app.")
		return
	}
	if r.PostForm.Get("decision") != "accept" {
		redirectError(w, r, c.redirectURI, c.state, "access_denied", "User did not authorize the request")
		return
	}
	code := randomToken(32)
	now := s.opts.Now()
	s.oauth.codes[code] = &authCode{
		grant:       &grant{id: s.oauth.stats.Authorizations + 1, scopes: c.scopes, created: now},
		redirectURI: c.redirectURI,
		expires:     now.Add(codeTTL),
		challenge:   c.challenge,
	}
	s.oauth.stats.Authorizations++
	redirectTo(w, r, c.redirectURI, url.Values{"code": {code}, "state": {c.state}})
}

func errorPage(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprintf(w, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lever — Error</title></head>\n<body><h1>Something went wrong</h1><p>%s</p></body></html>\n", template.HTMLEscapeString(msg))
}

func redirectError(w http.ResponseWriter, r *http.Request, redirect, state, code, desc string) {
	v := url.Values{"error": {code}, "error_description": {desc}}
	if state != "" {
		v.Set("state", state)
	}
	redirectTo(w, r, redirect, v)
}

// redirectTo sends the browser to redirect with params added to its query.
func redirectTo(w http.ResponseWriter, r *http.Request, redirect string, params url.Values) {
	u, err := url.Parse(redirect)
	if err != nil {
		errorPage(w, "Bad redirect_uri.")
		return
	}
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// pkceValue is the shape of a code verifier and of an S256 challenge
// (RFC 7636: 43 to 128 unreserved characters).
var pkceValue = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

// pkceMatches reports whether verifier is the one challenge was made from.
func pkceMatches(challenge, verifier string) bool {
	if !pkceValue.MatchString(verifier) {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	return hmac.Equal([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge))
}

// HoldTokenAnswers makes the token endpoint hold back its answers to
// grantType ("refresh_token" or "authorization_code") until release is
// called: the grant is handled in full (a refresh token spent, new tokens
// issued), only the answer waits, as over a slow network. OAuthStats'
// HeldAnswers counts the answers that waited.
func (s *Server) HoldTokenAnswers(grantType string) (release func()) {
	ch := make(chan struct{})
	s.mu.Lock()
	if s.oauth.holds == nil {
		s.oauth.holds = map[string]chan struct{}{}
	}
	s.oauth.holds[grantType] = ch
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			if s.oauth.holds[grantType] == ch {
				delete(s.oauth.holds, grantType)
			}
			s.mu.Unlock()
			close(ch)
		})
	}
}

// tokenEndpoint is the token endpoint: authorization_code and refresh_token grants.
func (s *Server) tokenEndpoint(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		status, body := oauthError(http.StatusBadRequest, "invalid_request", "Malformed request body")
		writeJSON(w, status, body)
		return
	}
	s.mu.Lock()
	status, body := s.grantToken(r)
	hold := s.oauth.holds[r.PostForm.Get("grant_type")]
	if hold != nil {
		s.oauth.stats.HeldAnswers++
	}
	s.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, body)
}

// grantToken handles one token request and returns its answer. s.mu held.
func (s *Server) grantToken(r *http.Request) (int, any) {
	f := r.PostForm
	id, secret := f.Get("client_id"), f.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok {
		id, secret = u, p
	}
	o := s.oauth.opts
	if !hmac.Equal([]byte(id), []byte(o.ClientID)) || !hmac.Equal([]byte(secret), []byte(o.ClientSecret)) {
		return oauthError(http.StatusUnauthorized, "access_denied", "Unauthorized")
	}
	now := s.opts.Now()
	switch f.Get("grant_type") {
	case "authorization_code":
		code := f.Get("code")
		c, ok := s.oauth.codes[code]
		delete(s.oauth.codes, code) // single use, even when refused
		switch {
		case !ok || c.grant.revoked || !now.Before(c.expires):
			return oauthError(http.StatusBadRequest, "invalid_grant", "Invalid authorization code")
		case f.Get("redirect_uri") != c.redirectURI:
			return oauthError(http.StatusBadRequest, "invalid_grant", "The redirect_uri does not match the one of the authorize request")
		case c.challenge != "" && !pkceMatches(c.challenge, f.Get("code_verifier")):
			// The code alone, caught on its way back, opens nothing.
			return oauthError(http.StatusBadRequest, "invalid_grant", "Failed to verify code verifier")
		}
		s.oauth.stats.Exchanges++
		if c.challenge != "" {
			s.oauth.stats.PKCEExchanges++
		}
		return s.issue(c.grant, now)
	case "refresh_token":
		rt := f.Get("refresh_token")
		t, ok := s.oauth.refresh[rt]
		if !ok || t.spent || t.grant.revoked ||
			!now.Before(t.issued.Add(refreshIdleTTL)) || !now.Before(t.grant.created.Add(refreshAbsoluteTTL)) {
			s.oauth.stats.RejectedRefreshes++
			return oauthError(http.StatusBadRequest, "invalid_grant", "Unknown or invalid refresh token.")
		}
		t.spent = true
		s.oauth.stats.Refreshes++
		return s.issue(t.grant, now)
	case "":
		return oauthError(http.StatusBadRequest, "invalid_request", "Missing required parameter: grant_type")
	default:
		return oauthError(http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type: "+f.Get("grant_type"))
	}
}

// issue answers a new access token, and a new refresh token when the grant
// has offline_access. s.mu held.
func (s *Server) issue(g *grant, now time.Time) (int, any) {
	ttl := s.oauth.opts.AccessTokenTTL
	access := randomToken(48)
	s.oauth.access[access] = &accessToken{grant: g, expires: now.Add(ttl)}
	body := map[string]any{
		"access_token": access,
		"token_type":   "Bearer",
		"scope":        strings.Join(g.scopes, " "),
		"expires_in":   int(ttl / time.Second),
	}
	if slices.Contains(g.scopes, "offline_access") {
		rt := randomToken(48)
		s.oauth.refresh[rt] = &refreshToken{grant: g, issued: now}
		body["refresh_token"] = rt
	}
	return http.StatusOK, body
}

func oauthError(status int, code, desc string) (int, any) {
	return status, map[string]string{"error": code, "error_description": desc}
}

var consentRequest = regexp.MustCompile(`name="request" value="([^"]*)"`)

// Consent does what a user's browser does with an authorize URL: opens the
// consent page and presses Accept (or Deny). It returns the URL Lever
// redirects to, with code and state (or error) in its query.
func (s *Server) Consent(authCodeURL string, accept bool) (*url.URL, error) {
	noFollow := &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := noFollow.Get(authCodeURL)
	if err != nil {
		return nil, err
	}
	page, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusFound {
		return resp.Location()
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("levertest: authorize answered %d", resp.StatusCode)
	}
	m := consentRequest.FindSubmatch(page)
	if m == nil {
		return nil, errors.New("levertest: no consent form on the authorize page")
	}
	decision := "deny"
	if accept {
		decision = "accept"
	}
	base, err := url.Parse(authCodeURL)
	if err != nil {
		return nil, err
	}
	action := base.ResolveReference(&url.URL{Path: "/authorize/decision"})
	resp, err = noFollow.PostForm(action.String(), url.Values{"request": {string(m[1])}, "decision": {decision}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return nil, fmt.Errorf("levertest: consent answered %d", resp.StatusCode)
	}
	return resp.Location()
}
