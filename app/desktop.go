package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
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
	dir := getenv("ASSESSBRIDGE_DATA_DIR")
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return fmt.Errorf("no data folder: set ASSESSBRIDGE_DATA_DIR (%v)", err)
		}
		dir = filepath.Join(base, "assessbridge")
	}
	cfg := Config{
		DataDir:            dir,
		WebhookListen:      DefaultWebhookListen,
		LeverAPIURL:        lever.DefaultBaseURL,
		QualifiedAPIURL:    DefaultQualifiedAPIURL,
		PollInterval:       DefaultPollInterval,
		LeverOAuth:         LeverOAuthFromEnv(getenv),
		QuickTunnelService: getenv("ASSESSBRIDGE_QUICK_TUNNEL_SERVICE"),
	}
	// Each workspace logs into its own folder (logs/assessbridge.log) and to stderr.
	log, logs := newLogger(dir, stderr, slog.LevelInfo)
	defer logs.Close()
	slog.SetDefault(log) // the window's own lines, too
	demo := DemoConfig{DataDir: desktopDemoDir(getenv), Pace: 1, Window: true}
	demoLog, demoLogs := newLogger(demo.DataDir, stderr, slog.LevelInfo)
	defer demoLogs.Close()
	ws := newWorkspaces(ctx, cfg, demo, log, demoLog)
	err := OpenWindow(ctx, "assessbridge", ws.Handler())
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return errors.Join(err, ws.Close(sctx))
}

// startDesktopApp opens and starts the real workspace for the window.
func startDesktopApp(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	if d, err := storedPollInterval(ctx, cfg.DataDir); err == nil && d > 0 {
		cfg.PollInterval = d
	}
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

// storedPollInterval reads the poll interval chosen in Settings.
func storedPollInterval(ctx context.Context, dataDir string) (time.Duration, error) {
	path := filepath.Join(dataDir, DatabaseFile)
	if _, err := os.Stat(path); err != nil {
		return 0, err
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	v, err := db.Setting(ctx, sqlite.SettingPollInterval)
	if err != nil || v == "" {
		return 0, err
	}
	return time.ParseDuration(v)
}
