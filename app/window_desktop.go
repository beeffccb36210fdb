//go:build desktop

package app

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"math"
	"net/http"
	goruntime "runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/windows"
	wailsruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

func init() { desktop = &wailsWindow{} }

// singleInstanceID names the desktop app for the single-instance lock: a
// second launch hands its arguments to the running window, which comes to the
// front, and then exits.
const singleInstanceID = "io.github.assessbridge.desktop"

// syncTitleJS makes the window's title follow the page's document.title, so
// the title bar and the task switcher name the page that is showing.
const syncTitleJS = `(function () {
  if (window.__assessbridgeTitleSync || !window.runtime || !window.runtime.WindowSetTitle) return;
  window.__assessbridgeTitleSync = true;
  var last = "";
  function sync() {
    var t = document.title;
    if (t && t !== last) { last = t; window.runtime.WindowSetTitle(t); }
  }
  sync();
  new MutationObserver(sync).observe(document.head || document.documentElement,
    { subtree: true, childList: true, characterData: true });
})();`

// wailsWindow is the desktop window: a WebKit (Linux), WKWebView (macOS) or
// WebView2 (Windows) view whose requests are all answered by an http.Handler.
//
// Closing it hides it: assessbridge keeps inviting candidates (webhooks,
// polling) until it is quit from its menu, from Settings, or by the system
// (SIGTERM, the end of ctx). Opening assessbridge again shows it.
type wailsWindow struct {
	mu    sync.Mutex
	ctx   context.Context // Wails' runtime context while the window is up
	notes windowNotes     // where the window remembers what it explained

	// quitting is set once the app is to end: the close that follows is a
	// real one, not a hide.
	quitting atomic.Bool
	// hiding is set while a close is being turned into a hide, so that a
	// second click on the close button meanwhile does nothing more.
	hiding atomic.Bool
	// explained is set once closing was explained in this run, for a window
	// with no notes to remember it in.
	explained atomic.Bool

	// What closing does to the screen: Wails' own, unless a test replaces them.
	dialog func(ctx context.Context, title, message string) error
	hide   func(ctx context.Context)
}

// wailsDialog shows a message with an OK button, and waits for it.
func wailsDialog(ctx context.Context, title, message string) error {
	_, err := wailsruntime.MessageDialog(ctx, wailsruntime.MessageDialogOptions{
		Type: wailsruntime.InfoDialog, Title: title, Message: message, Buttons: []string{"OK"}, DefaultButton: "OK",
	})
	return err
}

func (w *wailsWindow) runtimeCtx() context.Context {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ctx
}

func (w *wailsWindow) setRuntimeCtx(ctx context.Context) {
	w.mu.Lock()
	w.ctx = ctx
	w.mu.Unlock()
}

func (w *wailsWindow) attach(n windowNotes) {
	w.mu.Lock()
	w.notes = n
	w.mu.Unlock()
}

func (w *wailsWindow) windowNotes() windowNotes {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.notes
}

// quit closes the window for good, if it is still up.
func (w *wailsWindow) quit() bool {
	w.quitting.Store(true)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ctx == nil {
		return false
	}
	wailsruntime.Quit(w.ctx)
	return true
}

// closeHidesOnItsOwn is true on macOS, where Wails hides the app itself when
// its window is closed (HideWindowOnClose), and a click on its Dock icon
// brings it back. There OnBeforeClose is reached only by the system's
// Quit (the Dock's, logging out, shutting down), which must go through:
// a Mac app that refuses it stops the logout. The first close is not
// explained there: Wails tells the app nothing of it, and a Mac app that
// stays in the Dock with its window closed is the usual thing.
var closeHidesOnItsOwn = goruntime.GOOS == "darwin"

// beforeClose is Wails' OnBeforeClose, called for the close button, the
// system's close (Alt+F4) and for quit() alike: it lets only quit()
// through, and turns every other close into a hide.
func (w *wailsWindow) beforeClose(ctx context.Context) (prevent bool) {
	if w.quitting.Load() || closeHidesOnItsOwn {
		return false
	}
	// On Windows this runs on the window's own thread, which the dialog
	// needs free; on Linux and macOS Wails already calls it on its own.
	go w.closeToBackground(ctx)
	return true
}

// quitGrace is how long a first close waits, before explaining itself, for
// a quit that may be under way.
const quitGrace = 300 * time.Millisecond

