package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/secrets"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/webhook"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// App is a running assessbridge: its database, its engine and its two listeners.
type App struct {
	cfg         Config
	log         *slog.Logger
	db          *sqlite.DB
	secrets     *secrets.Cache
	secretsInfo secrets.Info
	// unlock releases the data folder for another assessbridge.
	unlock func()
	conns  *connections
	engine *workflow.Engine
	events *adminapi.Events

	admin, hooks         *http.Server
	adminAddr, hooksAddr string

	mu             sync.Mutex
	registerErr    string
	registerManual *webhook.ManualStepError

	oauth oauthState
	pub   publicAddress
	// baseCtx outlives requests: for what the app starts from a request.
	baseCtx context.Context
	// window is true when the UI is shown in the desktop window.
	window bool
}

// ErrDataDirInUse is returned when another assessbridge uses the data folder.
var ErrDataDirInUse = errors.New("data folder in use")

// DatabaseFile is the SQLite file's name inside the data folder.
const DatabaseFile = "assessbridge.db"

// New opens the data folder and wires everything, without serving yet.
func New(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.Default()
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data folder %s: %w", cfg.DataDir, err)
	}
	unlock, err := lockDataDir(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	db, err := sqlite.Open(ctx, filepath.Join(cfg.DataDir, DatabaseFile))
	if err != nil {
		unlock()
		return nil, err
	}
	// The stored settings, now that this assessbridge holds the folder.
	if err := cfg.loadStored(ctx, db, log.Warn); err != nil {
		db.Close()
		unlock()
		return nil, err
	}
	log.Info("poll interval", "every", shortDuration(cfg.PollInterval), "from", cfg.Origins.PollInterval.String())
	var store secrets.Store = secrets.NewFile(cfg.DataDir)
	info := secrets.Info{Backend: "file"}
	if !cfg.SecretsInFile {
		store, info = secrets.Open(cfg.DataDir)
	}
	if info.Warning != "" {
		log.Warn("secrets", "where", info.Backend, "warning", info.Warning)
	}
	a := &App{cfg: cfg, log: log, db: db, unlock: unlock, secrets: secrets.NewCache(store), secretsInfo: info, events: adminapi.NewEvents()}
	// A key given on the command line wins; otherwise the one kept from Setup.
	for _, k := range []struct {
		key  *string
		from *Origin
		name string
	}{{&a.cfg.LeverAPIKey, &a.cfg.Origins.LeverAPIKey, secrets.LeverAPIKey}, {&a.cfg.QualifiedAPIKey, &a.cfg.Origins.QualifiedAPIKey, secrets.QualifiedAPIKey}} {
		if *k.key != "" {
			continue
		}
		if *k.key, _ = a.secrets.Get(k.name); *k.key != "" {
			*k.from = Origin{Source: FromStored, Name: k.name}
		}
	}
	if a.cfg.LeverAPIKey == "" {
		log.Info("no Lever API key given: connect Lever in Setup, or set --lever-api-key or LEVER_API_KEY")
	}
	if a.cfg.QualifiedAPIKey == "" {
		log.Warn("no Qualified API key: connect Qualified in Setup, or set --qualified-api-key or QUALIFIED_API_KEY")
	}
	env, _ := db.Setting(ctx, sqlite.SettingLeverEnvironment)
	a.conns = newConnections(a.leverURL(env), lever.NewLimiter(lever.DefaultRatePerSecond, lever.DefaultBurst), a.newQualifiedClient(""))
	a.conns.useLeverKey(a.leverURL(env), a.cfg.LeverAPIKey, environmentName(env))
	if a.cfg.LeverAPIKey == "" && a.restoreLogin(ctx) {
		log.Info("connected to Lever with the kept login")
	}
	a.conns.useQualifiedKey(a.cfg.QualifiedAPIKey)
	a.engine, err = workflow.New(workflow.Config{
		DB: db, Lever: a.conns.lever, Provider: a.conns.qualified, Logger: log, PollInterval: cfg.PollInterval,
	})
	if err != nil {
		db.Close()
		unlock()
		return nil, err
	}
	// The Assessments screen's counts come with Qualified's list, which the
	// engine keeps for a minute: a burst of changes costs Qualified one read.
	a.engine.OnChange(func() {
		a.events.Notify(adminapi.TopicInvitations, adminapi.TopicActivity, adminapi.TopicStatus, adminapi.TopicAssessments)
	})
	a.conns.onAuthFailed = func() { a.events.Notify(adminapi.TopicStatus) }
	if len(cfg.TriggerStages) > 0 {
		if err := a.setTriggerStages(ctx, cfg.TriggerStages); err != nil {
			db.Close()
			unlock()
			return nil, err
		}
	}
	return a, nil
}

