package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// launchAgentAutostart is a LaunchAgent in ~/Library/LaunchAgents, which
// launchd starts at login (RunAtLoad). It is not loaded at once: that would
// start a second assessbridge now.
type launchAgentAutostart struct {
	dir string // ~/Library/LaunchAgents
}

func platformAutostart(getenv func(string) string) (autostarter, error) {
	home := getenv("HOME")
	if home == "" || !filepath.IsAbs(home) {
		return nil, errors.New("starting at login is not available: there is no home folder ($HOME) to keep it in")
	}
	return launchAgentAutostart{dir: filepath.Join(home, "Library", "LaunchAgents")}, nil
}

func (l launchAgentAutostart) path() string { return filepath.Join(l.dir, launchAgentLabel+".plist") }

func (l launchAgentAutostart) Enabled() (bool, error) {
	data, err := os.ReadFile(l.path())
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	la, err := parseLaunchAgent(data)
	if err != nil {
		return false, err
	}
	return !la.disabled, nil
}

func (l launchAgentAutostart) Enable(exe string) error {
	if !filepath.IsAbs(exe) {
		return fmt.Errorf("the program's path %q is not absolute", exe)
	}
	plist, err := launchAgentPlist(exe)
	if err != nil {
		return err
	}
	return writeFileAtomic(l.path(), []byte(plist), 0o644)
}

func (l launchAgentAutostart) Disable() error { return removeFile(l.path()) }
