// Package adminapi is the admin HTTP API that the UI calls under /api/:
// its routes, its answers (named types, from which the UI's TypeScript
// types are generated), the checks of its requests, the one mapping of
// errors to statuses, and the live updates. What it answers from comes
// from the app, through the small interfaces below; the app wires them.
package adminapi

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// checkTimeout bounds a call to Lever or Qualified made for a request.
const checkTimeout = 20 * time.Second

// Store is the database, as the API reads it (*sqlite.DB).
type Store interface {
	ListInvitations(context.Context, sqlite.InvitationFilter) (sqlite.InvitationPage, error)
	ListActivity(context.Context, sqlite.ActivityFilter) ([]backend.Activity, error)
	TriggerStages(context.Context) ([]backend.TriggerStage, error)
	ReplaceTriggerStages(context.Context, []backend.TriggerStage) ([]backend.TriggerStage, error)
	StatusCounts(context.Context) (map[string]map[backend.Status]int, error)
	Postings(context.Context) ([]sqlite.Posting, error)
	Funnel(context.Context) ([]sqlite.FunnelStep, error)
	Setting(ctx context.Context, key string) (string, error)
	FolderAccess() sqlite.FolderAccess
	// What Lever said of candidates after their invitation (lifecycle.go).
	Lifecycles(ctx context.Context, opportunityIDs []string) (map[string]sqlite.Lifecycle, error)
	SetSetting(ctx context.Context, key, value string) error
}

// Engine is the workflow engine (*workflow.Engine).
type Engine interface {
	RetryInvitation(ctx context.Context, id int64) error
	RetryActivity(ctx context.Context, id int64) error
	// Assessments is the list the engine works from, read at most once a minute.
	Assessments(ctx context.Context) ([]backend.Assessment, error)
}

// Connection is how Lever and Qualified are connected now.
type Connection struct {
	LeverConnected bool
	// Environment is "production" or "sandbox"; Method "apiKey" or "oauth".
	Environment, Method string
	// LeverError says why Lever no longer accepts the login.
	LeverError         string
	QualifiedConnected bool
}

// Connections are Lever and Qualified as Setup links them. Their errors are
// domain errors, or UpstreamError when Lever or Qualified failed.
type Connections interface {
	State() Connection
	// ConnectLever checks the key against Lever, then keeps it.
	ConnectLever(context.Context, ConnectLever) error
	// DisconnectLever forgets the key or login; warning says what could not
	// be undone in Lever.
	DisconnectLever(context.Context) (warning string, err error)
	ConnectQualified(context.Context, ConnectQualified) error
	// RegisterWebhooks points Lever's and Qualified's webhooks at the public address.
	RegisterWebhooks(context.Context) error
	// Webhook is Lever's webhook as registered, without its deliveries.
	Webhook(context.Context) (Webhook, error)
	LeverStages(context.Context) ([]lever.Stage, error)
	LeverUsers(context.Context) ([]lever.User, error)
}

// Login is "Log in to Lever" (OAuth).
type Login interface {
	// Unavailable says why logging in to Lever cannot be used, nil when it can.
	Unavailable(ctx context.Context, environment string) error
	Start(ctx context.Context, environment string) (LoginStarted, error)
	// ServeCallback is where Lever sends the browser back: a page, not JSON.
	ServeCallback(w http.ResponseWriter, r *http.Request)
}

// PublicAddresses is the receiver's public address and the tunnel behind it.
type PublicAddresses interface {
	// URL is the public base URL, "" while there is none.
	URL() string
	Current(context.Context) PublicAddress
	// Choose switches how the address is made, and starts it.
	Choose(context.Context, PublicAddressChoice) error
}

// Configuration is what Settings shows and changes.
type Configuration interface {
	Settings(context.Context) (Settings, error)
	// SaveSettings saves a validated change: all of it, or, when the
	// database refuses, none of it.
	SaveSettings(context.Context, SettingsChange) error
}

// Laptop is what only the desktop app does.
type Laptop interface {
	Desktop() bool
	StartAtLogin() StartAtLogin
	SetStartAtLogin(enabled bool) error
	// Quit ends the desktop app a moment after the answer has gone out.
	Quit() error
}

// Support is what a recruiter sends to whoever helps them.
type Support interface {
	About() About
	// Diagnostics is the diagnostics file: its name and text.
	Diagnostics(context.Context) (name, text string)
	SaveDiagnostics(context.Context) (path string, err error)
	OpenDataFolder() (path string, err error)
}

// Facts are what a running app is, for /api/status.
type Facts struct {
	Demo     bool
	DemoKeys *DemoKeys
	DataDir  string
	Secrets  Secrets
}

