package app

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/json"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/secrets"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/workflow"
	"github.com/assessbridge/assessbridge/frontend"
)

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
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/status", a.getStatus)
	// Without an admin token (the window, serve on loopback) there is no
	// login to end; with one, the guard answers this itself.
	mux.HandleFunc("GET "+sessionPath, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, sessionView{})
	})
	mux.HandleFunc("GET /api/invitations", a.listInvitations)
	mux.HandleFunc("POST /api/invitations/{id}/retry", a.retryInvitation)
	mux.HandleFunc("GET /api/activity", a.listActivity)
	mux.HandleFunc("GET /api/trigger-stages", a.getTriggerStages)
	mux.HandleFunc("PUT /api/trigger-stages", a.putTriggerStages)
	mux.HandleFunc("GET /api/settings", a.getSettings)
	mux.HandleFunc("PUT /api/settings", a.putSettings)
	mux.HandleFunc("GET /api/events", a.events.serve)
	mux.HandleFunc("POST /api/setup/lever", a.connectLever)
	mux.HandleFunc("POST /api/setup/lever/disconnect", a.disconnectLever)
	mux.HandleFunc("POST /api/setup/lever/oauth", a.startLogin)
	mux.HandleFunc("PUT /api/setup/public-address", a.setPublicAddress)
	mux.HandleFunc("GET "+OAuthCallbackPath, a.oauthCallback)
	mux.HandleFunc("POST /api/setup/qualified", a.connectQualified)
	mux.HandleFunc("POST /api/setup/webhook", a.registerWebhooks)
	mux.HandleFunc("POST /api/setup/test-delivery", a.checkDelivery)
	mux.HandleFunc("GET /api/stages", a.listStages)
	mux.HandleFunc("GET /api/assessments", a.listAssessments)
	mux.HandleFunc("GET /api/postings", a.listPostings)
	mux.HandleFunc("GET /api/funnel", a.getFunnel)
	mux.HandleFunc("GET /api/users", a.listUsers)
	mux.HandleFunc("POST /api/activity/{id}/retry", a.retryActivity)
	a.laptopRoutes(mux)
	a.supportRoutes(mux)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, backend.Errorf(backend.ENOTFOUND, "No such API endpoint."))
	})
	mux.Handle("/", uiHandler())
	return mux
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
					writeError(w, backend.Errorf(backend.EUNAUTHORIZED,
						"This assessbridge needs its admin token: log in at %s, or send the header Authorization: Bearer <admin token>.", loginPath))
					return
				}
				if p == sessionPath && r.Method == http.MethodGet {
					writeJSON(w, http.StatusOK, sessionView{AdminLogin: true, LogoutPath: logoutPath})
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

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeError maps a domain error to an HTTP status, in one place.
func writeError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	switch backend.ErrorCode(err) {
	case backend.ENOTFOUND:
		status = http.StatusNotFound
	case backend.EINVALID:
		status = http.StatusBadRequest
	case backend.ECONFLICT:
		status = http.StatusConflict
	case backend.EUNAUTHORIZED:
		status = http.StatusUnauthorized
	}
	writeJSON(w, status, map[string]string{"error": backend.ErrorMessage(err), "code": backend.ErrorCode(err)})
}

func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return backend.Errorf(backend.EINVALID, "The request body is not valid: %v", err)
	}
	return nil
}

func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func stageViews(stages []backend.TriggerStage) []triggerStageView {
	out := make([]triggerStageView, len(stages))
	for i, s := range stages {
		out[i] = triggerStageView{StageID: s.StageID, Name: s.Name, Since: s.Since.UTC().Format(time.RFC3339)}
	}
	return out
}

type candidateView struct {
	OpportunityID string `json:"opportunityId"`
	Name          string `json:"name"`
	Email         string `json:"email"`
	PostingID     string `json:"postingId"`
	PostingTitle  string `json:"postingTitle"`
	ProfileURL    string `json:"profileUrl"`
}

