package app

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/secrets"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/webhook"
	"github.com/assessbridge/assessbridge/frontend"
)

// checkTimeout bounds a call to Lever made for a request (the login's code exchange).
const checkTimeout = 20 * time.Second

// Handler is the admin UI and its JSON API under /api/, for a listener.
// With an admin token every /api/ request must carry it (or a login made
// with it); a token given as ASSESSBRIDGE_ADMIN_TOKEN lets any host name
// in, serve's own kept token only this machine's names (DNS rebinding).
// Without a token (the demo) only this machine's names are answered. It
// always refuses cross-site writes (CSRF).
func (a *App) Handler() http.Handler {
	sessions := newAdminSessions(a.cfg.AdminToken, nil)
	sessions.localOnly = sessions.localOnly || a.cfg.AdminTokenKeptIn != ""
	return guardSessions(sessions, a.routes())
}

// WindowHandler is the same UI and API for the desktop window, which serves
// it in-process: no network reaches it, and its requests carry the window's
// own host ("wails").
func (a *App) WindowHandler() http.Handler {
	return a.routes()
}

func (a *App) routes() http.Handler {
	// An App serving its UI is running: its log hides its secrets from now on.
	a.hideSecretsInLog()
	// The window remembers what it has explained in the data folder of the
	// app it shows: the one whose routes it is given.
	if a.window && desktop != nil {
		desktop.attach(a)
	}
	return a.api().Handler()
}

// api is the admin API over this app's parts.
func (a *App) api() *adminapi.Server {
	return &adminapi.Server{
		Log: a.log,
		Facts: adminapi.Facts{Demo: a.cfg.Demo, DemoKeys: a.cfg.DemoKeys, DataDir: a.cfg.DataDir,
			Secrets: adminapi.Secrets{Backend: a.secretsInfo.Backend, Warning: a.secretsInfo.Warning}},
		Store:       a.db,
		Engine:      (*workEngine)(a),
		Connections: (*setupConnections)(a),
		Login:       (*leverLogin)(a),
		Public:      (*publicAddresses)(a),
		Config:      (*appSettings)(a),
		Laptop:      (*laptop)(a),
		Support:     (*support)(a),
		Events:      a.events,
		Previews:    (*stagePreviews)(a),
		Deadlines:   (*deadlineEngine)(a),
		Routing:     (*routingAPI)(a),
		Insights:    (*insightsAPI)(a),
		UI:          uiHandler(),
	}
}

// status is what GET /api/status answers.
func (a *App) status(ctx context.Context) (adminapi.Status, error) {
	return a.api().Status(ctx)
}

// uiHandler serves the built UI, or says how to build it: a binary built
// with plain `go build` from a fresh clone has no UI inside.
func uiHandler() http.Handler {
	dist := frontend.Dist()
	if _, err := fs.Stat(dist, "index.html"); err != nil {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "This assessbridge binary was built without its user interface. Build it with `make server` or `make desktop`.\n")
		})
	}
	return http.FileServerFS(dist)
}

// AdminCookie is the cookie that carries the admin login in the browser: a
// random session id (see adminSessions), never the token.
const AdminCookie = "assessbridge_admin"

// guard protects the admin handler. token is the admin token, "" for none.
func guard(token string, next http.Handler) http.Handler {
	return guardSessions(newAdminSessions(token, nil), next)
}

