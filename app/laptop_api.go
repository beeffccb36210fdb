package app

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// The desktop app lives as a laptop app does: closing its window leaves it
// running (it keeps inviting candidates), quitting is a choice of its own,
// and it can start at login, hidden.
const (
	appPath          = adminapi.AppPath
	startAtLoginPath = adminapi.StartAtLoginPath
	quitPath         = adminapi.QuitPath
)

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

// laptop is what only the desktop app does, as the admin API asks it.
type laptop App

// Desktop is true in the desktop window.
func (l *laptop) Desktop() bool { return l.window }

// StartAtLogin reads the system's own entry.
func (l *laptop) StartAtLogin() adminapi.StartAtLogin {
	a := (*App)(l)
	s, reason := a.loginStart()
	if s == nil {
		return adminapi.StartAtLogin{Reason: reason}
	}
	v := adminapi.StartAtLogin{Available: true}
	on, err := s.Enabled()
	if err != nil {
		a.log.Warn("could not read whether assessbridge starts at login", "err", err)
		v.Error = "assessbridge could not tell whether it starts at login: " + err.Error()
	}
	v.Enabled = on
	return v
}

// SetStartAtLogin writes or removes the system's entry.
func (l *laptop) SetStartAtLogin(enabled bool) error {
	a := (*App)(l)
	s, reason := a.loginStart()
	if s == nil {
		return backend.Errorf(backend.ECONFLICT, "%s", reason)
	}
	var err error
	if enabled {
		var exe string
		if exe, err = executable(); err == nil {
			err = s.Enable(exe)
		}
	} else {
		err = s.Disable()
	}
	if err != nil {
		return adminapi.Internal(err, "assessbridge could not change whether it starts at login: %v", err)
	}
	a.log.Info("start at login changed", "enabled", enabled)
	return nil
}

// Quit ends the desktop app, as its menu's Quit does, a moment after the
// answer has gone out.
func (l *laptop) Quit() error {
	a := (*App)(l)
	if !a.window || desktop == nil {
		return backend.Errorf(backend.ECONFLICT, "Only the desktop app quits from here. "+
			"assessbridge serve stops with the service that started it (systemctl stop, for example) or with Ctrl+C where it runs.")
	}
	driver := desktop
	go func() {
		// Let the page have its answer before the window goes.
		time.Sleep(200 * time.Millisecond)
		if !driver.quit() {
			a.log.Warn("quit asked for, but the window is not up")
		}
	}()
	return nil
}

// closeExplained and setCloseExplained are the window's notes (windowNotes),
// kept in this app's database.
func (a *App) closeExplained() bool {
	v, err := a.db.Setting(context.Background(), sqlite.SettingCloseExplained)
	return err == nil && v != ""
}

func (a *App) setCloseExplained() error {
	return a.db.SetSetting(context.Background(), sqlite.SettingCloseExplained, time.Now().UTC().Format(time.RFC3339))
}