type invitationView struct {
	ID              int64                    `json:"id"`
	Candidate       candidateView            `json:"candidate"`
	AssessmentID    string                   `json:"assessmentId"`
	AssessmentTitle string                   `json:"assessmentTitle"`
	Status          backend.Status           `json:"status"`
	Tag             string                   `json:"tag"`
	Score           *float64                 `json:"score"`
	Passed          *bool                    `json:"passed"`
	TimeSpentSecs   int64                    `json:"timeSpentSeconds"`
	Challenges      []backend.ChallengeScore `json:"challenges"`
	ReportURL       string                   `json:"reportUrl"`
	Error           string                   `json:"error"`
	InvitedAt       any                      `json:"invitedAt"`
	StartedAt       any                      `json:"startedAt"`
	SubmittedAt     any                      `json:"submittedAt"`
	UpdatedAt       any                      `json:"updatedAt"`
}

func invitationViewOf(inv backend.Invitation) invitationView {
	return invitationView{
		ID: inv.ID,
		Candidate: candidateView{OpportunityID: inv.OpportunityID, Name: inv.Candidate.Name, Email: inv.Candidate.Email,
			PostingID: inv.Candidate.PostingID, PostingTitle: inv.Candidate.PostingTitle, ProfileURL: inv.Candidate.ProfileURL},
		AssessmentID: inv.AssessmentID, AssessmentTitle: inv.AssessmentTitle, Status: inv.Status, Tag: inv.AppliedTag,
		Score: inv.Score, Passed: inv.Passed, TimeSpentSecs: int64(inv.TimeSpent / time.Second), Challenges: inv.Challenges,
		ReportURL: inv.ReportURL, Error: inv.Error,
		InvitedAt: timeOrNil(inv.InvitedAt), StartedAt: timeOrNil(inv.StartedAt), SubmittedAt: timeOrNil(inv.SubmittedAt),
		UpdatedAt: timeOrNil(inv.UpdatedAt),
	}
}

func (a *App) listInvitations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := sqlite.InvitationFilter{AssessmentID: q.Get("assessment"), PostingID: q.Get("posting"), Search: q.Get("q"), Sort: q.Get("sort")}
	for _, s := range q["status"] {
		for _, part := range strings.Split(s, ",") {
			st := backend.Status(strings.TrimSpace(part))
			if !st.Valid() {
				writeError(w, backend.Errorf(backend.EINVALID, "Unknown status %q.", part))
				return
			}
			f.Statuses = append(f.Statuses, st)
		}
	}
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	page, err := a.db.ListInvitations(r.Context(), f)
	if err != nil {
		writeError(w, err)
		return
	}
	views := make([]invitationView, len(page.Invitations))
	for i, inv := range page.Invitations {
		views[i] = invitationViewOf(inv)
	}
	writeJSON(w, http.StatusOK, map[string]any{"invitations": views, "total": page.Total})
}

func (a *App) retryInvitation(w http.ResponseWriter, r *http.Request) {
	retryByID(w, r, "Invitation", a.engine.RetryInvitation)
}

// retryByID runs a retry named by the {id} in the path and answers 202.
func retryByID(w http.ResponseWriter, r *http.Request, what string, retry func(context.Context, int64) error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeError(w, backend.Errorf(backend.EINVALID, "%s id must be a number.", what))
		return
	}
	if err := retry(r.Context(), id); err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"status": "retrying"})
}

type activityView struct {
	Retryable     bool   `json:"retryable"`
	ID            int64  `json:"id"`
	At            string `json:"at"`
	Kind          string `json:"kind"`
	Source        string `json:"source"`
	Event         string `json:"event"`
	OpportunityID string `json:"opportunityId"`
	InvitationID  int64  `json:"invitationId,omitempty"`
	Outcome       string `json:"outcome"`
	Message       string `json:"message"`
}

func (a *App) listActivity(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := sqlite.ActivityFilter{OpportunityID: q.Get("opportunity")}
	for _, o := range q["outcome"] {
		f.Outcomes = append(f.Outcomes, backend.Outcome(o))
	}
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	list, err := a.db.ListActivity(r.Context(), f)
	if err != nil {
		writeError(w, err)
		return
	}
	out := make([]activityView, len(list))
	for i, x := range list {
		out[i] = activityView{ID: x.ID, At: x.At.UTC().Format(time.RFC3339Nano), Kind: string(x.Kind), Source: x.Source, Event: x.Event,
			OpportunityID: x.OpportunityID, InvitationID: x.InvitationID, Outcome: string(x.Outcome), Message: x.Message,
			Retryable: workflow.Retryable(x)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"activity": out})
}

