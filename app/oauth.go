package app

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/secrets"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// LeverOAuth is a team's registered Lever partner app. AuthURL, TokenURL and
// Audience are Lever's own (by environment) unless set (the simulator).
type LeverOAuth struct {
	ClientID     string
	ClientSecret string
	// RedirectURL is the app's own callback, registered with Lever: on this
	// machine (http://127.0.0.1:8765/oauth/callback) or on the public URL.
	RedirectURL string
	AuthURL     string
	TokenURL    string
	Audience    string
}

// Where Lever's OAuth login lands.
const (
	OAuthCallbackPath = adminapi.OAuthCallbackPath
	loginTimeout      = 10 * time.Minute
)

// LeverOAuthFromEnv reads the partner app from LEVER_OAUTH_CLIENT_ID,
// LEVER_OAUTH_CLIENT_SECRET and LEVER_OAUTH_REDIRECT_URL.
func LeverOAuthFromEnv(getenv func(string) string) *LeverOAuth {
	o := &LeverOAuth{ClientID: getenv("LEVER_OAUTH_CLIENT_ID"), ClientSecret: getenv("LEVER_OAUTH_CLIENT_SECRET"), RedirectURL: getenv("LEVER_OAUTH_REDIRECT_URL")}
	if o.ClientID == "" && o.ClientSecret == "" && o.RedirectURL == "" {
		return nil
	}
	return o
}

// storedLogin is the OAuth token as kept in the secret store.
type storedLogin struct {
	lever.Token
	Environment string `json:"environment"`
}

// loginStore persists every rotated token of one login before it is used.
// gen is that login's generation: once another login, an API key or a
// Disconnect has replaced it, its refreshes are dropped, not saved.
type loginStore struct {
	secrets secrets.Store
	env     string
	kept    *keptLogin
	gen     uint64
}

// SaveToken keeps t if its login is still the current one (compare and
// swap on the generation), else returns lever.ErrLoginReplaced.
func (s loginStore) SaveToken(_ context.Context, t lever.Token) error {
	b, err := json.Marshal(storedLogin{Token: t, Environment: s.env})
	if err != nil {
		return err
	}
	s.kept.mu.Lock()
	defer s.kept.mu.Unlock()
	if s.kept.gen != s.gen {
		return lever.ErrLoginReplaced
	}
	return s.secrets.Set(secrets.LeverOAuthLogin, string(b))
}

// keptLogin orders the writes of the kept Lever login. A refresh can
// finish after the recruiter logged in again or disconnected; the
// generation, moved on by each of those under mu, lets it see that and
// drop its token rather than bring the old login back.
type keptLogin struct {
	mu  sync.Mutex
	gen uint64
}

// next starts a new login generation: saves for older ones are refused
// from now on.
func (k *keptLogin) next() uint64 {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.gen++
	return k.gen
}

// newLoginStore starts a new login generation and returns its store.
func (a *App) newLoginStore(env string) loginStore {
	return loginStore{secrets: a.secrets, env: env, kept: &a.oauth.kept, gen: a.oauth.kept.next()}
}

// forgetLogin drops the kept OAuth login (Disconnect, or an API key in its
// place): a refresh still in flight can no longer save it back.
func (a *App) forgetLogin() error {
	a.oauth.kept.mu.Lock()
	defer a.oauth.kept.mu.Unlock()
	a.oauth.kept.gen++
	return a.secrets.Delete(secrets.LeverOAuthLogin)
}

// oauthState keeps the logins in progress: each state is single-use and
// expires.
type oauthState struct {
	mu      sync.Mutex
	pending map[string]pendingLogin
	// callback is the loopback listener for the redirect when no admin
	// listener serves it (the desktop window).
	callback *http.Server
	kept     keptLogin
}

type pendingLogin struct {
	env     string
	created time.Time
	// verifier is the login's PKCE code verifier: only its challenge left
	// this app, so a code caught on its way back opens nothing.
	verifier string
}