// closeToBackground hides the window, having explained, the first time,
// that assessbridge goes on working and how to open it again or quit it.
func (w *wailsWindow) closeToBackground(ctx context.Context) {
	if !w.hiding.CompareAndSwap(false, true) {
		return
	}
	defer w.hiding.Store(false)
	if !w.closeExplained() {
		// A SIGTERM reaches Wails, which closes the window as its close
		// button does, and the app, which quits: give the quit its moment,
		// so that it is not met by a dialog waiting for an answer.
		time.Sleep(quitGrace)
		if w.quitting.Load() {
			return
		}
		title, message := closeExplanation(goruntime.GOOS)
		dialog := w.dialog
		if dialog == nil {
			dialog = wailsDialog
		}
		if err := dialog(ctx, title, message); err != nil {
			slog.Default().Warn("could not explain closing the window", "err", err)
		}
		w.setCloseExplained()
	}
	if w.quitting.Load() {
		return
	}
	// The application's hide: on macOS a hidden app comes back with a click
	// on its Dock icon; elsewhere it is the window's.
	if w.hide != nil {
		w.hide(ctx)
	} else {
		wailsruntime.Hide(ctx)
	}
}

func (w *wailsWindow) closeExplained() bool {
	if w.explained.Load() {
		return true
	}
	n := w.windowNotes()
	return n != nil && n.closeExplained()
}

func (w *wailsWindow) setCloseExplained() {
	w.explained.Store(true)
	if n := w.windowNotes(); n != nil {
		if err := n.setCloseExplained(); err != nil {
			slog.Default().Warn("could not remember that closing the window was explained", "err", err)
		}
	}
}

// bringBack shows the window again: assessbridge was opened while running.
func (w *wailsWindow) bringBack() {
	ctx := w.runtimeCtx()
	if ctx == nil {
		return
	}
	wailsruntime.Show(ctx)
	wailsruntime.WindowShow(ctx)
	wailsruntime.WindowUnminimise(ctx)
}

// appMenu is the window's menu, with "Quit assessbridge" (Ctrl+Q): closing
// the window only hides it. On macOS it is Wails' own application menu,
// whose Quit (⌘Q) ends the app there (see closeHidesOnItsOwn).
//
// It has no "Close window" (Ctrl+W): tried under Xvfb, the shortcut kept
// firing while the window hid, and once more when it was shown again, which
// hid it at once. The close button and Alt+F4 close it.
func (w *wailsWindow) appMenu() *menu.Menu {
	if goruntime.GOOS == "darwin" {
		return nil
	}
	m := menu.NewMenu()
	m.AddSubmenu("assessbridge").AddText("Quit assessbridge", keys.CmdOrCtrl("q"), func(*menu.CallbackData) { w.quit() })
	return m
}

func (w *wailsWindow) openURL(u string) bool {
	ctx := w.runtimeCtx()
	if ctx == nil {
		return false
	}
	wailsruntime.BrowserOpenURL(ctx, u)
	return true
}

func (w *wailsWindow) open(ctx context.Context, title string, h http.Handler) (err error) {
	started := make(chan struct{})
	loaded := make(chan struct{})
	var loadedOnce sync.Once
	closed := make(chan struct{})
	defer close(closed)
	defer w.setRuntimeCtx(nil)
	// Wails panics when GTK cannot start (no X server behind $DISPLAY, say):
	// that is no desktop, not a crash.
	defer func() {
		if r := recover(); r != nil {
			select {
			case <-started:
				panic(r)
			default:
				err = fmt.Errorf("%w: %v", ErrNoDesktop, r)
			}
		}
	}()

	// Close the window when ctx ends, once Wails can be asked to: a request
	// made before GTK's main loop runs is lost. The loop is surely running once
	// the page has loaded; failing that, the request is repeated until the
	// window has closed.
	go func() {
		select {
		case <-ctx.Done():
		case <-closed:
			return
		}
		select {
		case <-started:
		case <-closed:
			return
		}
		select {
		case <-loaded:
		case <-closed:
			return
		case <-time.After(time.Second):
		}
		for {
			w.quit()
			select {
			case <-closed:
				return
			case <-time.After(500 * time.Millisecond):
			}
		}
	}()

	w.quitting.Store(false)
	StartTrace("window: wails.Run")
	h = traceStartPage(traceRequests(h))
	err = wails.Run(&options.App{
		Title:             title,
		StartHidden:       startHidden.Load(),
		HideWindowOnClose: closeHidesOnItsOwn,
		Menu:              w.appMenu(),
		Width:             1280,
		Height:            800,
		MinWidth:          960,
		MinHeight:         600,
		// No Assets: every request, GET or not, reaches h.
		AssetServer:      &assetserver.Options{Handler: h},
		BackgroundColour: &options.RGBA{R: 248, G: 249, B: 250, A: 255},
		Logger:           wailsLogger{slog.Default().With("component", "window")},
		OnStartup: func(rctx context.Context) {
			StartTrace("window: started")
			w.setRuntimeCtx(rctx)
			close(started)
		},
		OnDomReady: func(rctx context.Context) {
			StartTrace("window: page loaded (DOM ready)")
			loadedOnce.Do(func() { close(loaded) })
			wailsruntime.WindowExecJS(rctx, syncTitleJS)
			if startTraceOn {
				wailsruntime.WindowExecJS(rctx, startTraceJS)
			}
		},
		OnBeforeClose: w.beforeClose,
		OnShutdown:    func(context.Context) { w.setRuntimeCtx(nil) },
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: singleInstanceID,
			// Opening assessbridge again shows its window, hidden or not;
			// a start at login (HiddenFlag) leaves it as it is.
			OnSecondInstanceLaunch: func(d options.SecondInstanceData) {
				if !launchedHidden(d.Args) {
					w.bringBack()
				}
			},
		},
		Windows: &windows.Options{Messages: &windows.Messages{
			InstallationRequired: webView2Messages.InstallationRequired,
			UpdateRequired:       webView2Messages.UpdateRequired,
			MissingRequirements:  webView2Messages.MissingRequirements,
			Webview2NotInstalled: webView2Messages.NotInstalled,
			Error:                webView2Messages.Error,
			FailedToInstall:      webView2Messages.FailedToInstall,
			DownloadPage:         webView2Messages.DownloadPage,
			PressOKToInstall:     webView2Messages.PressOKToInstall,
			ContactAdmin:         webView2Messages.ContactAdmin,
			InvalidFixedWebview2: webView2Messages.InvalidFixed,
			WebView2ProcessCrash: webView2Messages.ProcessCrash,
		}},
		Linux: &linux.Options{
			Icon:        windowIcon,
			ProgramName: "assessbridge",
			// As Wails does by default: GPU compositing blanks the view on some drivers.
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever,
		},
	})
	if err != nil {
		return fmt.Errorf("desktop window: %w", err)
	}
	return nil
}

