package app

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/app/demo"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// desktopRig is the desktop window's handler over a real workspace and a
// demo, each in a folder of its own, served as the window serves it.
type desktopRig struct {
	t        *testing.T
	ws       *workspaces
	srv      *httptest.Server
	realDir  string
	demoDir  string
	realConf Config
}

// realConfig is the desktop app's configuration on a fresh data folder that
// reaches nothing beyond this machine: its quick tunnel asks a closed port.
func realConfig(t *testing.T) Config {
	return Config{
		DataDir:            t.TempDir(),
		WebhookListen:      "127.0.0.1:0",
		LeverAPIURL:        "http://127.0.0.1:9/v1",
		QualifiedAPIURL:    "http://127.0.0.1:9/api",
		PollInterval:       time.Hour,
		QuickTunnelService: "http://127.0.0.1:9",
	}
}

func newDesktopRig(t *testing.T, cfg Config, demoCfg DemoConfig) *desktopRig {
	t.Helper()
	t.Setenv("ASSESSBRIDGE_SECRETS", "file")
	r := &desktopRig{t: t, realDir: cfg.DataDir, demoDir: demoCfg.DataDir, realConf: cfg}
	r.ws = newWorkspaces(context.Background(), cfg, demoCfg, testLogger(), testLogger())
	r.srv = httptest.NewServer(r.ws.Handler())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := r.ws.Close(ctx); err != nil {
			t.Errorf("closing the window's workspace: %v", err)
		}
		r.srv.Close()
	})
	return r
}

// call sends a request to the window's handler and decodes its JSON answer.
func (r *desktopRig) call(method, path, body string, v any) int {
	r.t.Helper()
	req, err := http.NewRequest(method, r.srv.URL+path, strings.NewReader(body))
	if err != nil {
		r.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			r.t.Fatalf("%s %s: %d %s: %v", method, path, res.StatusCode, b, err)
		}
	}
	return res.StatusCode
}

func (r *desktopRig) workspace() string {
	r.t.Helper()
	var v adminapi.Workspace
	if code := r.call("GET", workspacePath, "", &v); code != http.StatusOK {
		r.t.Fatalf("GET %s: %d", workspacePath, code)
	}
	return v.Workspace
}

func (r *desktopRig) status() adminapi.Status {
	r.t.Helper()
	var v adminapi.Status
	if code := r.call("GET", "/api/status", "", &v); code != http.StatusOK {
		r.t.Fatalf("GET /api/status: %d", code)
	}
	return v
}

func (r *desktopRig) invitations() int {
	r.t.Helper()
	var v struct {
		Total int `json:"total"`
	}
	if code := r.call("GET", "/api/invitations?limit=5", "", &v); code != http.StatusOK {
		r.t.Fatalf("GET /api/invitations: %d", code)
	}
	return v.Total
}

// switchTo asks the window's handler for a workspace and returns the answer.
func (r *desktopRig) switchTo(name string) (int, string) {
	r.t.Helper()
	var v map[string]string
	code := r.call("PUT", workspacePath, `{"workspace":"`+name+`"}`, &v)
	return code, v["error"]
}

// folderLocked reports whether an assessbridge holds the data folder.
func folderLocked(t *testing.T, dir string) bool {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the data folder's lock is taken with flock, which Windows has not")
	}
	release, err := lockDataDir(dir)
	if errors.Is(err, ErrDataDirInUse) {
		return true
	}
	if err != nil {
		t.Fatal(err)
	}
	release()
	return false
}

