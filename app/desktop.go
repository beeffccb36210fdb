package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
)

// startWithWindow starts the backend at once, in the background, while the
// window opens: GTK and WebKit's own processes take longer to come up than
// the backend, so the page's first request finds it started or nearly so.
// Every request waits for the start; one that failed is answered with why.
// wait blocks until the start has ended, successfully or not.
//
// A second launch of the desktop app is ended by the window's single-instance
// lock, and the lock on the data folder keeps its backend off a folder that
// one already uses.
func startWithWindow(start func() (http.Handler, error)) (h http.Handler, wait func()) {
	var once sync.Once
	var started http.Handler
	var err error
	wait = func() {
		once.Do(func() {
			StartTrace("backend: starting")
			started, err = start()
			StartTrace("backend: started")
		})
	}
	go wait()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wait()
		if err != nil {
			writeStartError(w, err)
			return
		}
		started.ServeHTTP(w, r)
	}), wait
}

// RunDesktop runs the desktop app: the window, with the backend on the
// user's data folder, until the window is closed. The window always opens
// on the recruiter's real workspace; from Setup they can switch to the demo
// (simulated accounts, in a folder of its own) and back, without quitting.
// A launch never reopens the demo, so it never runs unnoticed.
func RunDesktop(ctx context.Context, getenv func(string) string, stderr io.Writer) error {
	if !CanOpenWindow() {
		return fmt.Errorf("%w: run `assessbridge serve` to use assessbridge without a window, or `assessbridge demo` to try it", ErrNoDesktop)
	}
	// The window has no flags: the environment, then what is stored, then the defaults.
	dir, dirFrom, err := dataDir(nil, getenv)
	if err != nil {
		return fmt.Errorf("no data folder: set ASSESSBRIDGE_DATA_DIR (%v)", err)
	}
	poll, pollFrom, err := pollIntervalSetting.given(nil, getenv, DefaultPollInterval)
	if err != nil {
		return err
	}
	cfg := Config{
		DataDir:            dir,
		WebhookListen:      DefaultWebhookListen,
		LeverAPIURL:        lever.DefaultBaseURL,
		QualifiedAPIURL:    DefaultQualifiedAPIURL,
		PollInterval:       poll,
		LeverOAuth:         LeverOAuthFromEnv(getenv),
		QuickTunnelService: getenv("ASSESSBRIDGE_QUICK_TUNNEL_SERVICE"),
	}
	cfg.Origins.DataDir, cfg.Origins.PollInterval = dirFrom, pollFrom
	// Each workspace logs into its own folder (logs/assessbridge.log) and to stderr.
	log, logs := newLogger(dir, stderr, slog.LevelInfo)
	defer logs.Close()
	slog.SetDefault(log) // the window's own lines, too
	demoCfg := DemoConfig{DataDir: desktopDemoDir(getenv), Pace: 1, Window: true}
	if demoCfg.PollInterval, demoCfg.PollIntervalFrom, err = demoPollInterval(getenv); err != nil {
		return err
	}
	demoLog, demoLogs := newLogger(demoCfg.DataDir, stderr, slog.LevelInfo)
	defer demoLogs.Close()
	ws := newWorkspaces(ctx, cfg, demoCfg, log, demoLog)
	// The real workspace starts while the window opens.
	go func() {
		StartTrace("backend: starting")
		ws.Open()
		StartTrace("backend: started")
	}()
	err = OpenWindow(ctx, "assessbridge", ws.Handler())
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return errors.Join(err, ws.Close(sctx))
}

// startDesktopApp opens and starts the real workspace for the window; its
// stored settings are read as serve's are, once its data folder is locked.
func startDesktopApp(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	a, err := New(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	a.window = true
	if err := a.Start(ctx); err != nil {
		a.Shutdown(context.Background())
		return nil, err
	}
	return a, nil
}
