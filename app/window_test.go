package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

func TestOpenWindowWithoutDesktop(t *testing.T) {
	if desktop != nil {
		t.Skip("desktop build")
	}
	t.Setenv("DISPLAY", ":0")
	if CanOpenWindow() {
		t.Error("CanOpenWindow() = true in a build without the desktop window")
	}
	err := OpenWindow(context.Background(), "assessbridge", http.NotFoundHandler())
	if !errors.Is(err, ErrNoDesktop) {
		t.Errorf("OpenWindow() = %v, want ErrNoDesktop", err)
	}
}

func TestHasDisplay(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("always has a display")
	}
	for _, tc := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"DISPLAY": ":99"}, true},
		{map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, true},
	} {
		getenv := func(k string) string { return tc.env[k] }
		if got := hasDisplay(getenv); got != tc.want {
			t.Errorf("hasDisplay(%v) = %v, want %v", tc.env, got, tc.want)
		}
	}
}

func TestOpenWindowWithoutDisplay(t *testing.T) {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skip("always has a display")
	}
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	if CanOpenWindow() {
		t.Error("CanOpenWindow() = true without a display")
	}
	if err := OpenWindow(context.Background(), "assessbridge", http.NotFoundHandler()); !errors.Is(err, ErrNoDesktop) {
		t.Errorf("OpenWindow() = %v, want ErrNoDesktop", err)
	}
}

func TestOpenBrowserRejectsNonWebURLs(t *testing.T) {
	t.Setenv("PATH", t.TempDir()) // nothing to run, should a URL get through
	for _, u := range []string{"", "file:///etc/passwd", "javascript:alert(1)", "https://", "ftp://example.com/x", "%zz"} {
		if err := OpenBrowser(context.Background(), u); err == nil {
			t.Errorf("OpenBrowser(%q) = nil, want an error", u)
		}
	}
}

func TestOpenBrowserReportsAMissingOpener(t *testing.T) {
	if desktop != nil {
		t.Skip("desktop build")
	}
	t.Setenv("PATH", t.TempDir())
	err := OpenBrowser(context.Background(), "https://example.com/oauth")
	if err == nil || !strings.Contains(err.Error(), "open browser") {
		t.Errorf("OpenBrowser() = %v, want an error naming the opener", err)
	}
}

func TestBrowserCommand(t *testing.T) {
	for goos, want := range map[string]string{"linux": "xdg-open", "freebsd": "xdg-open", "darwin": "open", "windows": "rundll32"} {
		name, args := browserCommand(goos, "https://example.com")
		if name != want || args[len(args)-1] != "https://example.com" {
			t.Errorf("browserCommand(%q) = %s %v", goos, name, args)
		}
	}
}

func TestLaunchedHidden(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{}, false},
		{[]string{"--hidden"}, true},
		{[]string{"demo"}, false},
		{[]string{"-hidden"}, false},
	} {
		if got := launchedHidden(tc.args); got != tc.want {
			t.Errorf("launchedHidden(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

func TestCloseExplanationSpeaksEachSystem(t *testing.T) {
	for _, tc := range []struct{ goos, reopen, quit string }{
		{"linux", "applications menu", "Ctrl+Q"},
		{"windows", "Start menu", "Ctrl+Q"},
	} {
		title, msg := closeExplanation(tc.goos)
		if title == "" {
			t.Errorf("%s: no title", tc.goos)
		}
		for _, want := range []string{"still running", "invited", tc.reopen, "Quit assessbridge", tc.quit, "Settings", "catches up"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: the explanation does not say %q:\n%s", tc.goos, want, msg)
			}
		}
		// A recruiter's words, not an engineer's.
		for _, jargon := range []string{"process", "engine", "daemon", "webhook", "background service"} {
			if strings.Contains(strings.ToLower(msg), jargon) {
				t.Errorf("%s: the explanation says %q:\n%s", tc.goos, jargon, msg)
			}
		}
	}
}

func TestStartWithWindowStartsTheBackendBeforeThePageAsks(t *testing.T) {
	called := make(chan struct{})
	release := make(chan struct{})
	h, wait := startWithWindow(func() (http.Handler, error) {
		close(called)
		<-release
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "dashboard") }), nil
	})
	<-called // started with no request made
	answered := make(chan string)
	go func() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		answered <- rec.Body.String()
	}()
	close(release)
	if got := <-answered; got != "dashboard" {
		t.Errorf("the page's request was answered %q, want the started backend's answer", got)
	}
	wait() // returns once started
}

func TestStartWithWindowTellsThePageWhyItCouldNotStart(t *testing.T) {
	h, wait := startWithWindow(func() (http.Handler, error) {
		return nil, fmt.Errorf("%w: another assessbridge uses it", ErrDataDirInUse)
	})
	wait()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "another assessbridge uses it") {
		t.Errorf("answer %d %q, want 503 saying why", rec.Code, rec.Body.String())
	}
}
