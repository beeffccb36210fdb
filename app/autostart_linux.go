package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// xdgAutostart is the XDG autostart entry, which the Linux desktops (GNOME,
// KDE, Xfce, Cinnamon, MATE…) start at login: autostart/assessbridge.desktop
// in $XDG_CONFIG_HOME, or in ~/.config.
type xdgAutostart struct {
	dir string // the autostart folder
}

func platformAutostart(getenv func(string) string) (autostarter, error) {
	base := getenv("XDG_CONFIG_HOME")
	if base == "" || !filepath.IsAbs(base) {
		home := getenv("HOME")
		if home == "" || !filepath.IsAbs(home) {
			return nil, errors.New("starting at login is not available: there is no home folder ($HOME) to keep it in")
		}
		base = filepath.Join(home, ".config")
	}
	return xdgAutostart{dir: filepath.Join(base, "autostart")}, nil
}

func (x xdgAutostart) path() string { return filepath.Join(x.dir, autostartName+".desktop") }

func (x xdgAutostart) Enabled() (bool, error) {
	data, err := os.ReadFile(x.path())
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return xdgEntryOn(string(data)), nil
}

func (x xdgAutostart) Enable(exe string) error {
	if !filepath.IsAbs(exe) {
		return fmt.Errorf("the program's path %q is not absolute", exe)
	}
	entry, err := xdgAutostartEntry(exe)
	if err != nil {
		return err
	}
	return writeFileAtomic(x.path(), []byte(entry), 0o644)
}

func (x xdgAutostart) Disable() error { return removeFile(x.path()) }
