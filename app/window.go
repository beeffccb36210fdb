package app

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"sync/atomic"
)

// ErrNoDesktop is returned by OpenWindow when there is no window to open:
// this binary was built without the desktop window (the `desktop` build tag),
// or there is no display to show it on.
var ErrNoDesktop = errors.New("no desktop window: built without the desktop tag, or no display")

// windowDriver is what a desktop build adds: the native window and what only
// it can do. Binaries built without the `desktop` tag have none, so that they
// build without cgo and their tests never need GTK or WebKit.
type windowDriver interface {
	// open shows the window and blocks until it is closed or ctx ends.
	open(ctx context.Context, title string, h http.Handler) error
	// openURL opens u in the system browser through the open window; it
	// reports false when no window is up.
	openURL(u string) bool
	// quit closes the window for good, which ends the desktop app: what
	// "Quit assessbridge" does. Closing the window only hides it. It reports
	// false when no window is up.
	quit() bool
	// attach gives the window what it remembers in the data folder of the
	// app it shows.
	attach(n windowNotes)
}

// windowNotes is what the window remembers about its user, kept in the data
// folder of the app it shows.
type windowNotes interface {
	// closeExplained reports whether the user was told what closing the
	// window does.
	closeExplained() bool
	setCloseExplained() error
}

// HiddenFlag starts the desktop app with its window hidden, as it is started
// at login: the engine runs, and the window shows when assessbridge is opened
// again.
const HiddenFlag = "--hidden"

var startHidden atomic.Bool

// StartHidden makes the desktop window start hidden (HiddenFlag).
func StartHidden() { startHidden.Store(true) }

// launchedHidden reports whether a launch with these arguments asked for no
// window: a second launch at login must not bring the window up.
func launchedHidden(args []string) bool {
	return slices.Contains(args, HiddenFlag)
}

// closeExplanation is what the window says, once, when it is first closed:
// assessbridge keeps working, how to open it again and how to quit, in the
// words of the system it runs on (Linux, Windows; on macOS Wails hides a
// closed window without telling the app).
func closeExplanation(goos string) (title, message string) {
	open, quit := "open assessbridge again from your applications menu", "Ctrl+Q"
	if goos == "windows" {
		open = "open assessbridge again from the Start menu"
	}
	return "assessbridge keeps running", "assessbridge is still running without its window, so candidates who reach your trigger stage " +
		"in Lever are still invited to their assessment, and their results still come back to Lever.\n\n" +
		"To see it again, " + open + ".\n\n" +
		"To stop it, choose Quit assessbridge in its menu (" + quit + ") or in Settings. " +
		"While it is stopped nobody is invited; it catches up when it starts again."
}

// desktop is set by window_desktop.go in desktop builds.
var desktop windowDriver

// CanOpenWindow reports whether OpenWindow can show a window: this is a
// desktop build and a display is available.
func CanOpenWindow() bool {
	return desktop != nil && hasDisplay(os.Getenv)
}

// hasDisplay reports whether a graphical session is reachable. Linux and the
// BSDs need an X11 or Wayland display; macOS and Windows always have one.
func hasDisplay(getenv func(string) string) bool {
	switch runtime.GOOS {
	case "darwin", "windows":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

// OpenWindow shows the desktop window. Every request the page makes, for the
// UI's files and for /api/, is served by h in-process: there is no port.
// It blocks until the user closes the window or ctx ends, in which case it
// closes the window itself and returns nil. It returns ErrNoDesktop when the
// binary has no desktop window or there is no display.
//
// OpenWindow must be called from the main goroutine, with that goroutine
// locked to the main thread (runtime.LockOSThread in an init function of
// package main), and at most once per process.
func OpenWindow(ctx context.Context, title string, h http.Handler) error {
	if !CanOpenWindow() {
		return ErrNoDesktop
	}
	if h == nil {
		return errors.New("open window: no handler")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return desktop.open(ctx, title, h)
}

// OpenBrowser opens an http or https URL in the user's default browser: through
// the desktop window when one is up, otherwise with the platform's opener
// (xdg-open, open, or the Windows URL handler).
func OpenBrowser(ctx context.Context, rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("open browser: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("open browser: %q is not an http(s) URL", rawURL)
	}
	if desktop != nil && desktop.openURL(u.String()) {
		return nil
	}
	name, args := browserCommand(runtime.GOOS, u.String())
	cmd := exec.CommandContext(ctx, name, args...)
	if out, err := cmd.CombinedOutput(); err != nil {
		if len(out) > 0 {
			return fmt.Errorf("open browser with %s: %w: %s", name, err, out)
		}
		return fmt.Errorf("open browser with %s: %w", name, err)
	}
	return nil
}

// browserCommand is the command that opens u in the default browser on goos.
func browserCommand(goos, u string) (string, []string) {
	switch goos {
	case "darwin":
		return "open", []string{u}
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler", u}
	}
	return "xdg-open", []string{u}
}
