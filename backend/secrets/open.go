package secrets

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// Where secrets live, as reported in Info.Backend.
const (
	BackendKeychain = "keychain"
	BackendFile     = "file"
)

// BackendEnv names the environment variable that, set to "file", keeps
// secrets in the data folder's file without asking the keychain: for
// headless servers, where a keychain prompt would never be answered, and
// for tests.
const BackendEnv = "ASSESSBRIDGE_SECRETS"

// Info says where Open put the secrets.
type Info struct {
	// Backend is BackendKeychain or BackendFile.
	Backend string
	// Warning is a sentence for the Setup screen when keys are kept in the
	// file; empty when they are in the keychain.
	Warning string
}

// keychainTimeout bounds the keychain check. On Linux without a Secret
// Service, go-keyring can wait on D-Bus for a long time; Open must not.
var keychainTimeout = 2 * time.Second

// checkKeychain is swapped in tests for a keychain that never answers.
var checkKeychain = (*Keychain).check

// Open picks where the secrets of a data folder live: the OS keychain when
// one answers within a short time, otherwise the 0600 file in the folder.
// Setting BackendEnv to "file" skips the keychain.
//
// When the keychain is picked and the file still holds secrets (from a run
// without a keychain), they are moved into the keychain and the file is
// deleted, so a secret is never kept in two places. If the move fails, the
// file stays the store and Info.Warning says why.
func Open(dataDir string) (Store, Info) {
	file := NewFile(dataDir)
	if os.Getenv(BackendEnv) == BackendFile {
		return file, Info{Backend: BackendFile, Warning: fmt.Sprintf(
			"Keys are kept in %s, readable only by your user account, because %s=file is set.",
			file.Path(), BackendEnv)}
	}
	keychain, check := NewKeychain(ServiceFor(dataDir)), checkKeychain
	if err := within(keychainTimeout, func() error { return check(keychain) }); err != nil {
		return file, Info{Backend: BackendFile, Warning: fmt.Sprintf(
			"No keychain is available on this machine, so keys are kept in %s, readable only by your user account.",
			file.Path())}
	}
	if err := moveAll(file, keychain); err != nil {
		return file, Info{Backend: BackendFile, Warning: fmt.Sprintf(
			"Keys are kept in %s, readable only by your user account, because moving them into the keychain failed: %v",
			file.Path(), err)}
	}
	return keychain, Info{Backend: BackendKeychain}
}

// within runs f and gives up waiting after d. A call that hangs is left
// behind: go-keyring offers no way to cancel it.
func within(d time.Duration, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return fmt.Errorf("secrets: the keychain did not answer within %s", d)
	}
}

// moveAll copies every secret of the file into the keychain, then deletes
// the file; on failure it takes the copies back. The file's value wins over
// one already in the keychain: the file exists only because it was the store
// on a later run.
func moveAll(file *File, keychain *Keychain) error {
	file.mu.Lock()
	defer file.mu.Unlock()
	m, err := file.read()
	if err != nil {
		return err
	}
	if len(m) == 0 {
		return removeIfExists(file.path)
	}
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	for i, name := range names {
		if err := keychain.Set(name, m[name]); err != nil {
			// Take back what was copied: the file stays the one store.
			for _, copied := range names[:i] {
				_ = keychain.Delete(copied)
			}
			return err
		}
	}
	return removeIfExists(file.path)
}

func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("secrets: %w", err)
	}
	return nil
}

func absolute(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return filepath.Clean(abs)
	}
	return filepath.Clean(dir)
}
