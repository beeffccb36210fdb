package app

import (
	"context"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/app/demo"
	"github.com/assessbridge/assessbridge/backend"
)

// The desktop app's two workspaces: the recruiter's own (their data folder,
// their Lever and Qualified) and the demo (simulated accounts, in a folder of
// its own).
const (
	WorkspaceReal = adminapi.WorkspaceReal
	WorkspaceDemo = adminapi.WorkspaceDemo
)

// workspacePath is the desktop window's own API: which workspace is open
// (GET) and switching to the other (PUT {"workspace":"demo"|"real"}).
// Only the desktop window serves it: `serve` and `assessbridge demo` have a
// single workspace and answer 404, which tells the page it is not in the
// desktop app.
const workspacePath = adminapi.WorkspacePath

// workspaceDrain bounds the wait for the page's requests to the workspace
// being closed; its live-updates stream ends at once.
const workspaceDrain = 5 * time.Second

// workspaceStop bounds the shutdown of the workspace being left.
const workspaceStop = 15 * time.Second

// openWorkspace is one running workspace.
type openWorkspace struct {
	name string
	app  *App  // the App serving it
	demo *Demo // the demo's simulators and scripted flow, in the demo
	h    http.Handler
	// inflight counts the requests being served by it.
	inflight sync.WaitGroup
}

// close stops the workspace: its engine, listeners and data-folder lock, and
// in the demo the simulators and the script. The page's live-updates stream
// is ended first, then the other requests in flight are given a moment.
func (o *openWorkspace) close(ctx context.Context) error {
	o.app.events.Close()
	drained := make(chan struct{})
	go func() { o.inflight.Wait(); close(drained) }()
	select {
	case <-drained:
	case <-time.After(workspaceDrain):
	}
	if o.demo != nil {
		return o.demo.Shutdown(ctx)
	}
	return o.app.Shutdown(ctx)
}

// workspaces is what the desktop window is served by: the real workspace,
// started at the window's first request, which the recruiter can swap for
// the demo and back without quitting. Switching starts the other workspace
// and then stops the open one cleanly, so that a workspace that cannot start
// leaves the open one as it was.
type workspaces struct {
	ctx       context.Context
	log       *slog.Logger
	realDir   string
	startReal func(context.Context) (*App, error)
	startDemo func(context.Context) (*Demo, error)

	// switching allows one switch (or the final close) at a time.
	switching sync.Mutex

	mu       sync.Mutex
	started  bool
	startErr error // why the real workspace did not open at launch
	closed   bool
	cur      *openWorkspace
}

// newWorkspaces serves the real workspace of cfg, with the demo of demoCfg to
// switch to. Nothing starts before the first request. Each workspace logs to
// its own log (the log file in its own folder); demoLog must not write a line
// before the demo has claimed its folder, which StartDemo does first.
func newWorkspaces(ctx context.Context, cfg Config, demoCfg DemoConfig, log, demoLog *slog.Logger) *workspaces {
	return &workspaces{
		ctx:       ctx,
		log:       log,
		realDir:   cfg.DataDir,
		startReal: func(ctx context.Context) (*App, error) { return startDesktopApp(ctx, cfg, log) },
		startDemo: func(ctx context.Context) (*Demo, error) { return startWindowDemo(ctx, demoCfg, demoLog) },
	}
}

// desktopDemoDir is the desktop app's demo folder: assessbridge-demo in the
// user config folder, or, when ASSESSBRIDGE_DATA_DIR names the real data
// folder, the folder beside it with "-demo" added, so that a chosen data
// folder gets a demo of its own. It is never the real folder.
func desktopDemoDir(getenv func(string) string) string {
	if dir := getenv("ASSESSBRIDGE_DATA_DIR"); dir != "" {
		return filepath.Clean(dir) + "-demo"
	}
	return demo.DefaultDir()
}

// Handler is the desktop window's handler: the workspace API, and every
// other request passed to the open workspace's App.
func (w *workspaces) Handler() http.Handler {
	mux := http.NewServeMux()
	adminapi.WorkspaceRoutes(mux, w, w.log)
	mux.HandleFunc("/", w.forward)
	return mux
}

// acquire returns the open workspace, counting a request in it, and opens
// the real workspace at the first call. The caller calls inflight.Done.
func (w *workspaces) acquire() (*openWorkspace, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.started {
		w.started = true
		a, err := w.startReal(w.ctx)
		if err != nil {
			w.startErr = err
		} else {
			w.cur = &openWorkspace{name: WorkspaceReal, app: a, h: a.WindowHandler()}
		}
	}
	if w.startErr != nil {
		return nil, w.startErr
	}
	if w.cur == nil {
		return nil, errors.New("assessbridge is closing")
	}
	w.cur.inflight.Add(1)
	return w.cur, nil
}

