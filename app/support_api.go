package app

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// supportRoutes are what a recruiter sends to whoever helps them: About,
// the data folder, a diagnostics file.
func (a *App) supportRoutes(mux *http.ServeMux) {
	// An App serving its UI is running: its log hides its secrets from now on.
	a.hideSecretsInLog()
	mux.HandleFunc("GET /api/about", a.getAbout)
	mux.HandleFunc("GET /api/diagnostics", a.downloadDiagnostics)
	mux.HandleFunc("POST /api/diagnostics/save", a.saveDiagnostics)
	mux.HandleFunc("POST /api/data-folder/open", a.openDataFolder)
}

type aboutView struct {
	Build
	DataDir string `json:"dataDir"`
	// Keys is where keys are kept: "keychain" or "file".
	Keys    string `json:"keys"`
	LogFile string `json:"logFile"`
	// Desktop is true in the desktop window, where a download is saved by
	// the app and the data folder can be opened.
	Desktop bool `json:"desktop"`
}

func (a *App) getAbout(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, aboutView{Build: BuildVersion(), DataDir: a.cfg.DataDir, Keys: a.keysBackend(),
		LogFile: LogFilePath(a.cfg.DataDir), Desktop: a.window})
}

// downloadDiagnostics answers the diagnostics file as a download.
func (a *App) downloadDiagnostics(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	text := a.diagnostics(r.Context(), now)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+diagnosticsFileName(now)+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(text))
}

// downloadsFolderOf is where saved diagnostics go; tests point it elsewhere.
var downloadsFolderOf = func() (string, error) { return downloadsFolder(os.Getenv, runtime.GOOS) }

// saveDiagnostics writes the diagnostics file into the Downloads folder, for
// the desktop window, whose web view does not download.
func (a *App) saveDiagnostics(w http.ResponseWriter, r *http.Request) {
	if !a.window {
		writeError(w, backend.Errorf(backend.ECONFLICT, "Saving the diagnostics file is for the desktop app; in a browser, download it instead."))
		return
	}
	dir, err := downloadsFolderOf()
	if err != nil {
		writeError(w, backend.Errorf(backend.EINTERNAL, "The diagnostics file could not be saved: %v", err))
		return
	}
	now := time.Now()
	path, err := saveDiagnosticsFile(dir, diagnosticsFileName(now), a.diagnostics(r.Context(), now))
	if err != nil {
		writeError(w, backend.Errorf(backend.EINTERNAL, "The diagnostics file could not be saved in %s: %v", dir, err))
		return
	}
	a.log.Info("diagnostics file saved", "path", path)
	writeJSON(w, http.StatusOK, map[string]string{"path": path})
}

// openDataFolder shows the data folder in the system's file manager, in the
// desktop app. In a browser the folder may be on another machine: Settings
// shows its path to copy instead.
func (a *App) openDataFolder(w http.ResponseWriter, r *http.Request) {
	if !a.window {
		writeError(w, backend.Errorf(backend.ECONFLICT, "Opening the data folder is for the desktop app; its path is shown in Settings under \"Where data is kept\"."))
		return
	}
	if err := openFolder(runtime.GOOS, a.cfg.DataDir); err != nil {
		writeError(w, backend.Errorf(backend.EINTERNAL, "The data folder could not be opened (%v). It is %s.", err, a.cfg.DataDir))
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"path": a.cfg.DataDir})
}

// folderOpener is the command that shows a folder in goos's file manager:
// the path is its one argument, never read by a shell.
func folderOpener(goos, path string) (string, []string) {
	switch goos {
	case "darwin":
		return "open", []string{path}
	case "windows":
		return "explorer", []string{path}
	}
	return "xdg-open", []string{path}
}

// openFolder starts the file manager on path and does not wait for it to
// close; it fails only when the opener cannot be started.
func openFolder(goos, path string) error {
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s is not a folder", path)
	}
	name, args := folderOpener(goos, path)
	cmd := exec.Command(name, args...)
	if err := cmd.Start(); err != nil {
		return err
	}
	// explorer answers 1 even when it opened the folder: the exit status
	// says nothing, and is only collected.
	go cmd.Wait()
	return nil
}