// setTriggerStages stores the trigger stages, named as Lever names them when
// Lever can be asked.
func (a *App) setTriggerStages(ctx context.Context, ids []string) error {
	names := map[string]string{}
	if ok, _, _ := a.conns.state(); ok {
		lctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		stages, err := a.conns.lever.Stages(lctx)
		cancel()
		if err != nil {
			a.log.Warn("could not read Lever's stages to name the trigger stages", "err", err)
		}
		for _, s := range stages {
			names[s.ID] = s.Text
		}
		if err == nil {
			for _, id := range ids {
				if _, ok := names[id]; !ok {
					return fmt.Errorf("Lever has no stage with id %q; its stages are: %s", id, stageSummary(stages))
				}
			}
		}
	}
	stages := make([]backend.TriggerStage, len(ids))
	for i, id := range ids {
		stages[i] = backend.TriggerStage{StageID: id, Name: names[id]}
	}
	_, err := a.db.ReplaceTriggerStages(ctx, stages)
	return err
}

func stageSummary(stages []lever.Stage) string {
	parts := make([]string, len(stages))
	for i, s := range stages {
		parts[i] = fmt.Sprintf("%s (%s)", s.ID, s.Text)
	}
	return strings.Join(parts, ", ")
}

// Start serves both listeners, starts the engine and, given a public URL,
// registers the webhooks.
func (a *App) Start(ctx context.Context) error {
	receiver := &webhook.Receiver{
		Queue:           a.engine,
		Logger:          a.log,
		SignatureTokens: func() map[string]string { return webhook.LeverTokens(a.secrets) },
		QualifiedSecret: func() string {
			v, _ := a.secrets.Get(secrets.QualifiedPathSecret)
			return v
		},
		IsReplay:      func(err error) bool { return errors.Is(err, workflow.ErrReplay) },
		OAuthCallback: a.oauthCallback,
	}
	if _, err := secrets.GetOrCreate(a.secrets, secrets.QualifiedPathSecret); err != nil {
		return err
	}
	hooksLn, err := net.Listen("tcp", a.cfg.WebhookListen)
	if err != nil {
		return fmt.Errorf("webhook receiver cannot listen on %s: %w", a.cfg.WebhookListen, err)
	}
	a.hooksAddr = hooksLn.Addr().String()
	a.hooks = &http.Server{Handler: receiver.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 16 << 10}
	go a.serve(a.hooks, hooksLn)
	// In the desktop window the UI is served in-process: no admin port. The
	// port is taken before the engine starts, so a clash shows at once, and
	// answers after, so an answer means assessbridge has started.
	var adminLn net.Listener
	if a.cfg.Listen != "" {
		adminLn, err = net.Listen("tcp", a.cfg.Listen)
		if err != nil {
			hooksLn.Close()
			return fmt.Errorf("admin UI cannot listen on %s: %w", a.cfg.Listen, err)
		}
		a.adminAddr = adminLn.Addr().String()
		a.admin = &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second}
	}
	if err := a.engine.Start(ctx); err != nil {
		if adminLn != nil {
			adminLn.Close()
		}
		return err
	}
	if adminLn != nil {
		go a.serve(a.admin, adminLn)
	}
	a.baseCtx = context.WithoutCancel(ctx)
	a.startPublicAddress(ctx)
	return nil
}

func (a *App) newLeverClient(url, key string) *lever.Client {
	return lever.New(url, key, lever.WithLimiter(a.conns.limiter))
}

func (a *App) newQualifiedClient(key string) *qualified.Client {
	webURL := a.cfg.QualifiedWebURL
	if webURL == "" {
		webURL = strings.TrimSuffix(strings.TrimRight(a.cfg.QualifiedAPIURL, "/"), "/api")
	}
	return qualified.New(a.cfg.QualifiedAPIURL, key, qualified.WithWebBaseURL(webURL))
}

// leverURL is the API base for an environment. Only Lever's own production
// URL has a sandbox twin; any other configured URL (a simulator) is kept.
func (a *App) leverURL(env string) string {
	if env == "sandbox" && a.cfg.LeverAPIURL == lever.DefaultBaseURL {
		return lever.SandboxBaseURL
	}
	return a.cfg.LeverAPIURL
}

func environmentName(env string) string {
	if env == "sandbox" {
		return "sandbox"
	}
	return "production"
}