func (w *workspaces) forward(rw http.ResponseWriter, r *http.Request) {
	o, err := w.acquire()
	if err != nil {
		writeStartError(rw, err)
		return
	}
	defer o.inflight.Done()
	o.h.ServeHTTP(rw, r)
}

// Open is the open workspace's name; the first call opens the real one.
func (w *workspaces) Open() (string, error) {
	o, err := w.acquire()
	if err != nil {
		return "", err
	}
	o.inflight.Done()
	return o.name, nil
}

// liveIntegration reports whether the real workspace invites candidates:
// Lever is connected and a trigger stage is chosen. The demo would stop
// that while it runs.
func liveIntegration(ctx context.Context, a *App) (bool, error) {
	leverOK, _, _ := a.conns.state()
	if !leverOK {
		return false, nil
	}
	stages, err := a.db.TriggerStages(ctx)
	return len(stages) > 0, err
}

// SwitchTo opens the named workspace in place of the open one. The one to
// open starts first: if it cannot, the open one is left running as it was.
func (w *workspaces) SwitchTo(name string) error {
	w.switching.Lock()
	defer w.switching.Unlock()
	w.mu.Lock()
	old, closed := w.cur, w.closed
	w.mu.Unlock()
	switch {
	case closed || old == nil:
		return backend.Errorf(backend.ECONFLICT, "assessbridge is closing.")
	case old.name == name:
		return nil
	}
	next := &openWorkspace{name: name}
	if name == WorkspaceDemo {
		live, err := liveIntegration(w.ctx, old.app)
		if err != nil {
			return err
		}
		if live {
			return backend.Errorf(backend.ECONFLICT, "Your Lever account is connected and a trigger stage is chosen, so assessbridge is inviting your real candidates. "+
				"The demo is not offered: while it runs, your real candidates would not be invited.")
		}
		d, err := w.startDemo(w.ctx)
		if err != nil {
			w.log.Error("the demo did not start", "err", err)
			return backend.Errorf(backend.EINTERNAL, "The demo could not start: %v. Your real setup is still open, as it was.", demoStartReason(err))
		}
		next.app, next.demo = d.App, d
	} else {
		a, err := w.startReal(w.ctx)
		if err != nil {
			w.log.Error("the real workspace did not open", "err", err)
			if errors.Is(err, ErrDataDirInUse) {
				return backend.Errorf(backend.ECONFLICT, "Your real setup could not be opened: another assessbridge on this computer is using its data folder (%s). "+
					"Quit that one, then choose \"Back to my real setup\" again. The demo is still open.", w.realDir)
			}
			return backend.Errorf(backend.EINTERNAL, "Your real setup could not be opened: %v. The demo is still open; try again, or quit and start assessbridge again.", err)
		}
		next.app = a
	}
	next.h = next.app.WindowHandler()
	w.mu.Lock()
	w.cur = next
	w.mu.Unlock()
	w.log.Info("workspace opened", "workspace", name, "data", next.app.cfg.DataDir)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(w.ctx), workspaceStop)
	defer cancel()
	if err := old.close(ctx); err != nil {
		w.log.Warn("the workspace left did not stop cleanly", "workspace", old.name, "err", err)
	}
	return nil
}

// demoStartReason says in a recruiter's words why the demo did not start.
func demoStartReason(err error) error {
	if errors.Is(err, ErrDataDirInUse) {
		return errors.New("the demo is already open in another assessbridge; close that one first")
	}
	return err
}

// Close stops the open workspace, at the window's close.
func (w *workspaces) Close(ctx context.Context) error {
	w.switching.Lock()
	defer w.switching.Unlock()
	w.mu.Lock()
	o := w.cur
	w.cur, w.closed, w.started = nil, true, true
	w.mu.Unlock()
	if o == nil {
		return nil
	}
	return o.close(ctx)
}

// writeStartError is the window's page when assessbridge could not start.
func writeStartError(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusServiceUnavailable)
	fmt.Fprintf(w, "<!doctype html><title>assessbridge</title><body style=\"font:15px system-ui;margin:2rem\"><h1>assessbridge could not start</h1><p>%s</p>", html.EscapeString(err.Error()))
}
