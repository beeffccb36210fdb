package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/assessbridge/assessbridge/app/demo"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// Demo is a running demo: the app wired to the demo's simulated Lever and
// Qualified accounts, with their scripted flow of candidates.
type Demo struct {
	App      *App
	Accounts *demo.Accounts
}

// DemoConfig is what `assessbridge demo` can be told.
type DemoConfig struct {
	DataDir string
	Listen  string
	// Pace scales the script's timing: 1 plays it over about two minutes.
	Pace float64
	// Window opens the desktop window where one can be opened.
	Window bool
	// Setup starts with nothing connected, to walk through Setup; the flow
	// begins once a trigger stage is chosen and the webhook registered.
	Setup bool
	// History is how many past invitations the dashboard starts with.
	History int
	// PollInterval and PollIntervalFrom are the poll interval and where it
	// came from (by default demo.PollInterval: the demo lasts minutes).
	PollInterval     time.Duration
	PollIntervalFrom Origin
}

// ParseDemoFlags reads `demo`'s flags.
func ParseDemoFlags(args []string, getenv func(string) string, stderr io.Writer) (DemoConfig, error) {
	cfg := DemoConfig{}
	fs := flag.NewFlagSet("assessbridge demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.DataDir, "data-dir", "", "demo data folder, wiped at start: a new or empty folder, or one an earlier demo made\n(default: assessbridge-demo in the OS user config dir)")
	fs.StringVar(&cfg.Listen, "listen", DefaultListen, "admin UI/API address when no window is opened")
	fs.Float64Var(&cfg.Pace, "pace", 1, "script speed: 2 plays it twice as fast")
	noWindow := fs.Bool("no-window", false, "serve the UI on --listen instead of opening the desktop window")
	fs.BoolVar(&cfg.Setup, "setup", false, "start with nothing connected, to walk through Setup (the demo keys are shown there)")
	fs.IntVar(&cfg.History, "history", 0, "start with `N` past invitations on the dashboard (every status, several postings),\nto see it as a busy hiring team does; try 50000")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	cfg.Window = !*noWindow && CanOpenWindow()
	if cfg.Pace <= 0 {
		return cfg, errors.New("--pace must be positive")
	}
	if cfg.History < 0 || cfg.History > demo.MaxHistory {
		return cfg, fmt.Errorf("--history must be between 0 and %d", demo.MaxHistory)
	}
	if cfg.DataDir == "" {
		if cfg.DataDir = demo.DefaultDir(); cfg.DataDir == "" {
			return cfg, errors.New("no data folder: set --data-dir (the OS has no user config folder)")
		}
	}
	if err := loopbackOnly(cfg.Listen); err != nil {
		return cfg, fmt.Errorf("--listen: %w", err)
	}
	var err error
	cfg.PollInterval, cfg.PollIntervalFrom, err = demoPollInterval(getenv)
	return cfg, err
}

// demoPollInterval is the demo's poll interval, by the loader's one order;
// the demo's own short interval is its default.
func demoPollInterval(getenv func(string) string) (time.Duration, Origin, error) {
	return pollIntervalSetting.given(nil, getenv, demo.PollInterval)
}

// StartDemo starts the demo's accounts, the app on a fresh demo data folder
// wired to them, and the script.
func StartDemo(ctx context.Context, cfg DemoConfig, log *slog.Logger) (*Demo, error) {
	// The demo's data lives and dies with its simulators, but never under a
	// demo that is still running, and only in a folder the demo made.
	if err := demo.ClaimFolder(cfg.DataDir); err != nil {
		return nil, err
	}
	release, err := lockDataDir(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	release()
	for _, name := range []string{DatabaseFile, DatabaseFile + "-wal", DatabaseFile + "-shm", "secrets.json"} {
		if err := os.Remove(filepath.Join(cfg.DataDir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("demo data folder: %w", err)
		}
	}
	accounts := demo.Start(demo.Options{History: cfg.History})
	a, err := newDemoApp(ctx, cfg, accounts, log)
	if err != nil {
		accounts.Close()
		return nil, err
	}
	var ready func(context.Context) bool
	if cfg.Setup {
		// Candidates flow once Setup is far enough: a trigger stage chosen
		// and the webhook registered.
		ready = func(ctx context.Context) bool {
			st, err := a.status(ctx)
			return err == nil && len(st.TriggerStages) > 0 && st.Webhook.Registered
		}
	}
	accounts.Play(cfg.Pace, log, ready)
	return &Demo{App: a, Accounts: accounts}, nil
}

// newDemoApp opens and starts the app on the demo's folder, connected to
// the demo's accounts (or, for --setup, ready to be connected to them).
func newDemoApp(ctx context.Context, cfg DemoConfig, accounts *demo.Accounts, log *slog.Logger) (*App, error) {
	hookAddr, err := freeLoopbackAddr()
	if err != nil {
		return nil, err
	}
	listen := cfg.Listen
	if cfg.Window {
		listen = ""
	}
	pollInterval, pollFrom := cfg.PollInterval, cfg.PollIntervalFrom
	if pollInterval == 0 {
		pollInterval, pollFrom = demo.PollInterval, Origin{Source: FromDefault}
	}
	appCfg := Config{
		DataDir:         cfg.DataDir,
		Listen:          listen,
		WebhookListen:   hookAddr,
		LeverAPIURL:     accounts.Lever.URL,
		LeverAPIKey:     demo.LeverKey,
		QualifiedAPIURL: accounts.Qualified.URL,
		QualifiedWebURL: accounts.Qualified.WebURL,
		QualifiedAPIKey: demo.QualifiedKey,
		TriggerStages:   []string{demo.TriggerStage},
		PollInterval:    pollInterval,
		Demo:            true,
		SecretsInFile:   true,
	}
	appCfg.Origins.PollInterval = pollFrom
	callback := listen
	if callback == "" {
		// In the window there is no admin listener: the login comes back to
		// a loopback port of its own.
		if callback, err = freeLoopbackAddr(); err != nil {
			return nil, err
		}
	}
	login := accounts.LeverLogin()
	appCfg.LeverOAuth = &LeverOAuth{ClientID: login.ClientID, ClientSecret: login.ClientSecret,
		RedirectURL: "http://" + callback + OAuthCallbackPath, AuthURL: login.AuthURL, TokenURL: login.TokenURL, Audience: login.Audience}
	if cfg.Setup {
		appCfg.LeverAPIKey, appCfg.QualifiedAPIKey, appCfg.TriggerStages = "", "", nil
		appCfg.DemoKeys = &DemoKeys{Lever: demo.LeverKey, Qualified: demo.QualifiedKey}
	}
	a, err := New(ctx, appCfg, log)
	if err != nil {
		return nil, err
	}
	// The simulators are reached on this machine: the demo's public address
	// is the webhook receiver itself, as "my own public address" (so Setup
	// can show changing it).
	for k, v := range map[string]string{sqlite.SettingPerformAs: demo.Recruiter, sqlite.SettingPublicAddressMode: ModeOwn, sqlite.SettingPublicAddressURL: "http://" + hookAddr} {
		if err = a.DB().SetSetting(ctx, k, v); err != nil {
			break
		}
	}
	for _, r := range accounts.RoutingRules() {
		if err == nil {
			err = a.DB().SaveRoutingRules(ctx, r)
		}
	}
	for _, r := range accounts.ReportSettings() {
		if err == nil {
			err = a.DB().SaveReportSettings(ctx, r)
		}
	}
	if err == nil {
		err = demoDeadlines(ctx, a, accounts, log)
	}
	if err == nil && cfg.History > 0 {
		began := time.Now()
		if err = writeDemoHistory(ctx, a.DB(), accounts, cfg.History, began); err == nil {
			log.Info("demo history written", "invitations", cfg.History, "took", time.Since(began).Round(time.Millisecond))
		}
	}
	if err == nil {
		err = a.Start(ctx)
	}
	if err != nil {
		a.Shutdown(context.Background())
		return nil, err
	}
	return a, nil
}

// startWindowDemo starts the demo to be shown in the desktop window, as
// `assessbridge demo` does and as the desktop app's switch to the demo does.
func startWindowDemo(ctx context.Context, cfg DemoConfig, log *slog.Logger) (*Demo, error) {
	cfg.Window = true
	d, err := StartDemo(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	d.App.window = true
	return d, nil
}

func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// Shutdown stops the script, the app and the simulators.
func (d *Demo) Shutdown(ctx context.Context) error {
	d.Accounts.Stop()
	err := d.App.Shutdown(ctx)
	d.Accounts.Close()
	return err
}

// RunDemo runs `assessbridge demo` until ctx ends or the window closes.
func RunDemo(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := ParseDemoFlags(args, getenv, stderr)
	if err != nil {
		return err
	}
	// The folder is claimed before the first log line: the log file it would
	// make first would have a new folder look like someone else's.
	if err := demo.ClaimFolder(cfg.DataDir); err != nil {
		return err
	}
	log, logs := newLogger(cfg.DataDir, stderr, slog.LevelInfo)
	defer logs.Close()
	var d *Demo
	defer func() {
		if d != nil {
			sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			d.Shutdown(sctx)
		}
	}()
	if cfg.Window {
		log.Info("assessbridge demo: simulated Lever and Qualified; opening the window", "data", cfg.DataDir)
		h, wait := startWithWindow(func() (http.Handler, error) {
			var err error
			d, err = startWindowDemo(ctx, cfg, log)
			if err != nil {
				return nil, err
			}
			return d.App.WindowHandler(), nil
		})
		err := OpenWindow(ctx, "assessbridge — demo", h)
		wait()
		if !errors.Is(err, ErrNoDesktop) {
			return err
		}
		// No window after all: the demo started for it has no admin
		// listener. Stop it, and serve the demo in the browser instead.
		if d != nil {
			sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			d.Shutdown(sctx)
			cancel()
			d = nil
		}
		log.Warn("the desktop window could not be opened; serving the demo in the browser instead")
		cfg.Window = false
	}
	if d, err = StartDemo(ctx, cfg, log); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "\nassessbridge demo is running with simulated Lever and Qualified accounts.\nOpen http://%s in a browser. Press Ctrl+C to stop.\n\n", d.App.AdminAddr())
	<-ctx.Done()
	return nil
}