func (a *App) getTriggerStages(w http.ResponseWriter, r *http.Request) {
	stages, err := a.db.TriggerStages(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"triggerStages": stageViews(stages)})
}

// putTriggerStages replaces the trigger stages. Ids Lever does not know are
// refused (400); when Lever cannot be asked they are kept unverified, named
// later; a database failure answers 500.
func (a *App) putTriggerStages(w http.ResponseWriter, r *http.Request) {
	var body struct {
		StageIDs []string `json:"stageIds"`
	}
	if err := decodeBody(r, &body); err != nil {
		writeError(w, err)
		return
	}
	stages, verified, err := a.checkTriggerStages(r.Context(), body.StageIDs)
	if err != nil {
		writeError(w, err)
		return
	}
	if _, err := a.db.ReplaceTriggerStages(r.Context(), stages); err != nil {
		a.log.Error("trigger stages not saved", "err", err)
		writeError(w, backend.Errorf(backend.EINTERNAL, "The trigger stages could not be saved: the database refused the write (%v).", err))
		return
	}
	a.events.notify()
	saved, err := a.db.TriggerStages(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	v := map[string]any{"triggerStages": stageViews(saved), "verified": verified}
	if !verified && len(stages) > 0 {
		v["warning"] = "Lever could not be asked whether these stages exist; they are saved as given. Check them on the Trigger stages page once Lever is connected."
	}
	writeJSON(w, http.StatusOK, v)
}

// checkTriggerStages names the stage ids as Lever does, refusing ids Lever
// does not have. verified is false when Lever could not be asked (not
// connected, or down): the ids are then kept as given.
func (a *App) checkTriggerStages(ctx context.Context, ids []string) (stages []backend.TriggerStage, verified bool, err error) {
	seen := map[string]bool{}
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if id == "" {
			return nil, false, backend.Errorf(backend.EINVALID, "A trigger stage id cannot be empty.")
		}
		if !seen[id] {
			seen[id] = true
			stages = append(stages, backend.TriggerStage{StageID: id})
		}
	}
	if ok, _, _ := a.conns.state(); !ok || len(stages) == 0 {
		return stages, false, nil
	}
	lctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	known, lerr := a.conns.lever.Stages(lctx)
	cancel()
	if lerr != nil {
		a.log.Warn("could not read Lever's stages to check the trigger stages", "err", lerr)
		return stages, false, nil
	}
	names := map[string]string{}
	for _, s := range known {
		names[s.ID] = s.Text
	}
	for i, s := range stages {
		name, ok := names[s.StageID]
		if !ok {
			return nil, false, backend.Errorf(backend.EINVALID, "Lever has no stage with id %q. Its stages are: %s", s.StageID, stageSummary(known))
		}
		stages[i].Name = name
	}
	return stages, true, nil
}

type settingsView struct {
	// The Lever partner app for "Log in to Lever"; its secret is never returned.
	LeverOAuthClientID    string `json:"leverOAuthClientId"`
	LeverOAuthRedirectURL string `json:"leverOAuthRedirectUrl"`
	LeverOAuthSecretKept  bool   `json:"leverOAuthClientSecretSet"`
	PerformAs             string `json:"performAs"`
	PollInterval          string `json:"pollInterval"`
	DataDir               string `json:"dataDir"`
	SecretsFile           string `json:"secretsFile"`
	NotePreview           string `json:"notePreview"`
	// SecretsWarning is set when no keychain is available.
	SecretsWarning string `json:"secretsWarning,omitempty"`
}