// folderSnapshot is every file of a folder with its content's hash.
func folderSnapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out[strings.TrimPrefix(path, dir)] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDesktopWindowSwitchesToTheDemoAndBackToTheRealSetup(t *testing.T) {
	ctx := context.Background()
	cfg := realConfig(t)
	// The recruiter's own data: one setting of theirs.
	db, err := sqlite.Open(ctx, filepath.Join(cfg.DataDir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, sqlite.SettingPerformAs, "the recruiter's own"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// A quick pace: the first simulated candidate enters the trigger stage at once.
	r := newDesktopRig(t, cfg, DemoConfig{DataDir: filepath.Join(t.TempDir(), "assessbridge-demo"), Pace: 20})

	// A launch opens the real workspace.
	if got := r.workspace(); got != WorkspaceReal {
		t.Fatalf("the window opened on %q, want the real workspace", got)
	}
	if st := r.status(); st.Demo || st.DataDir != r.realDir {
		t.Fatalf("real workspace: demo=%v, data folder %s, want %s", st.Demo, st.DataDir, r.realDir)
	}
	if !folderLocked(t, r.realDir) {
		t.Fatal("the real workspace does not hold its data folder")
	}
	// The page keeps its live-updates stream open: the switch must end it, not wait for it.
	events, err := http.Get(r.srv.URL + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	streamEnded := make(chan struct{})
	go func() {
		io.Copy(io.Discard, bufio.NewReader(events.Body))
		close(streamEnded)
	}()

	began := time.Now()
	if code, msg := r.switchTo(WorkspaceDemo); code != http.StatusOK {
		t.Fatalf("switch to the demo: %d %s", code, msg)
	}
	t.Logf("switched to the demo in %v", time.Since(began).Round(time.Millisecond))
	select {
	case <-streamEnded:
	case <-time.After(5 * time.Second):
		t.Error("the real workspace's live-updates stream was still open after the switch")
	}
	if got := r.workspace(); got != WorkspaceDemo {
		t.Fatalf("after the switch the window shows %q, want the demo", got)
	}
	st := r.status()
	if !st.Demo || st.DataDir != r.demoDir || filepath.Clean(st.DataDir) == filepath.Clean(r.realDir) {
		t.Fatalf("demo workspace: demo=%v, data folder %s, want the demo's own %s (the real one is %s)", st.Demo, st.DataDir, r.demoDir, r.realDir)
	}
	if !st.Lever.Connected || !st.Qualified.Connected {
		t.Errorf("the demo's simulated accounts are not connected: %+v %+v", st.Lever, st.Qualified)
	}
	if _, err := os.Lstat(filepath.Join(r.demoDir, demo.MarkerFile)); err != nil {
		t.Errorf("the demo's folder is not marked as the demo's: %v", err)
	}
	if folderLocked(t, r.realDir) {
		t.Error("the real data folder is still locked while the demo runs")
	}
	if !folderLocked(t, r.demoDir) {
		t.Error("the demo does not hold its own data folder")
	}
	before := folderSnapshot(t, r.realDir)

	// The simulated candidates arrive.
	deadline := time.Now().Add(45 * time.Second)
	n := 0
	for n = r.invitations(); n == 0 && time.Now().Before(deadline); n = r.invitations() {
		time.Sleep(200 * time.Millisecond)
	}
	if n == 0 {
		t.Fatal("no simulated candidate was invited in the demo within 45s")
	}
	t.Logf("%d simulated invitations in the demo", n)
	if after := folderSnapshot(t, r.realDir); !reflect.DeepEqual(before, after) {
		t.Errorf("the demo changed the real data folder:\nbefore %v\nafter  %v", before, after)
	}

	if code, msg := r.switchTo(WorkspaceReal); code != http.StatusOK {
		t.Fatalf("back to the real setup: %d %s", code, msg)
	}
	if got := r.workspace(); got != WorkspaceReal {
		t.Fatalf("after going back the window shows %q, want the real workspace", got)
	}
	if st := r.status(); st.Demo || st.DataDir != r.realDir || st.Lever.Connected || st.Qualified.Connected {
		t.Errorf("real workspace again: demo=%v, folder %s, lever %v, qualified %v; want it as it was",
			st.Demo, st.DataDir, st.Lever.Connected, st.Qualified.Connected)
	}
	if n := r.invitations(); n != 0 {
		t.Errorf("the real workspace shows %d invitations after the demo, want none", n)
	}
	r.ws.mu.Lock()
	a := r.ws.cur.app
	r.ws.mu.Unlock()
	if v, err := a.DB().Setting(ctx, sqlite.SettingPerformAs); err != nil || v != "the recruiter's own" {
		t.Errorf("the recruiter's setting after the demo: %q, %v", v, err)
	}
	if !folderLocked(t, r.realDir) {
		t.Error("the real workspace did not take its data folder again")
	}
	if folderLocked(t, r.demoDir) {
		t.Error("the demo still holds its folder after going back")
	}
}

func TestDesktopWindowDoesNotOfferTheDemoWhileTheRealIntegrationIsLive(t *testing.T) {
	lev := levertest.New(levertest.Options{})
	t.Cleanup(lev.Close)
	lev.AddStage("assessment-stage", "Coding assessment")
	cfg := realConfig(t)
	cfg.LeverAPIURL, cfg.LeverAPIKey = lev.URL, "lever-test-key"
	cfg.TriggerStages = []string{"assessment-stage"}
	demoDir := filepath.Join(t.TempDir(), "assessbridge-demo")
	r := newDesktopRig(t, cfg, DemoConfig{DataDir: demoDir, Pace: 20})

	code, msg := r.switchTo(WorkspaceDemo)
	if code != http.StatusConflict || !strings.Contains(msg, "real candidates would not be invited") {
		t.Errorf("switch to the demo with Lever connected and a trigger stage: %d %q, want 409 saying why", code, msg)
	}
	if got := r.workspace(); got != WorkspaceReal {
		t.Errorf("the window shows %q, want the real workspace still", got)
	}
	if st := r.status(); !st.Lever.Connected || len(st.TriggerStages) != 1 {
		t.Errorf("the real integration after the refusal: lever %v, %d trigger stages", st.Lever.Connected, len(st.TriggerStages))
	}
	if !folderLocked(t, r.realDir) {
		t.Error("the real workspace let go of its data folder")
	}
	if _, err := os.Stat(demoDir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the demo's folder was made although the demo was refused: %v", err)
	}
}

func TestDesktopWindowStaysOnTheRealSetupWhenTheDemoCannotStart(t *testing.T) {
	// A folder of the recruiter's that the demo did not make: it must refuse it untouched.
	demoDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(demoDir, "notes.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := newDesktopRig(t, realConfig(t), DemoConfig{DataDir: demoDir, Pace: 20})
	code, msg := r.switchTo(WorkspaceDemo)
	if code != http.StatusInternalServerError || !strings.Contains(msg, "The demo could not start") || !strings.Contains(msg, "Your real setup is still open") {
		t.Errorf("switch to a demo that cannot start: %d %q", code, msg)
	}
	if got := r.workspace(); got != WorkspaceReal {
		t.Errorf("the window shows %q, want the real workspace", got)
	}
	if st := r.status(); st.Demo || st.DataDir != r.realDir {
		t.Errorf("after the failed switch: demo=%v, folder %s", st.Demo, st.DataDir)
	}
	if !folderLocked(t, r.realDir) {
		t.Error("the real workspace let go of its data folder")
	}
	if b, err := os.ReadFile(filepath.Join(demoDir, "notes.txt")); err != nil || string(b) != "mine" {
		t.Errorf("the folder the demo refused was changed: %q %v", b, err)
	}
}

func TestDesktopWorkspaceRefusesAnUnknownWorkspace(t *testing.T) {
	r := newDesktopRig(t, realConfig(t), DemoConfig{DataDir: filepath.Join(t.TempDir(), "demo"), Pace: 20})
	for _, body := range []string{`{"workspace":"other"}`, `{"workspace":"demo","extra":1}`, `not json`} {
		var v map[string]string
		if code := r.call("PUT", workspacePath, body, &v); code != http.StatusBadRequest || v["error"] == "" {
			t.Errorf("PUT %s: %d %v, want 400 with a reason", body, code, v)
		}
	}
	if got := r.workspace(); got != WorkspaceReal {
		t.Errorf("the window shows %q, want the real workspace", got)
	}
}

func TestDesktopDemoFolderIsNeverTheRealOne(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if got := desktopDemoDir(env(nil)); got != demo.DefaultDir() {
		t.Errorf("default demo folder %q, want %q", got, demo.DefaultDir())
	}
	real := filepath.Join(t.TempDir(), "data")
	if got := desktopDemoDir(env(map[string]string{"ASSESSBRIDGE_DATA_DIR": real + "/"})); got != real+"-demo" {
		t.Errorf("demo folder beside %s: %q, want %q", real, got, real+"-demo")
	}
}

func TestDesktopWindowKeepsTheDemoOpenWhileTheRealSetupCannotBeReopened(t *testing.T) {
	r := newDesktopRig(t, realConfig(t), DemoConfig{DataDir: filepath.Join(t.TempDir(), "assessbridge-demo"), Pace: 0.001})
	if code, msg := r.switchTo(WorkspaceDemo); code != http.StatusOK {
		t.Fatalf("switch to the demo: %d %s", code, msg)
	}
	// Another assessbridge (serve, say) takes the real data folder meanwhile.
	release, err := lockDataDir(r.realDir)
	if err != nil {
		t.Fatal(err)
	}
	code, msg := r.switchTo(WorkspaceReal)
	if code != http.StatusConflict || !strings.Contains(msg, "another assessbridge on this computer is using its data folder") ||
		!strings.Contains(msg, r.realDir) || !strings.Contains(msg, "The demo is still open") {
		t.Errorf("back to the real setup while its folder is taken: %d %q", code, msg)
	}
	if got := r.workspace(); got != WorkspaceDemo {
		t.Errorf("the window shows %q, want the demo still", got)
	}
	if st := r.status(); !st.Demo {
		t.Error("the demo no longer answers")
	}
	release()
	if code, msg := r.switchTo(WorkspaceReal); code != http.StatusOK {
		t.Fatalf("back to the real setup once its folder is free: %d %s", code, msg)
	}
	if st := r.status(); st.Demo || st.DataDir != r.realDir {
		t.Errorf("real workspace again: demo=%v, folder %s", st.Demo, st.DataDir)
	}
}