// Server is the admin API of one app.
type Server struct {
	Log         *slog.Logger
	Facts       Facts
	Store       Store
	Engine      Engine
	Connections Connections
	Login       Login
	Public      PublicAddresses
	Config      Configuration
	Laptop      Laptop
	Support     Support
	Events      *Events
	// Previews is who is already in a stage, and "Invite these N".
	Previews StagePreviews
	// Deadlines is the deadline rules and the actions on an invitation;
	// nil leaves their routes out.
	Deadlines Deadlines
	// Routing is routing by score (routing.go).
	Routing Routing
	// Insights is the Insights screen's figures (insights.go); nil leaves
	// their routes out.
	Insights Insights
	// Reports is what is written in Lever per assessment (report.go); nil
	// leaves their routes out.
	Reports Reports
	// UI serves every path outside /api/ (the built frontend).
	UI http.Handler
}

// Handler is the API and, outside /api/, the UI.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.Routes(mux)
	return mux
}

// Routes adds the API's routes to mux.
func (s *Server) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/status", s.getStatus)
	// Without an admin token (the window, serve on loopback) there is no
	// login to end; with one, the login guard answers this itself.
	mux.HandleFunc("GET "+SessionPath, func(w http.ResponseWriter, r *http.Request) {
		WriteJSON(w, http.StatusOK, Session{})
	})
	mux.HandleFunc("GET /api/invitations", s.listInvitations)
	mux.HandleFunc("GET /api/invitations.csv", s.exportInvitations)
	mux.HandleFunc("POST /api/invitations/{id}/retry", s.retry("Invitation", s.Engine.RetryInvitation))
	mux.HandleFunc("GET /api/activity", s.listActivity)
	mux.HandleFunc("POST /api/activity/{id}/retry", s.retry("Activity", s.Engine.RetryActivity))
	mux.HandleFunc("GET /api/trigger-stages", s.getTriggerStages)
	mux.HandleFunc("PUT /api/trigger-stages", s.putTriggerStages)
	mux.HandleFunc("GET /api/settings", s.getSettings)
	// Every field is checked before any is saved: one bad field changes nothing.
	mux.HandleFunc("PUT /api/settings", change(s, s.Config.SaveSettings, s.getSettings, TopicSettings))
	mux.Handle("GET /api/events", s.Events)
	mux.HandleFunc("POST /api/setup/lever", change(s, s.Connections.ConnectLever, s.getStatus, TopicStatus, TopicLever))
	mux.HandleFunc("POST /api/setup/lever/disconnect", s.disconnectLever)
	mux.HandleFunc("POST /api/setup/lever/oauth", s.startLogin)
	mux.HandleFunc("PUT /api/setup/public-address", change(s, s.Public.Choose, s.getStatus, TopicStatus))
	mux.HandleFunc("GET "+OAuthCallbackPath, s.Login.ServeCallback)
	mux.HandleFunc("POST /api/setup/qualified", change(s, s.Connections.ConnectQualified, s.getStatus, TopicStatus, TopicAssessments))
	mux.HandleFunc("POST /api/setup/webhook", s.registerWebhooks)
	mux.HandleFunc("POST /api/setup/test-delivery", s.checkDelivery)
	mux.HandleFunc("GET /api/stages", s.listStages)
	mux.HandleFunc("GET /api/assessments", s.listAssessments)
	mux.HandleFunc("GET /api/postings", s.listPostings)
	mux.HandleFunc("GET /api/funnel", s.getFunnel)
	mux.HandleFunc("GET /api/users", s.listUsers)
	mux.HandleFunc("GET "+AppPath, s.getApp)
	mux.HandleFunc("PUT "+StartAtLoginPath, s.putStartAtLogin)
	mux.HandleFunc("POST "+QuitPath, s.quitApp)
	mux.HandleFunc("GET /api/about", s.getAbout)
	mux.HandleFunc("GET /api/diagnostics", s.downloadDiagnostics)
	mux.HandleFunc("POST /api/diagnostics/save", s.saveDiagnostics)
	mux.HandleFunc("POST /api/data-folder/open", s.openDataFolder)
	s.routingRoutes(mux)
	s.deadlineRoutes(mux)
	s.lifecycleRoutes(mux)
	s.previewRoutes(mux)
	if s.Insights != nil {
		s.insightsRoutes(mux)
	}
	if s.Reports != nil {
		s.reportRoutes(mux)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, backend.Errorf(backend.ENOTFOUND, "No such API endpoint."))
	})
	if s.UI != nil {
		mux.Handle("/", s.UI)
	}
}

// Paths the app and its guard name too.
const (
	// SessionPath tells the UI whether it runs behind the admin login.
	SessionPath = "/api/session"
	// AppPath, StartAtLoginPath and QuitPath are the desktop app's own.
	AppPath          = "/api/app"
	StartAtLoginPath = "/api/app/start-at-login"
	QuitPath         = "/api/app/quit"
	// WorkspacePath is the desktop window's choice of workspace.
	WorkspacePath = "/api/workspace"
)

// fail answers err through the one mapping.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	WriteError(w, r, s.Log, err)
}