// guardSessions is guard with the sessions given (tests move their clock).
func guardSessions(sessions *adminSessions, next http.Handler) http.Handler {
	token := sessions.token
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// With a token of the recruiter's the admin is reachable by name on
		// the network, and the token, not the name, is what lets a request in.
		if sessions.localOnly && !localHost(r.Host) {
			http.Error(w, "assessbridge answers only to localhost", http.StatusForbidden)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if o := r.Header.Get("Origin"); o != "" {
				u, err := url.Parse(o)
				if err != nil || u.Host != r.Host {
					http.Error(w, "cross-site request refused", http.StatusForbidden)
					return
				}
			}
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		if token != "" {
			p := path.Clean("/" + r.URL.Path)
			switch {
			case p == loginPath && (r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodPost):
				sessions.serveLogin(w, r)
				return
			case p == logoutPath && r.Method == http.MethodPost:
				sessions.serveLogout(w, r)
				return
			case p == "/api" || strings.HasPrefix(p, "/api/"):
				if !authorized(r, sessions) {
					w.Header().Set("WWW-Authenticate", `Bearer realm="assessbridge"`)
					adminapi.WriteError(w, r, nil, backend.Errorf(backend.EUNAUTHORIZED,
						"This assessbridge needs its admin token: log in at %s, or send the header Authorization: Bearer <admin token>.", loginPath))
					return
				}
				if p == sessionPath && r.Method == http.MethodGet {
					adminapi.WriteJSON(w, http.StatusOK, adminapi.Session{AdminLogin: true, LogoutPath: logoutPath})
					return
				}
			case p == OAuthCallbackPath:
				// Lever's redirect back: its single-use state is the
				// credential, and the SameSite=Strict cookie is not sent
				// on a navigation coming from Lever's site.
			case !sessions.fromRequest(r):
				// The page itself: the login form first. A ?token= in the
				// address logs nobody in.
				if r.Method == http.MethodGet || r.Method == http.MethodHead {
					w.Header().Set("Cache-Control", "no-store")
					http.Redirect(w, r, loginPath, http.StatusSeeOther)
					return
				}
				http.Error(w, "log in first", http.StatusUnauthorized)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// authorized reports whether a request carries the admin token as a bearer
// token, or a live login session's cookie.
func authorized(r *http.Request, sessions *adminSessions) bool {
	if scheme, cred, ok := strings.Cut(r.Header.Get("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") &&
		tokenEqual(strings.TrimSpace(cred), sessions.token) {
		return true
	}
	return sessions.fromRequest(r)
}

// tokenEqual compares in constant time, whatever the lengths.
func tokenEqual(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1 && want != ""
}

// localHost accepts the names a browser uses for this machine.
func localHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" || host == "wails.localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// workEngine is the engine as the admin API asks it.
type workEngine App

func (e *workEngine) RetryInvitation(ctx context.Context, id int64) error {
	return e.engine.RetryInvitation(ctx, id)
}

func (e *workEngine) RetryActivity(ctx context.Context, id int64) error {
	return e.engine.RetryActivity(ctx, id)
}

func (e *workEngine) Assessments(ctx context.Context) ([]backend.Assessment, error) {
	list, err := e.engine.Assessments(ctx)
	if err != nil {
		return nil, adminapi.Upstream(backend.KindOf(err), err, "%s", explainQualified(err, e.cfg.QualifiedAPIURL))
	}
	return list, nil
}

// setupConnections are Lever and Qualified as Setup links them.
type setupConnections App

func (c *setupConnections) app() *App { return (*App)(c) }

func (c *setupConnections) State() adminapi.Connection {
	leverOK, env, qualOK := c.conns.state()
	return adminapi.Connection{LeverConnected: leverOK, Environment: env, Method: c.conns.method(),
		LeverError: c.conns.authError(), QualifiedConnected: qualOK}
}

func (c *setupConnections) ConnectLever(ctx context.Context, req adminapi.ConnectLever) error {
	a := c.app()
	url := a.leverURL(req.Environment)
	client := a.newLeverClient(url, req.APIKey)
	if _, err := client.Stages(ctx); err != nil {
		return checkFailed(err, explainLever(err, req.Environment, url))
	}
	if err := a.secrets.Set(secrets.LeverAPIKey, req.APIKey); err != nil {
		return adminapi.Internal(err, "The Lever API key could not be kept in the secret store.")
	}
	// One way in at a time: a kept OAuth login gives way to the key.
	if err := a.forgetLogin(); err != nil {
		return err
	}
	if err := a.db.SetSetting(ctx, sqlite.SettingLeverEnvironment, req.Environment); err != nil {
		return err
	}
	a.conns.useLeverKey(url, req.APIKey, req.Environment)
	a.engine.Resume(ctx)
	return nil
}

func (c *setupConnections) ConnectQualified(ctx context.Context, req adminapi.ConnectQualified) error {
	a := c.app()
	client := a.newQualifiedClient(req.APIKey)
	if _, err := client.Assessments(ctx); err != nil {
		return checkFailed(err, explainQualified(err, a.cfg.QualifiedAPIURL))
	}
	if err := a.secrets.Set(secrets.QualifiedAPIKey, req.APIKey); err != nil {
		return adminapi.Internal(err, "The Qualified API key could not be kept in the secret store.")
	}
	a.conns.useQualifiedKey(req.APIKey)
	a.engine.ForgetAssessments()
	return nil
}

func (c *setupConnections) RegisterWebhooks(ctx context.Context) error {
	a := c.app()
	leverOK, _, qualOK := a.conns.state()
	switch {
	case a.publicURL() == "":
		return backend.Errorf(backend.ECONFLICT, "There is no public address yet for Lever and Qualified to reach assessbridge.")
	case !leverOK || !qualOK:
		return backend.Errorf(backend.ECONFLICT, "Connect Lever and Qualified first.")
	}
	if err := a.RegisterWebhooks(ctx); err != nil {
		var de *backend.Error
		if errors.As(err, &de) {
			return err
		}
		return adminapi.Upstream(backend.KindOf(err), err, "%s", err.Error())
	}
	return nil
}

func (c *setupConnections) DisconnectLever(ctx context.Context) (string, error) {
	a := c.app()
	warning := ""
	if err := a.registrar().Unregister(ctx); err != nil {
		// Disconnecting still goes ahead: the recruiter may be removing a key Lever no longer accepts.
		warning = err.Error() + " Remove it in Lever: Settings → Integrations and API → Webhooks."
	}
	if err := a.forgetLogin(); err != nil {
		return "", err
	}
	if err := a.secrets.Delete(secrets.LeverAPIKey); err != nil {
		return "", err
	}
	a.cfg.LeverAPIKey = ""
	a.conns.disconnectLever()
	a.mu.Lock()
	a.registerErr, a.registerManual = "", nil
	a.mu.Unlock()
	return warning, nil
}

func (c *setupConnections) Webhook(ctx context.Context) (adminapi.Webhook, error) {
	a := c.app()
	var v adminapi.Webhook
	hookURL, err := a.db.Setting(ctx, sqlite.SettingLeverWebhookURL)
	if err != nil {
		return v, err
	}
	_, tokenErr := a.secrets.Get(secrets.LeverSignatureToken)
	public := a.publicURL()
	v.URL = hookURL
	v.Registered = hookURL != "" && tokenErr == nil && public != "" &&
		hookURL == strings.TrimRight(public, "/")+webhook.LeverPath
	a.mu.Lock()
	v.Error = a.registerErr
	if m := a.registerManual; m != nil {
		v.ManualURL, v.ManualWhere = m.URL, m.Where
	}
	a.mu.Unlock()
	return v, nil
}

func (c *setupConnections) LeverStages(ctx context.Context) ([]lever.Stage, error) {
	stages, err := c.conns.lever.Stages(ctx)
	if err != nil {
		return nil, adminapi.Upstream(backend.KindOf(err), err, "%s", explainLever(err, "Lever", c.cfg.LeverAPIURL))
	}
	return stages, nil
}

func (c *setupConnections) LeverUsers(ctx context.Context) ([]lever.User, error) {
	users, err := c.conns.lever.Users(ctx)
	if err != nil {
		return nil, adminapi.Upstream(backend.KindOf(err), err, "%s", explainLever(err, "Lever", c.cfg.LeverAPIURL))
	}
	return users, nil
}

// checkFailed is a key that Lever or Qualified would not take: refused, it
// is the recruiter's to fix (400); unanswered, it is the service's (503).
func checkFailed(err error, explanation string) error {
	if kind := backend.KindOf(err); kind == backend.FailureRetryLater {
		return adminapi.Upstream(kind, err, "%s", explanation)
	}
	return backend.Errorf(backend.EINVALID, "%s", explanation)
}

// appSettings are what Settings shows and changes: kept in the database,
// the secret store and the configuration.
type appSettings App

func (s *appSettings) Settings(ctx context.Context) (adminapi.Settings, error) {
	a := (*App)(s)
	performAs, err := a.db.Setting(ctx, sqlite.SettingPerformAs)
	if err != nil {
		return adminapi.Settings{}, err
	}
	inEffect := shortDuration(a.cfg.PollInterval)
	v := adminapi.Settings{PerformAs: performAs, PollInterval: inEffect, PollIntervalInEffect: inEffect,
		DataDir: a.cfg.DataDir, NotePreview: notePreview()}
	if o := a.cfg.Origins.PollInterval; o.Given() {
		v.PollIntervalSetBy = o.Name
	}
	if stored, _ := a.db.Setting(ctx, sqlite.SettingPollInterval); stored != "" {
		v.PollInterval = stored
		if d, err := time.ParseDuration(stored); err == nil {
			v.PollInterval = shortDuration(d) // "5m", as Settings lists it, not "5m0s"
		}
	}
	v.LeverOAuthClientID, _ = a.db.Setting(ctx, sqlite.SettingLeverOAuthClientID)
	v.LeverOAuthRedirectURL, _ = a.db.Setting(ctx, sqlite.SettingLeverOAuthRedirectURL)
	if o := a.cfg.LeverOAuth; o != nil {
		v.LeverOAuthClientID = cmpOr(o.ClientID, v.LeverOAuthClientID)
		v.LeverOAuthRedirectURL = cmpOr(o.RedirectURL, v.LeverOAuthRedirectURL)
		v.LeverOAuthSecretKept = o.ClientSecret != ""
	}
	if _, err := a.secrets.Get(secrets.LeverOAuthClientSecret); err == nil {
		v.LeverOAuthSecretKept = true
	}
	if f, ok := a.secrets.Store().(*secrets.File); ok {
		v.SecretsFile = f.Path()
	}
	v.SecretsWarning = a.secretsInfo.Warning
	return v, nil
}

// SaveSettings saves the database's settings together; a failure there is
// the app's fault (500), never the recruiter's 400.
func (s *appSettings) SaveSettings(ctx context.Context, c adminapi.SettingsChange) error {
	a := (*App)(s)
	save := map[string]string{}
	if c.LeverOAuthRedirectURL != nil {
		save[sqlite.SettingLeverOAuthRedirectURL] = *c.LeverOAuthRedirectURL
	}
	if c.LeverOAuthClientID != nil {
		save[sqlite.SettingLeverOAuthClientID] = *c.LeverOAuthClientID
	}
	if d, ok := c.Interval(); ok {
		// Takes effect at the next start (the periodic jobs are scheduled then).
		save[sqlite.SettingPollInterval] = d.String()
	}
	if c.PerformAs != nil {
		save[sqlite.SettingPerformAs] = *c.PerformAs
	}
	if len(save) > 0 {
		now := time.Now()
		err := a.db.Tx(ctx, func(tx *sql.Tx) error {
			for k, v := range save {
				if err := sqlite.SetSettingTx(ctx, tx, k, v, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return adminapi.Internal(err, "The settings could not be saved, and none of them changed: the database refused the write.")
		}
	}
	// The secret store is not the database: it is written last, once the
	// rest is saved.
	if c.LeverOAuthClientSecret != nil && *c.LeverOAuthClientSecret != "" {
		if err := a.secrets.Set(secrets.LeverOAuthClientSecret, *c.LeverOAuthClientSecret); err != nil {
			return adminapi.Internal(err, "The other settings were saved, but the client secret could not be kept in the secret store.")
		}
	}
	return nil
}

// notePreview shows the note format on a made-up submission.
func notePreview() string {
	score, passed := 82.0, true
	return backend.ResultNote(backend.Invitation{
		AssessmentTitle: "Backend Challenge", ResultID: "12345", Score: &score, Passed: &passed,
		TimeSpent: 65 * time.Minute, ReportURL: "https://www.qualified.io/hire/assessment_results/12345",
		Challenges: []backend.ChallengeScore{{Title: "Rate limiter", Score: 90, Language: "Go"}, {Title: "LRU cache", Score: 74, Language: "Go"}},
	}, 70)
}

func choose(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
