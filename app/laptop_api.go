package app

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// The desktop app lives as a laptop app does: closing its window leaves it
// running (it keeps inviting candidates), quitting is a choice of its own,
// and it can start at login, hidden.
const (
	appPath          = "/api/app"
	startAtLoginPath = "/api/app/start-at-login"
	quitPath         = "/api/app/quit"
)

// settingCloseExplained is set once the window has explained that closing it
// leaves assessbridge running.
const settingCloseExplained = "window_close_explained"

// Why start at login is not offered, in the recruiter's words.
const (
	noLoginStartServe = "assessbridge serve is started by this computer's service manager (systemd, launchd or a Windows service), " +
		"not when someone logs in: set it to start there."
	noLoginStartDemo = "The demo does not start at login. Turn this on in your own setup, once Lever and Qualified are connected."
)

// executable is this program's path, as the login entry starts it (a
// variable for tests).
var executable = func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	return exe, nil
}

// laptopRoutes are the desktop app's own settings: start at login, quitting.
func (a *App) laptopRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET "+appPath, a.getApp)
	mux.HandleFunc("PUT "+startAtLoginPath, a.putStartAtLogin)
	mux.HandleFunc("POST "+quitPath, a.quitApp)
	// The window remembers what it has explained in the data folder of the
	// app it shows: the one whose routes it is given.
	if a.window && desktop != nil {
		desktop.attach(a)
	}
}

type startAtLoginView struct {
	Available bool `json:"available"`
	Enabled   bool `json:"enabled"`
	// Reason says why it is not available.
	Reason string `json:"reason,omitempty"`
	// Error says why the state could not be read.
	Error string `json:"error,omitempty"`
}

type appView struct {
	Desktop      bool             `json:"desktop"`
	StartAtLogin startAtLoginView `json:"startAtLogin"`
}

// loginStart is this app's start at login, or why there is none.
func (a *App) loginStart() (autostarter, string) {
	switch {
	case !a.window:
		return nil, noLoginStartServe
	case a.cfg.Demo:
		return nil, noLoginStartDemo
	}
	s, err := platformAutostart(os.Getenv)
	if err != nil {
		return nil, err.Error()
	}
	return s, ""
}

func (a *App) startAtLogin() startAtLoginView {
	s, reason := a.loginStart()
	if s == nil {
		return startAtLoginView{Reason: reason}
	}
	v := startAtLoginView{Available: true}
	on, err := s.Enabled()
	if err != nil {
		a.log.Warn("could not read whether assessbridge starts at login", "err", err)
		v.Error = "assessbridge could not tell whether it starts at login: " + err.Error()
	}
	v.Enabled = on
	return v
}

func (a *App) getApp(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, appView{Desktop: a.window, StartAtLogin: a.startAtLogin()})
}

func (a *App) putStartAtLogin(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Enabled *bool `json:"enabled"`
	}
	if err := decodeBody(r, &body); err != nil {
		writeError(w, err)
		return
	}
	if body.Enabled == nil {
		writeError(w, backend.Errorf(backend.EINVALID, "Say whether assessbridge should start at login: {\"enabled\": true} or false."))
		return
	}
	s, reason := a.loginStart()
	if s == nil {
		writeError(w, backend.Errorf(backend.ECONFLICT, "%s", reason))
		return
	}
	var err error
	if *body.Enabled {
		var exe string
		if exe, err = executable(); err == nil {
			err = s.Enable(exe)
		}
	} else {
		err = s.Disable()
	}
	if err != nil {
		a.log.Error("start at login not changed", "enabled", *body.Enabled, "err", err)
		writeError(w, backend.Errorf(backend.EINTERNAL, "assessbridge could not change whether it starts at login: %v", err))
		return
	}
	a.log.Info("start at login changed", "enabled", *body.Enabled)
	writeJSON(w, http.StatusOK, a.startAtLogin())
}

// quitApp ends the desktop app, as its menu's Quit does, once the answer
// has gone out.
func (a *App) quitApp(w http.ResponseWriter, r *http.Request) {
	if !a.window || desktop == nil {
		writeError(w, backend.Errorf(backend.ECONFLICT, "Only the desktop app quits from here. "+
			"assessbridge serve stops with the service that started it (systemctl stop, for example) or with Ctrl+C where it runs."))
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]bool{"quitting": true})
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	driver := desktop
	go func() {
		// Let the page have its answer before the window goes.
		time.Sleep(200 * time.Millisecond)
		if !driver.quit() {
			a.log.Warn("quit asked for, but the window is not up")
		}
	}()
}

// closeExplained and setCloseExplained are the window's notes (windowNotes),
// kept in this app's database.
func (a *App) closeExplained() bool {
	v, err := a.db.Setting(context.Background(), settingCloseExplained)
	return err == nil && v != ""
}

func (a *App) setCloseExplained() error {
	return a.db.SetSetting(context.Background(), settingCloseExplained, time.Now().UTC().Format(time.RFC3339))
}