// RegisterWebhooks points Lever's and Qualified's webhooks at the public URL.
func (a *App) RegisterWebhooks(ctx context.Context) error {
	public := a.publicURL()
	if public == "" {
		return backend.Errorf(backend.ECONFLICT, "There is no public address yet for Lever and Qualified to reach assessbridge.")
	}
	err := a.registrar().Register(ctx, public)
	a.mu.Lock()
	a.registerErr, a.registerManual = "", nil
	if err != nil {
		a.registerErr = err.Error()
		var manual *webhook.ManualStepError
		if errors.As(err, &manual) {
			a.registerManual = manual
		}
	}
	a.mu.Unlock()
	if err != nil {
		return err
	}
	a.pub.mu.Lock()
	a.pub.registered = public
	a.pub.mu.Unlock()
	a.log.Info("webhooks registered", "lever", public+webhook.LeverPath)
	return nil
}

func (a *App) registrar() *webhook.Registrar {
	return &webhook.Registrar{DB: a.db, Secrets: a.secrets, Lever: a.conns.lever, Qualified: a.conns.qualified}
}

func (a *App) serve(s *http.Server, ln net.Listener) {
	if err := s.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		a.log.Error("listener stopped", "addr", ln.Addr().String(), "err", err)
	}
}

// AdminAddr is the admin UI's address once started.
func (a *App) AdminAddr() string { return a.adminAddr }

// WebhookAddr is the webhook receiver's address once started.
func (a *App) WebhookAddr() string { return a.hooksAddr }

// DB is the app's database.
func (a *App) DB() *sqlite.DB { return a.db }

// Engine is the app's workflow engine.
func (a *App) Engine() *workflow.Engine { return a.engine }

// Shutdown stops taking webhooks, lets running jobs finish and closes the database.
func (a *App) Shutdown(ctx context.Context) error {
	var errs []error
	if a.hooks != nil {
		errs = append(errs, a.hooks.Shutdown(ctx))
	}
	a.events.Close()
	errs = append(errs, a.closeCallbackListener(ctx), a.stopPublicAddress(ctx))
	if a.admin != nil {
		errs = append(errs, a.admin.Shutdown(ctx))
	}
	errs = append(errs, a.engine.Stop(ctx), a.db.Close())
	a.unlock()
	return errors.Join(errs...)
}

// Serve runs `assessbridge serve` until ctx ends (SIGTERM/SIGINT).
func Serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := ParseServeFlags(args, getenv, stderr)
	if err != nil {
		return err
	}
	limitMemory(getenv)
	// The log goes to stderr, as a service manager expects, and to the data
	// folder's log file, which a diagnostics file quotes.
	log, logs := newLogger(cfg.DataDir, stderr, slog.LevelInfo)
	defer logs.Close()
	// Asked to stop while starting (a service manager stopping a unit that
	// is still coming up): a clean stop, not a failure.
	stoppedWhileStarting := func(err error) error {
		if ctx.Err() != nil {
			log.Info("stopped while starting", "at", err)
			return nil
		}
		return err
	}
	a, err := New(ctx, cfg, log)
	if err != nil {
		return stoppedWhileStarting(err)
	}
	a.hideSecretsInLog()
	// Every local process can reach a port on 127.0.0.1: without a token of
	// the recruiter's, serve uses its own, kept in the (locked) data folder.
	if a.cfg.AdminToken == "" {
		kept, err := adminTokenFromDataFolder(cfg.DataDir)
		if err != nil {
			a.Shutdown(context.Background())
			return err
		}
		a.cfg.AdminToken, a.cfg.AdminTokenKeptIn = kept.Token, kept.Path
		a.cfg.Origins.AdminToken = Origin{Source: FromStored, Name: AdminTokenFile}
		if kept.Tightened != 0 {
			fmt.Fprintf(stderr, "warning: %s could be read by other users (mode %s); it is now readable by you alone (0600)\n", kept.Path, kept.Tightened)
		}
	}
	if err := a.Start(ctx); err != nil {
		a.Shutdown(context.Background())
		return stoppedWhileStarting(err)
	}
	log.Info("assessbridge is running", "admin", "http://"+a.AdminAddr(), "webhooks", "http://"+a.WebhookAddr(), "data", cfg.DataDir)
	// Where the token is, never the token: stderr often ends up in a journal.
	if a.cfg.AdminTokenKeptIn != "" {
		fmt.Fprintf(stderr, "The admin interface needs a login: open http://%s%s and enter the admin token kept in %s (or set %s).\n",
			a.AdminAddr(), loginPath, a.cfg.AdminTokenKeptIn, AdminTokenEnv)
	} else {
		fmt.Fprintf(stderr, "The admin interface needs a login: open http://%s%s and enter the admin token from %s.\n", a.AdminAddr(), loginPath, AdminTokenEnv)
	}
	<-ctx.Done()
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return a.Shutdown(sctx)
}