// wailsLogger sends Wails' own messages to slog.
type wailsLogger struct{ log *slog.Logger }

func (l wailsLogger) Print(m string)   { l.log.Info(m) }
func (l wailsLogger) Trace(m string)   { l.log.Debug(m) }
func (l wailsLogger) Debug(m string)   { l.log.Debug(m) }
func (l wailsLogger) Info(m string)    { l.log.Info(m) }
func (l wailsLogger) Warning(m string) { l.log.Warn(m) }
func (l wailsLogger) Error(m string)   { l.log.Error(m) }
func (l wailsLogger) Fatal(m string)   { l.log.Error(m) }

// windowIcon is the window's icon: appIcon(256), drawn once and kept beside
// this file, since drawing it took 20–60 ms before the window could open.
// TestWindowIconIsTheDrawing checks that the two match; it writes the file
// again when run with ASSESSBRIDGE_DRAW_ICON=1.
//
//go:embed window_icon.png
var windowIcon []byte

// appIcon draws the app's icon, size×size pixels, as a PNG: a white bridge
// (a deck carried by an arch) on a teal rounded square. It is the
// drawing of build/appicon.png, in the same 1024-unit coordinates.
func appIcon(size int) []byte {
	teal := color.NRGBA{0x0f, 0x76, 0x6e, 0xff}
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	in := func(x, y float64) color.NRGBA {
		if !inRoundedSquare(x, y, 1024, 180) {
			return color.NRGBA{}
		}
		switch {
		case y >= 312 && y <= 372 && x >= 160 && x <= 864: // deck
			return white
		case y >= 372 && y <= 472 && (x >= 312 && x <= 348 || x >= 676 && x <= 712): // posts
			return white
		}
		if r := math.Hypot(x-512, y-712); y <= 712 && r >= 280 && r <= 340 { // arch
			return white
		}
		return teal
	}
	const ss = 4 // samples per pixel side, for smooth edges
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	scale := 1024 / float64(size)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					c := in((float64(px)+(float64(sx)+0.5)/ss)*scale, (float64(py)+(float64(sy)+0.5)/ss)*scale)
					fa := float64(c.A)
					r, g, b, a = r+float64(c.R)*fa, g+float64(c.G)*fa, b+float64(c.B)*fa, a+fa
				}
			}
			if a > 0 {
				img.SetNRGBA(px, py, color.NRGBA{uint8(r / a), uint8(g / a), uint8(b / a), uint8(a / (ss * ss))})
			}
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return buf.Bytes()
}

func inRoundedSquare(x, y, side, radius float64) bool {
	if x < 0 || y < 0 || x > side || y > side {
		return false
	}
	cx := math.Min(math.Max(x, radius), side-radius)
	cy := math.Min(math.Max(y, radius), side-radius)
	return math.Hypot(x-cx, y-cy) <= radius
}