// oauthConfig is the partner app for an environment, or an explanation of
// why Lever login is not available.
func (a *App) oauthConfig(ctx context.Context, env string) (lever.OAuthConfig, error) {
	o := a.cfg.LeverOAuth
	if o == nil {
		o = &LeverOAuth{}
	}
	c := *o
	if c.ClientID == "" {
		c.ClientID, _ = a.db.Setting(ctx, sqlite.SettingLeverOAuthClientID)
	}
	if c.RedirectURL == "" {
		c.RedirectURL, _ = a.db.Setting(ctx, sqlite.SettingLeverOAuthRedirectURL)
	}
	if c.ClientSecret == "" {
		c.ClientSecret, _ = a.secrets.Get(secrets.LeverOAuthClientSecret)
	}
	if c.ClientID == "" || c.ClientSecret == "" || c.RedirectURL == "" {
		return lever.OAuthConfig{}, backend.Errorf(backend.ECONFLICT,
			"Logging in to Lever needs your team's Lever partner app: set its client id, client secret and redirect address in Settings (or LEVER_OAUTH_CLIENT_ID, LEVER_OAUTH_CLIENT_SECRET, LEVER_OAUTH_REDIRECT_URL). Until then, use an API key.")
	}
	cfg := lever.OAuthConfig{ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURL: c.RedirectURL,
		AuthURL: lever.ProductionAuthURL, TokenURL: lever.ProductionTokenURL, Audience: lever.ProductionAudience}
	if env == "sandbox" {
		cfg.AuthURL, cfg.TokenURL, cfg.Audience = lever.SandboxAuthURL, lever.SandboxTokenURL, lever.SandboxAudience
	}
	if c.AuthURL != "" {
		cfg.AuthURL, cfg.TokenURL, cfg.Audience = c.AuthURL, c.TokenURL, c.Audience
	}
	return cfg, nil
}

// restoreLogin reconnects with a kept OAuth login at start.
func (a *App) restoreLogin(ctx context.Context) bool {
	raw, err := a.secrets.Get(secrets.LeverOAuthLogin)
	if err != nil {
		return false
	}
	var l storedLogin
	if json.Unmarshal([]byte(raw), &l) != nil {
		return false
	}
	cfg, err := a.oauthConfig(ctx, l.Environment)
	if err != nil {
		return false
	}
	a.useLogin(cfg, l.Token, a.newLoginStore(l.Environment))
	return true
}

func (a *App) useLogin(cfg lever.OAuthConfig, t lever.Token, store loginStore) {
	env := store.env
	a.conns.useLeverLogin(a.leverURL(env), lever.NewOAuthTokenSource(cfg, t, store), env)
}

// leverLogin is "Log in to Lever" as the admin API offers it.
type leverLogin App

// Unavailable says why Lever login cannot be used, nil when it can.
func (l *leverLogin) Unavailable(ctx context.Context, env string) error {
	_, err := (*App)(l).oauthConfig(ctx, env)
	return err
}

// Start begins the login: it returns the address of Lever's consent page,
// opened in the system browser where there is a window.
func (l *leverLogin) Start(ctx context.Context, env string) (adminapi.LoginStarted, error) {
	a := (*App)(l)
	cfg, err := a.oauthConfig(ctx, env)
	if err != nil {
		return adminapi.LoginStarted{}, err
	}
	if err := a.ensureCallbackListener(cfg.RedirectURL); err != nil {
		return adminapi.LoginStarted{}, backend.Errorf(backend.EINVALID, "The login cannot come back to %s: %v", cfg.RedirectURL, err)
	}
	b := make([]byte, 24)
	rand.Read(b)
	state := hex.EncodeToString(b)
	a.oauth.mu.Lock()
	if a.oauth.pending == nil {
		a.oauth.pending = map[string]pendingLogin{}
	}
	now := time.Now()
	for s, p := range a.oauth.pending {
		if now.Sub(p.created) > loginTimeout {
			delete(a.oauth.pending, s)
		}
	}
	verifier := lever.NewCodeVerifier()
	a.oauth.pending[state] = pendingLogin{env: env, created: now, verifier: verifier}
	a.oauth.mu.Unlock()
	v := adminapi.LoginStarted{AuthorizeURL: cfg.AuthCodeURL(state, verifier)}
	if a.window {
		v.Opened = OpenBrowser(ctx, v.AuthorizeURL) == nil
	}
	return v, nil
}

// ServeCallback is Lever's redirect back after consent.
func (l *leverLogin) ServeCallback(w http.ResponseWriter, r *http.Request) {
	(*App)(l).oauthCallback(w, r)
}

