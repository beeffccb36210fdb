package app

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend/secrets"
)

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var diagnosticsName = regexp.MustCompile(`^attachment; filename="(assessbridge-diagnostics-\d{8}-\d{4}\.txt)"$`)

func TestDiagnosticsFileSaysWhatHappenedAndHidesEverySecret(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	const oauthSecret = "oauth-client-s3cret-diag-42ab"
	setUpEverything(t, h, oauthSecret)
	known := knownSecrets(t, h, oauthSecret)
	// A secret planted in the log, as a careless line would hold it: as it
	// is and inside a URL. The file must hide it, and keep the rest.
	pathSecret := known[secrets.QualifiedPathSecret]
	logPath := LogFilePath(h.cfg.DataDir)
	if err := os.MkdirAll(filepath.Dir(logPath), 0o700); err != nil {
		t.Fatal(err)
	}
	planted := "time=2026-01-01T00:00:00Z level=ERROR msg=\"careless line\" key=" + h.cfg.LeverAPIKey +
		" url=https://hooks.example.com/webhooks/qualified/" + url.PathEscape(pathSecret) + " token=" + known[secrets.LeverSignatureToken] + "\n"
	if err := os.WriteFile(logPath+".1", []byte("an older line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(logPath, []byte(planted+"time=2026-01-01T00:00:01Z level=INFO msg=\"the newest line\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	before := time.Now()
	res := h.api("GET", "/api/diagnostics", nil)
	body := readAll(t, res)
	if res.StatusCode != 200 {
		t.Fatalf("GET /api/diagnostics: %d %s", res.StatusCode, body)
	}
	m := diagnosticsName.FindStringSubmatch(res.Header.Get("Content-Disposition"))
	if m == nil {
		t.Fatalf("Content-Disposition %q", res.Header.Get("Content-Disposition"))
	}
	if m[1] != diagnosticsFileName(before) && m[1] != diagnosticsFileName(time.Now()) {
		t.Errorf("file name %s, want one of the time of asking", m[1])
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if found := leaks(body, known); len(found) > 0 {
		t.Errorf("the diagnostics file shows %v:\n%s", found, body)
	}
	build := BuildVersion()
	for _, want := range []string{
		build.String(), "Data folder:", h.cfg.DataDir, "Keys kept in:", "a file readable only by you",
		"Lever:", "connected (production, API key)", "Qualified:", "Public address:", h.cfg.PublicURL,
		"registered at " + h.cfg.PublicURL + "/webhooks/lever", "Trigger stage:", "Coding assessment (" + stageAssessment + ")",
		"Perform actions as:", recruiterID, "Lever login client id:", "client-1",
		// The counts: one invitation, submitted; the activity of the day,
		// refusals included; the log, the older file's line first.
		"All assessments", "submitted 1", "Backend Challenge", "opp-sec", "rejected",
		"an older line", "careless line", "url=https://hooks.example.com/webhooks/qualified/" + hiddenSecret, "the newest line",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the diagnostics file lacks %q:\n%s", want, body)
		}
	}
	if !regexp.MustCompile(`(?m)^Lever login secret kept:\s+yes$`).MatchString(body) {
		t.Errorf("the diagnostics file does not say the Lever login's secret is kept:\n%s", body)
	}
	if strings.Index(body, "an older line") > strings.Index(body, "the newest line") {
		t.Error("the log lines are out of order")
	}
	if n := strings.Count(body, hiddenSecret); n < 3 {
		t.Errorf("%d values hidden, want the 3 planted:\n%s", n, body)
	}
	// About answers no secret either.
	about := readAll(t, h.api("GET", "/api/about", nil))
	if found := leaks(about, known); len(found) > 0 {
		t.Errorf("GET /api/about shows %v: %s", found, about)
	}
}

func TestDiagnosticsActivityGoesBackOneDay(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	h.candidate("opp-day", "Dana Daily", []string{"Backend Challenge"})
	h.move("opp-day", stageAssessment)
	h.waitIdle()
	// Lines older than a day are left out.
	if _, err := h.app.DB().Writer().Exec(`UPDATE activity SET at = ? WHERE opportunity_id = 'opp-day' AND id = (SELECT min(id) FROM activity WHERE opportunity_id = 'opp-day')`,
		time.Now().Add(-25*time.Hour).UnixMilli()); err != nil {
		t.Fatal(err)
	}
	text := h.app.diagnostics(t.Context(), time.Now())
	section := text[strings.Index(text, "Activity of the last 24 hours"):strings.Index(text, "Log, last")]
	var total int
	h.app.DB().Writer().QueryRow(`SELECT count(*) FROM activity WHERE opportunity_id = 'opp-day'`).Scan(&total)
	if got := strings.Count(section, "opp-day"); total < 2 || got != total-1 {
		t.Errorf("the activity section shows %d of opp-day's %d lines, want all but the one of yesterday:\n%s", got, total, section)
	}
	if !strings.Contains(text, "There is no log file yet.") {
		t.Errorf("a folder without a log file: %s", text[strings.Index(text, "Log, last"):])
	}
}

func TestAboutSaysVersionDataFolderKeysAndWhereItRuns(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	var about adminapi.About
	res := h.api("GET", "/api/about", nil)
	if err := json.NewDecoder(res.Body).Decode(&about); err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /api/about: %d %v", res.StatusCode, err)
	}
	b := BuildVersion()
	want := adminapi.About{Version: b.Version, Commit: b.Commit, Modified: b.Modified, OS: b.OS, Arch: b.Arch, Go: b.Go,
		DataDir: h.cfg.DataDir, Keys: "file", LogFile: LogFilePath(h.cfg.DataDir)}
	if about != want {
		t.Errorf("about = %+v, want %+v", about, want)
	}
	h.app.window = true
	json.NewDecoder(h.api("GET", "/api/about", nil).Body).Decode(&about)
	if !about.Desktop {
		t.Error("about does not say it is the desktop window")
	}
}

func TestDiagnosticsAreSavedIntoDownloadsInTheDesktopWindowOnly(t *testing.T) {
	h := newHarness(t, harnessOptions{})
	downloads := t.TempDir()
	old := downloadsFolderOf
	downloadsFolderOf = func() (string, error) { return downloads, nil }
	t.Cleanup(func() { downloadsFolderOf = old })

	// In a browser (serve, the demo) the file is a download, not written here.
	res := h.api("POST", "/api/diagnostics/save", nil)
	if body := readAll(t, res); res.StatusCode != http.StatusConflict || !strings.Contains(body, "download it") {
		t.Errorf("save outside the window: %d %s", res.StatusCode, body)
	}
	if entries, _ := os.ReadDir(downloads); len(entries) != 0 {
		t.Fatalf("saved outside the window: %v", entries)
	}

	h.app.window = true
	var paths []string
	for range 2 {
		var saved struct{ Path string }
		res := h.api("POST", "/api/diagnostics/save", nil)
		if err := json.NewDecoder(res.Body).Decode(&saved); err != nil || res.StatusCode != 200 {
			t.Fatalf("save: %d %v", res.StatusCode, err)
		}
		paths = append(paths, saved.Path)
	}
	for _, p := range paths {
		if filepath.Dir(p) != downloads || !strings.HasPrefix(filepath.Base(p), "assessbridge-diagnostics-") || !strings.HasSuffix(p, ".txt") {
			t.Errorf("saved as %s", p)
		}
		wantMode(t, p, 0o600)
		b, err := os.ReadFile(p)
		if err != nil || !strings.Contains(string(b), BuildVersion().String()) {
			t.Errorf("%s: %v %.200s", p, err, b)
		}
	}
	if paths[0] == paths[1] {
		t.Errorf("the second save wrote over the first: %s", paths[0])
	}
}

func TestSavedDiagnosticsNeverOverwriteAFile(t *testing.T) {
	dir := t.TempDir()
	name := "assessbridge-diagnostics-20260102-0304.txt"
	if err := os.WriteFile(filepath.Join(dir, name), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, text := range []string{"second", "third"} {
		p, err := saveDiagnosticsFile(dir, name, text)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, filepath.Base(p))
	}
	if want := []string{"assessbridge-diagnostics-20260102-0304-2.txt", "assessbridge-diagnostics-20260102-0304-3.txt"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("saved as %v, want %v", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, name)); string(b) != "mine" {
		t.Errorf("the file that was there now holds %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, got[1])); string(b) != "third" {
		t.Errorf("%s holds %q", got[1], b)
	}
}

func TestDiagnosticsFileName(t *testing.T) {
	at := time.Date(2026, 3, 9, 7, 5, 59, 0, time.Local)
	if got := diagnosticsFileName(at); got != "assessbridge-diagnostics-20260309-0705.txt" {
		t.Errorf("diagnosticsFileName = %s", got)
	}
}

func TestDownloadsFolderIsTheUsersOwnOrHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if runtime.GOOS == "plan9" {
		t.Skip()
	}
	// No Downloads folder: the home folder.
	if got, err := downloadsFolder(getenv, "linux"); err != nil || got != home {
		t.Errorf("without Downloads: %s %v, want %s", got, err, home)
	}
	if err := os.Mkdir(filepath.Join(home, "Downloads"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		if got, _ := downloadsFolder(getenv, goos); got != filepath.Join(home, "Downloads") {
			t.Errorf("%s: %s, want ~/Downloads", goos, got)
		}
	}
	// Linux desktops name it in the user's language, in user-dirs.dirs.
	local := filepath.Join(home, "Téléchargements")
	os.Mkdir(local, 0o700)
	os.MkdirAll(filepath.Join(home, ".config"), 0o700)
	os.WriteFile(filepath.Join(home, ".config", "user-dirs.dirs"), []byte("# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR=\"$HOME/Bureau\"\nXDG_DOWNLOAD_DIR=\"$HOME/Téléchargements\"\n"), 0o600)
	if got, _ := downloadsFolder(getenv, "linux"); got != local {
		t.Errorf("with user-dirs.dirs: %s, want %s", got, local)
	}
	// One that names a folder that is not there is passed over.
	os.Remove(local)
	if got, _ := downloadsFolder(getenv, "linux"); got != filepath.Join(home, "Downloads") {
		t.Errorf("user-dirs.dirs naming a missing folder: %s", got)
	}
}

func TestFolderOpenerTakesThePathAsOneArgument(t *testing.T) {
	path := `/home/riley/my data; rm -rf ~ $(touch x) "q"`
	for goos, want := range map[string]string{"linux": "xdg-open", "freebsd": "xdg-open", "darwin": "open", "windows": "explorer"} {
		name, args := folderOpener(goos, path)
		if name != want || len(args) != 1 || args[0] != path {
			t.Errorf("%s: %s %q", goos, name, args)
		}
	}
}

func TestOpenDataFolderStartsTheFileManagerInTheDesktopWindowOnly(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the fake file manager is a shell script named xdg-open")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	// A file manager that writes down what it was given, one argument a line.
	bin, record := t.TempDir(), filepath.Join(t.TempDir(), "args")
	script := "#!" + sh + "\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + record + "'\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	h := newHarness(t, harnessOptions{})
	// A data folder whose name a shell would take apart.
	h.stop()
	h.cfg.DataDir = filepath.Join(t.TempDir(), `my data; touch pwned $(id) "x"`)
	h.start()

	res := h.api("POST", "/api/data-folder/open", nil)
	if body := readAll(t, res); res.StatusCode != http.StatusConflict || !strings.Contains(body, "Where data is kept") {
		t.Errorf("open in a browser: %d %s", res.StatusCode, body)
	}
	time.Sleep(200 * time.Millisecond)
	if _, err := os.Stat(record); !os.IsNotExist(err) {
		t.Fatal("the file manager was started for a browser")
	}

	h.app.window = true
	res = h.api("POST", "/api/data-folder/open", nil)
	if body := readAll(t, res); res.StatusCode != 200 {
		t.Fatalf("open in the window: %d %s", res.StatusCode, body)
	}
	h.eventually(5*time.Second, func() bool { _, err := os.Stat(record); return err == nil }, func() string { return "xdg-open never ran" })
	time.Sleep(100 * time.Millisecond)
	b, _ := os.ReadFile(record)
	if got := string(b); got != h.cfg.DataDir+"\n" {
		t.Errorf("xdg-open was given %q, want the data folder as its one argument", got)
	}

	// No file manager at all: the recruiter is told, with the path.
	t.Setenv("PATH", t.TempDir())
	res = h.api("POST", "/api/data-folder/open", nil)
	if body := readAll(t, res); res.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "could not be opened") {
		t.Errorf("without a file manager: %d %s", res.StatusCode, body)
	}
}