func (a *App) getSettings(w http.ResponseWriter, r *http.Request) {
	performAs, err := a.db.Setting(r.Context(), sqlite.SettingPerformAs)
	if err != nil {
		writeError(w, err)
		return
	}
	v := settingsView{PerformAs: performAs, PollInterval: shortDuration(a.cfg.PollInterval), DataDir: a.cfg.DataDir, NotePreview: notePreview()}
	if stored, _ := a.db.Setting(r.Context(), sqlite.SettingPollInterval); stored != "" {
		v.PollInterval = stored
		if d, err := time.ParseDuration(stored); err == nil {
			v.PollInterval = shortDuration(d) // "5m", as Settings lists it, not "5m0s"
		}
	}
	v.LeverOAuthClientID, _ = a.db.Setting(r.Context(), settingOAuthClient)
	v.LeverOAuthRedirectURL, _ = a.db.Setting(r.Context(), settingOAuthReturn)
	if o := a.cfg.LeverOAuth; o != nil {
		v.LeverOAuthClientID = cmpOr(o.ClientID, v.LeverOAuthClientID)
		v.LeverOAuthRedirectURL = cmpOr(o.RedirectURL, v.LeverOAuthRedirectURL)
		v.LeverOAuthSecretKept = o.ClientSecret != ""
	}
	if _, err := a.secrets.Get(oauthClientSecret); err == nil {
		v.LeverOAuthSecretKept = true
	}
	if f, ok := a.secrets.Store().(*secrets.File); ok {
		v.SecretsFile = f.Path()
	}
	v.SecretsWarning = a.secretsInfo.Warning
	writeJSON(w, http.StatusOK, v)
}

// putSettings checks every field first and saves them together: a request
// with one bad field changes nothing. A database failure is the app's
// fault, answered 500, never the recruiter's 400.
func (a *App) putSettings(w http.ResponseWriter, r *http.Request) {
	var body struct {
		PerformAs         *string `json:"performAs"`
		PollInterval      *string `json:"pollInterval"`
		OAuthClientID     *string `json:"leverOAuthClientId"`
		OAuthClientSecret *string `json:"leverOAuthClientSecret"`
		OAuthRedirectURL  *string `json:"leverOAuthRedirectUrl"`
	}
	if err := decodeBody(r, &body); err != nil {
		writeError(w, err)
		return
	}
	// Every check before any write.
	save := map[string]string{}
	if body.OAuthRedirectURL != nil {
		u := strings.TrimSpace(*body.OAuthRedirectURL)
		if u != "" {
			if err := checkURL(u); err != nil || !strings.HasSuffix(u, OAuthCallbackPath) {
				writeError(w, backend.Errorf(backend.EINVALID, "The redirect address must be an http(s) address ending in %s, exactly as registered with Lever.", OAuthCallbackPath))
				return
			}
		}
		save[settingOAuthReturn] = u
	}
	if body.OAuthClientID != nil {
		save[settingOAuthClient] = strings.TrimSpace(*body.OAuthClientID)
	}
	if body.PollInterval != nil {
		d, err := time.ParseDuration(strings.TrimSpace(*body.PollInterval))
		if err == nil {
			err = checkPollInterval(d)
		}
		if err != nil {
			writeError(w, backend.Errorf(backend.EINVALID, "The poll interval must be between %s and %s, like 5m or 1h.", shortDuration(MinPollInterval), shortDuration(MaxPollInterval)))
			return
		}
		// Takes effect at the next start (the periodic jobs are scheduled then).
		save[sqlite.SettingPollInterval] = d.String()
	}
	if body.PerformAs != nil {
		save[sqlite.SettingPerformAs] = strings.TrimSpace(*body.PerformAs)
	}
	if len(save) > 0 {
		now := time.Now()
		err := a.db.Tx(r.Context(), func(tx *sql.Tx) error {
			for k, v := range save {
				if err := sqlite.SetSettingTx(r.Context(), tx, k, v, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			a.log.Error("settings not saved", "err", err)
			writeError(w, backend.Errorf(backend.EINTERNAL, "The settings could not be saved, and none of them changed: the database refused the write (%v).", err))
			return
		}
	}
	// The secret store is not the database: it is written last, once the
	// rest is saved.
	if body.OAuthClientSecret != nil && strings.TrimSpace(*body.OAuthClientSecret) != "" {
		if err := a.secrets.Set(oauthClientSecret, strings.TrimSpace(*body.OAuthClientSecret)); err != nil {
			writeError(w, backend.Errorf(backend.EINTERNAL, "The other settings were saved, but the client secret could not be kept in the secret store: %v", err))
			return
		}
	}
	a.getSettings(w, r)
}

type triggerStageView struct {
	StageID string `json:"stageId"`
	Name    string `json:"name"`
	Since   string `json:"since"`
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
