package app

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend"
)

// support is what a recruiter sends to whoever helps them: About, the data
// folder, a diagnostics file.
type support App

// About is what this assessbridge knows of itself.
func (s *support) About() adminapi.About {
	a := (*App)(s)
	b := BuildVersion()
	return adminapi.About{Version: b.Version, Commit: b.Commit, Modified: b.Modified, OS: b.OS, Arch: b.Arch, Go: b.Go,
		DataDir: a.cfg.DataDir, Keys: a.keysBackend(), LogFile: LogFilePath(a.cfg.DataDir), Desktop: a.window}
}

// Diagnostics is the diagnostics file, named for now.
func (s *support) Diagnostics(ctx context.Context) (string, string) {
	now := time.Now()
	return diagnosticsFileName(now), (*App)(s).diagnostics(ctx, now)
}

// downloadsFolderOf is where saved diagnostics go; tests point it elsewhere.
var downloadsFolderOf = func() (string, error) { return downloadsFolder(os.Getenv, runtime.GOOS) }

// SaveDiagnostics writes the diagnostics file into the Downloads folder, for
// the desktop window, whose web view does not download.
func (s *support) SaveDiagnostics(ctx context.Context) (string, error) {
	a := (*App)(s)
	if !a.window {
		return "", backend.Errorf(backend.ECONFLICT, "Saving the diagnostics file is for the desktop app; in a browser, download it instead.")
	}
	dir, err := downloadsFolderOf()
	if err != nil {
		return "", adminapi.Internal(err, "The diagnostics file could not be saved: %v", err)
	}
	now := time.Now()
	path, err := saveDiagnosticsFile(dir, diagnosticsFileName(now), a.diagnostics(ctx, now))
	if err != nil {
		return "", adminapi.Internal(err, "The diagnostics file could not be saved in %s: %v", dir, err)
	}
	a.log.Info("diagnostics file saved", "path", path)
	return path, nil
}

// OpenDataFolder shows the data folder in the system's file manager, in the
// desktop app. In a browser the folder may be on another machine: Settings
// shows its path to copy instead.
func (s *support) OpenDataFolder() (string, error) {
	a := (*App)(s)
	if !a.window {
		return "", backend.Errorf(backend.ECONFLICT, "Opening the data folder is for the desktop app; its path is shown in Settings under \"Where data is kept\".")
	}
	if err := openFolder(runtime.GOOS, a.cfg.DataDir); err != nil {
		return "", adminapi.Internal(err, "The data folder could not be opened (%v). It is %s.", err, a.cfg.DataDir)
	}
	return a.cfg.DataDir, nil
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
