package demo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// MarkerFile is written into a folder when the demo makes it (or takes an
// empty one): the demo wipes a folder's database and secrets at every
// start, and only ever one that holds this file.
const MarkerFile = ".assessbridge-demo"

// DefaultDir is assessbridge-demo in the user config folder, or "" when
// the OS has none.
func DefaultDir() string {
	base, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, "assessbridge-demo")
}

// ClaimFolder makes sure dir is the demo's to wipe: a folder the demo made
// (it holds the marker), a new one (made, with the marker) or an empty one
// (the marker is added). Any other folder, a real data folder above all,
// is refused untouched. The default folder (DefaultDir) is the demo's by
// its name: earlier versions made it without a marker.
func ClaimFolder(dir string) error {
	marker := filepath.Join(dir, MarkerFile)
	if fi, err := os.Lstat(marker); err == nil && fi.Mode().IsRegular() {
		return nil
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("demo data folder: %w", err)
		}
	case err != nil:
		return fmt.Errorf("demo data folder %s: %w", dir, err)
	case len(entries) > 0 && dir != DefaultDir():
		return fmt.Errorf("%s is not a demo folder assessbridge made; the demo will not wipe it. "+
			"Give an empty or new folder as --data-dir, or leave --data-dir out", dir)
	}
	f, err := os.OpenFile(marker, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("demo data folder: %w", err)
	}
	_, err = f.WriteString("This folder is assessbridge's demo data; `assessbridge demo` empties it at every start.\n")
	return errors.Join(err, f.Close())
}