// takeState checks a returning state: known, unexpired, used once.
func (a *App) takeState(state string) (pendingLogin, bool) {
	a.oauth.mu.Lock()
	defer a.oauth.mu.Unlock()
	for s, p := range a.oauth.pending {
		if subtle.ConstantTimeCompare([]byte(s), []byte(state)) == 1 {
			delete(a.oauth.pending, s)
			return p, time.Since(p.created) <= loginTimeout
		}
	}
	return pendingLogin{}, false
}

// oauthCallback is where Lever sends the browser back after consent.
func (a *App) oauthCallback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, ok := a.takeState(q.Get("state"))
	if !ok {
		loginPage(w, http.StatusBadRequest, "This login link is not valid", "It has expired or was already used. Start again from Setup in assessbridge.")
		return
	}
	if e := q.Get("error"); e != "" {
		msg := "Lever did not grant access"
		if e == "access_denied" {
			msg = "You declined the access request in Lever"
		}
		loginPage(w, http.StatusOK, msg, "Nothing was changed. To connect, start again from Setup in assessbridge.")
		return
	}
	cfg, err := a.oauthConfig(r.Context(), p.env)
	if err != nil {
		loginPage(w, http.StatusConflict, "Lever login is not set up", backend.ErrorMessage(err))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	tok, err := cfg.Exchange(ctx, q.Get("code"), p.verifier)
	if err != nil {
		loginPage(w, http.StatusBadGateway, "Lever did not complete the login", err.Error())
		return
	}
	// A new generation: a refresh of the previous login still in flight
	// can no longer overwrite this one.
	store := a.newLoginStore(p.env)
	if err := store.SaveToken(ctx, tok); err != nil {
		loginPage(w, http.StatusInternalServerError, "The login could not be kept", err.Error())
		return
	}
	a.useLogin(cfg, tok, store)
	if err := a.db.SetSetting(r.Context(), sqlite.SettingLeverEnvironment, p.env); err != nil {
		a.log.Error("environment not saved", "err", err)
	}
	a.engine.Resume(r.Context())
	a.events.Notify(adminapi.TopicStatus, adminapi.TopicLever)
	loginPage(w, http.StatusOK, "Lever is connected", "assessbridge can now reach your Lever account. You can close this tab and return to assessbridge.")
}

func loginPage(w http.ResponseWriter, status int, title, detail string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%[1]s · assessbridge</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f8f9fa;color:#212529}
main{background:#fff;border:1px solid #dee2e6;border-radius:12px;padding:2rem 2.5rem;max-width:32rem}h1{font-size:1.4rem;margin:0 0 .5rem}</style>
</head><body><main><h1 data-testid="login-result">%[1]s</h1><p>%[2]s</p></main></body></html>`, html.EscapeString(title), html.EscapeString(detail))
}

// ensureCallbackListener serves the callback on the redirect address when
// it is on this machine and nothing serves it yet (the desktop window has no
// admin listener). A redirect to the public URL is served by the webhook
// receiver.
func (a *App) ensureCallbackListener(redirect string) error {
	u, err := url.Parse(redirect)
	if err != nil || u.Path != OAuthCallbackPath {
		return fmt.Errorf("the redirect address must end in %s", OAuthCallbackPath)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil
	}
	port := u.Port()
	if port == "" {
		port = "80"
	}
	addr := net.JoinHostPort(host, port)
	// The admin listener and the webhook receiver already serve it.
	for _, served := range []string{a.adminAddr, a.hooksAddr} {
		if served != "" && (served == addr || strings.HasSuffix(served, ":"+port)) {
			return nil
		}
	}
	a.oauth.mu.Lock()
	defer a.oauth.mu.Unlock()
	if a.oauth.callback != nil {
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+OAuthCallbackPath, a.oauthCallback)
	a.oauth.callback = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go a.serve(a.oauth.callback, ln)
	return nil
}

func (a *App) closeCallbackListener(ctx context.Context) error {
	a.oauth.mu.Lock()
	srv := a.oauth.callback
	a.oauth.callback = nil
	a.oauth.mu.Unlock()
	if srv == nil {
		return nil
	}
	return srv.Shutdown(ctx)
}
