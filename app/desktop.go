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

// startOnFirstRequest starts the backend when the window first asks for a
// page. A second launch of the desktop app is ended by the window's
// single-instance lock before any page loads, so it never starts a second
// backend on the same data folder.
func startOnFirstRequest(start func() (http.Handler, error)) http.Handler {
	var once sync.Once
	var h http.Handler
	var err error
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { h, err = start() })
		if err != nil {
			writeStartError(w, err)
			return
		}
		h.ServeHTTP(w, r)
	})
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
