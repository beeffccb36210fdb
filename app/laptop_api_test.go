package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeWindow stands in for the desktop window: it records what it is asked.
type fakeWindow struct {
	mu       sync.Mutex
	quits    int
	attached windowNotes
}

func (f *fakeWindow) open(context.Context, string, http.Handler) error { return nil }
func (f *fakeWindow) openURL(string) bool                              { return false }

func (f *fakeWindow) quit() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.quits++
	return true
}

func (f *fakeWindow) attach(n windowNotes) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.attached = n
}

func (f *fakeWindow) state() (int, windowNotes) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.quits, f.attached
}

// withFakeWindow puts a fake window in place of the desktop's, for the test.
func withFakeWindow(t *testing.T) *fakeWindow {
	fw := &fakeWindow{}
	saved := desktop
	desktop = fw
	t.Cleanup(func() { desktop = saved })
	return fw
}

// inWindow serves h's app as the desktop window does: its WindowHandler,
// with a fake window.
func inWindow(t *testing.T, h *harness) (string, *fakeWindow) {
	fw := withFakeWindow(t)
	h.app.window = true
	srv := httptest.NewServer(h.app.WindowHandler())
	t.Cleanup(srv.Close)
	return srv.URL, fw
}

// call sends one API request and decodes its JSON answer.
func call(t *testing.T, base, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var v map[string]any
	data, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s %s: %d %s: not JSON: %v", method, path, res.StatusCode, data, err)
	}
	return res.StatusCode, v
}

// loginState is GET /api/app's startAtLogin.
func loginState(t *testing.T, base string) (desktop bool, s map[string]any) {
	t.Helper()
	code, v := call(t, base, "GET", "/api/app", nil)
	if code != http.StatusOK {
		t.Fatalf("GET /api/app: %d %v", code, v)
	}
	s, _ = v["startAtLogin"].(map[string]any)
	return v["desktop"] == true, s
}

// inTempConfig gives the test a config folder of its own and a program
// path with a space in it; it returns the autostart entry's path.
func inTempConfig(t *testing.T) string {
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	t.Setenv("HOME", t.TempDir())
	saved := executable
	executable = func() (string, error) { return "/opt/assess bridge/assessbridge", nil }
	t.Cleanup(func() { executable = saved })
	return filepath.Join(config, "autostart", "assessbridge.desktop")
}

func TestServeOffersNeitherStartAtLoginNorQuit(t *testing.T) {
	entry := inTempConfig(t)
	fw := withFakeWindow(t)
	h := newHarness(t, harnessOptions{})
	base := "http://" + h.app.AdminAddr()

	isDesktop, s := loginState(t, base)
	if isDesktop || s["available"] != false || s["enabled"] != false {
		t.Errorf("GET /api/app in serve: desktop=%v startAtLogin=%v", isDesktop, s)
	}
	if reason, _ := s["reason"].(string); !strings.Contains(reason, "service manager") {
		t.Errorf("reason = %q, want it to say serve is started by the service manager", reason)
	}
	code, v := call(t, base, "PUT", "/api/app/start-at-login", map[string]bool{"enabled": true})
	if msg, _ := v["error"].(string); code != http.StatusConflict || !strings.Contains(msg, "service manager") {
		t.Errorf("PUT start-at-login in serve: %d %v, want 409 saying why", code, v)
	}
	if _, err := os.Stat(filepath.Dir(entry)); !os.IsNotExist(err) {
		t.Errorf("serve wrote a login entry (%v)", err)
	}
	code, v = call(t, base, "POST", "/api/app/quit", nil)
	if msg, _ := v["error"].(string); code != http.StatusConflict || !strings.Contains(msg, "desktop app") {
		t.Errorf("POST quit in serve: %d %v, want 409 saying only the desktop app quits so", code, v)
	}
	time.Sleep(300 * time.Millisecond)
	if quits, _ := fw.state(); quits != 0 {
		t.Errorf("serve asked the window to quit %d times", quits)
	}
	if res := h.api("GET", "/api/status", nil); res.StatusCode != http.StatusOK {
		t.Errorf("serve no longer answers after a refused quit: %d", res.StatusCode)
	}
}

