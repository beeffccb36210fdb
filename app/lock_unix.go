//go:build unix

package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDataDir makes sure only one assessbridge uses a data folder: two would
// each take the other's unfinished work for abandoned work. The lock goes
// with the process, so a crash leaves nothing to clean up.
func lockDataDir(dir string) (release func(), err error) {
	path := filepath.Join(dir, "assessbridge.lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("data folder %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: another assessbridge is already using the data folder %s; quit it first, or use another --data-dir", ErrDataDirInUse, dir)
		}
		return nil, fmt.Errorf("data folder %s: %w", dir, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
