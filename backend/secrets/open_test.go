package secrets

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// go-keyring's in-memory keychain is one package-wide value: tests that use
// it do not run in parallel.

func TestOpenKeepsSecretsInFileWhenForced(t *testing.T) {
	t.Setenv(BackendEnv, BackendFile)
	dir := t.TempDir()
	s, info := Open(dir)
	if info.Backend != BackendFile {
		t.Fatalf("backend %q, want file", info.Backend)
	}
	f, ok := s.(*File)
	if !ok {
		t.Fatalf("store is %T, want *File", s)
	}
	if f.Path() != filepath.Join(dir, "secrets.json") || !strings.Contains(info.Warning, f.Path()) {
		t.Fatalf("path %q, warning %q", f.Path(), info.Warning)
	}
	if err := s.Set(LeverAPIKey, "k"); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(f.Path())
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secrets file: %v, %v", st, err)
	}
}

func TestOpenFallsBackToFileWithoutKeychain(t *testing.T) {
	t.Setenv(BackendEnv, "")
	keyring.MockInitWithError(errors.New("org.freedesktop.secrets was not provided by any .service files"))
	t.Cleanup(keyring.MockInit)
	dir := t.TempDir()
	s, info := Open(dir)
	want := "No keychain is available on this machine, so keys are kept in " +
		filepath.Join(dir, "secrets.json") + ", readable only by your user account."
	if info.Backend != BackendFile || info.Warning != want {
		t.Fatalf("info %+v", info)
	}
	if _, ok := s.(*File); !ok {
		t.Fatalf("store is %T, want *File", s)
	}
}

func TestOpenDoesNotWaitForAKeychainThatNeverAnswers(t *testing.T) {
	t.Setenv(BackendEnv, "")
	never := make(chan struct{})
	defer close(never)
	oldCheck, oldTimeout := checkKeychain, keychainTimeout
	checkKeychain = func(*Keychain) error { <-never; return nil }
	keychainTimeout = 50 * time.Millisecond
	t.Cleanup(func() { checkKeychain, keychainTimeout = oldCheck, oldTimeout })

	start := time.Now()
	_, info := Open(t.TempDir())
	if info.Backend != BackendFile {
		t.Fatalf("backend %q, want file", info.Backend)
	}
	if waited := time.Since(start); waited > time.Second {
		t.Fatalf("Open waited %s for a silent keychain", waited)
	}
}

func TestKeychainStoresSecrets(t *testing.T) {
	keyring.MockInit()
	k := NewKeychain(ServiceFor(t.TempDir()))
	if _, err := k.Get(LeverAPIKey); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get on empty keychain: %v, want ErrNotFound", err)
	}
	if err := k.Delete(LeverAPIKey); err != nil {
		t.Fatalf("Delete of an absent secret: %v", err)
	}
	if err := k.Set(LeverAPIKey, "key-1"); err != nil {
		t.Fatal(err)
	}
	if v, err := k.Get(LeverAPIKey); err != nil || v != "key-1" {
		t.Fatalf("Get: %q, %v", v, err)
	}
	first, err := GetOrCreate(k, QualifiedPathSecret)
	if err != nil || len(first) != 64 {
		t.Fatalf("GetOrCreate: %q, %v", first, err)
	}
	if second, _ := GetOrCreate(k, QualifiedPathSecret); second != first {
		t.Fatal("GetOrCreate made a second secret")
	}
	if err := k.Delete(LeverAPIKey); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(LeverAPIKey); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}

func TestKeychainReportsItsErrors(t *testing.T) {
	keyring.MockInitWithError(errors.New("locked"))
	t.Cleanup(keyring.MockInit)
	k := NewKeychain("assessbridge:test")
	if _, err := k.Get(LeverAPIKey); err == nil || errors.Is(err, ErrNotFound) {
		t.Fatalf("Get on a failing keychain: %v", err)
	}
	if err := k.Set(LeverAPIKey, "x"); err == nil {
		t.Fatal("Set on a failing keychain succeeded")
	}
}

func TestServiceIsPerDataFolder(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if ServiceFor(a) == ServiceFor(b) {
		t.Fatal("two data folders share a keychain service")
	}
	if !strings.HasPrefix(ServiceFor(a), "assessbridge:") {
		t.Fatalf("service %q", ServiceFor(a))
	}
	t.Chdir(a)
	if ServiceFor(".") != ServiceFor(a) {
		t.Fatal("relative and absolute paths of one folder name different services")
	}
}

func TestOpenMovesFileSecretsIntoKeychain(t *testing.T) {
	t.Setenv(BackendEnv, "")
	keyring.MockInit()
	dir := t.TempDir()
	file := NewFile(dir)
	if err := file.Set(LeverAPIKey, "from-file"); err != nil {
		t.Fatal(err)
	}
	if err := file.Set(LeverSignatureToken, "tok"); err != nil {
		t.Fatal(err)
	}
	// A value left in the keychain by an older run loses to the file's.
	if err := NewKeychain(ServiceFor(dir)).Set(LeverAPIKey, "stale"); err != nil {
		t.Fatal(err)
	}

	s, info := Open(dir)
	if info.Backend != BackendKeychain || info.Warning != "" {
		t.Fatalf("info %+v", info)
	}
	if _, ok := s.(*Keychain); !ok {
		t.Fatalf("store is %T, want *Keychain", s)
	}
	for name, want := range map[string]string{LeverAPIKey: "from-file", LeverSignatureToken: "tok"} {
		if got, err := s.Get(name); err != nil || got != want {
			t.Fatalf("%s: %q, %v, want %q", name, got, err, want)
		}
	}
	if _, err := os.Stat(file.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("secrets file still there after the move: %v", err)
	}

	// A second Open finds nothing to move and keeps the keychain's secrets.
	again, info := Open(dir)
	if info.Backend != BackendKeychain {
		t.Fatalf("second open: %+v", info)
	}
	if got, _ := again.Get(LeverSignatureToken); got != "tok" {
		t.Fatalf("second open lost a secret: %q", got)
	}
}

func TestOpenKeepsFileWhenItCannotBeRead(t *testing.T) {
	t.Setenv(BackendEnv, "")
	keyring.MockInit()
	dir := t.TempDir()
	file := NewFile(dir)
	if err := os.WriteFile(file.Path(), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, info := Open(dir)
	if info.Backend != BackendFile || !strings.Contains(info.Warning, "damaged") {
		t.Fatalf("info %+v", info)
	}
	if _, ok := s.(*File); !ok {
		t.Fatalf("store is %T, want *File", s)
	}
	if _, err := os.Stat(file.Path()); err != nil {
		t.Fatalf("damaged file was removed: %v", err)
	}
}

// TestOpenOnThisMachine runs Open against the real keychain, if any, in a
// child process: go-keyring's in-memory keychain, once installed by the
// other tests, cannot be taken out again.
func TestOpenOnThisMachine(t *testing.T) {
	const childEnv = "ASSESSBRIDGE_SECRETS_TEST_CHILD"
	if os.Getenv(childEnv) == "1" {
		start := time.Now()
		s, info := Open(t.TempDir())
		t.Logf("Open picked %q (%T) in %s; warning: %q", info.Backend, s, time.Since(start).Round(time.Millisecond), info.Warning)
		if waited := time.Since(start); waited > keychainTimeout+time.Second {
			t.Fatalf("Open took %s", waited)
		}
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestOpenOnThisMachine$", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"=1", BackendEnv+"=")
	out, err := cmd.CombinedOutput()
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "Open picked") || strings.Contains(line, "Open took") {
			t.Log(strings.TrimSpace(line))
		}
	}
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
}