func TestDesktopStartAtLoginThroughTheAPI(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the Linux entry, in a temporary XDG_CONFIG_HOME")
	}
	entry := inTempConfig(t)
	h := newHarness(t, harnessOptions{})
	base, _ := inWindow(t, h)

	isDesktop, s := loginState(t, base)
	if !isDesktop || s["available"] != true || s["enabled"] != false {
		t.Fatalf("GET /api/app in the window: desktop=%v startAtLogin=%v, want available and off", isDesktop, s)
	}
	code, v := call(t, base, "PUT", "/api/app/start-at-login", map[string]bool{"enabled": true})
	if code != http.StatusOK || v["enabled"] != true {
		t.Fatalf("PUT enabled=true: %d %v", code, v)
	}
	data, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\nExec=\"/opt/assess bridge/assessbridge\" --hidden\n") {
		t.Errorf("the entry does not start this program hidden:\n%s", data)
	}
	if _, s := loginState(t, base); s["enabled"] != true {
		t.Errorf("after turning it on: %v", s)
	}
	// The state is the entry's: removed by hand, it reads off.
	if err := os.Remove(entry); err != nil {
		t.Fatal(err)
	}
	if _, s := loginState(t, base); s["enabled"] != false {
		t.Errorf("with the entry removed by hand: %v, want off", s)
	}
	if code, v := call(t, base, "PUT", "/api/app/start-at-login", map[string]bool{"enabled": true}); code != http.StatusOK || v["enabled"] != true {
		t.Fatalf("PUT enabled=true again: %d %v", code, v)
	}
	if code, v := call(t, base, "PUT", "/api/app/start-at-login", map[string]bool{"enabled": false}); code != http.StatusOK || v["enabled"] != false {
		t.Fatalf("PUT enabled=false: %d %v", code, v)
	}
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Errorf("after turning it off the entry is still there (%v)", err)
	}
}

func TestStartAtLoginRefusesABadRequest(t *testing.T) {
	entry := inTempConfig(t)
	h := newHarness(t, harnessOptions{})
	base, _ := inWindow(t, h)
	for _, body := range []any{map[string]any{}, map[string]any{"enabled": "yes"}, map[string]any{"enabled": true, "also": 1}, []int{1}} {
		code, v := call(t, base, "PUT", "/api/app/start-at-login", body)
		if msg, _ := v["error"].(string); code != http.StatusBadRequest || msg == "" {
			t.Errorf("PUT %v: %d %v, want 400 with a reason", body, code, v)
		}
	}
	if _, err := os.Stat(filepath.Dir(entry)); !os.IsNotExist(err) {
		t.Errorf("a refused request wrote a login entry (%v)", err)
	}
}

func TestStartAtLoginSaysWhenItCannotReadTheEntry(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the Linux entry")
	}
	entry := inTempConfig(t)
	// A folder where the entry should be: it cannot be read as a file.
	if err := os.MkdirAll(entry, 0o755); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, harnessOptions{})
	base, _ := inWindow(t, h)
	_, s := loginState(t, base)
	if msg, _ := s["error"].(string); s["available"] != true || s["enabled"] != false || !strings.Contains(msg, "could not tell") {
		t.Errorf("startAtLogin = %v, want available, off, and an error saying so", s)
	}
}

func TestStartAtLoginWithoutAHomeFolderSaysWhy(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("the entry lives in the home folder on Linux and macOS")
	}
	inTempConfig(t)
	h := newHarness(t, harnessOptions{})
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "")
	base, _ := inWindow(t, h)
	_, s := loginState(t, base)
	if reason, _ := s["reason"].(string); s["available"] != false || !strings.Contains(reason, "home folder") {
		t.Errorf("startAtLogin = %v, want not available for want of a home folder", s)
	}
}

func TestDemoDoesNotStartAtLogin(t *testing.T) {
	entry := inTempConfig(t)
	h := newHarness(t, harnessOptions{})
	h.app.cfg.Demo = true
	base, _ := inWindow(t, h)
	isDesktop, s := loginState(t, base)
	if reason, _ := s["reason"].(string); !isDesktop || s["available"] != false || !strings.Contains(reason, "demo") {
		t.Errorf("in the demo's window: desktop=%v startAtLogin=%v, want not available, saying why", isDesktop, s)
	}
	if code, _ := call(t, base, "PUT", "/api/app/start-at-login", map[string]bool{"enabled": true}); code != http.StatusConflict {
		t.Errorf("PUT in the demo: %d, want 409", code)
	}
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Errorf("the demo wrote a login entry (%v)", err)
	}
}

func TestDesktopQuitAsksTheWindowToQuit(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	base, fw := inWindow(t, h)
	code, v := call(t, base, "POST", "/api/app/quit", nil)
	if code != http.StatusAccepted || v["quitting"] != true {
		t.Fatalf("POST /api/app/quit: %d %v", code, v)
	}
	h.eventually(5*time.Second, func() bool { q, _ := fw.state(); return q == 1 }, func() string {
		q, _ := fw.state()
		return fmt.Sprintf("the window was asked to quit %d times", q)
	})
}

func TestWindowRemembersClosingWasExplained(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	_, fw := inWindow(t, h)
	if _, n := fw.state(); n != windowNotes(h.app) {
		t.Fatalf("the window was not given the app it shows (got %v)", n)
	}
	if h.app.closeExplained() {
		t.Fatal("a new data folder says closing was explained")
	}
	if err := h.app.setCloseExplained(); err != nil {
		t.Fatal(err)
	}
	if !h.app.closeExplained() {
		t.Error("closing explained, but not remembered")
	}
	h.stop()
	h.app = nil
	h.start()
	if !h.app.closeExplained() {
		t.Error("after a restart the window forgot it explained closing")
	}
}
