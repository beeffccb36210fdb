package app

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// AdminTokenFile is the file in the data folder that keeps the admin token
// `serve` made for itself when ASSESSBRIDGE_ADMIN_TOKEN is not set. Anything
// listening, even on 127.0.0.1, is reachable by every process on the
// machine, so serve's admin interface always needs a login.
const AdminTokenFile = "admin-token"

// keptAdminToken is what adminTokenFromDataFolder found or made.
type keptAdminToken struct {
	Token string
	Path  string
	// Made is true at the first start, when the file was created.
	Made bool
	// Tightened holds the mode the file had when other users could read it,
	// before it was made 0600; zero when it was already private.
	Tightened fs.FileMode
}

// adminTokenFromDataFolder returns the admin token kept in dir, making it at
// the first start. A kept file that is empty or unusable is refused, never
// replaced: browsers and scripts may already use the token in it, and a
// silent new one would lock them out without a word.
func adminTokenFromDataFolder(dir string) (keptAdminToken, error) {
	k := keptAdminToken{Path: filepath.Join(dir, AdminTokenFile)}
	// O_EXCL: two starts on one folder never both write a token; the one
	// that finds the file reads it.
	f, err := os.OpenFile(k.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		k.Token, k.Made = newAdminToken(), true
		_, err = f.WriteString(k.Token + "\n")
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(k.Path)
			return keptAdminToken{}, fmt.Errorf("could not write the admin token to %s: %w", k.Path, err)
		}
		return k, nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return keptAdminToken{}, fmt.Errorf("could not make the admin token file %s: %w", k.Path, err)
	}
	fi, err := os.Lstat(k.Path)
	if err != nil {
		return keptAdminToken{}, fmt.Errorf("could not read the admin token file %s: %w", k.Path, err)
	}
	if !fi.Mode().IsRegular() {
		return keptAdminToken{}, fmt.Errorf("%s is not a plain file; remove it, and assessbridge makes a new admin token at the next start", k.Path)
	}
	// Windows has no such mode bits: the file inherits the data folder's access list.
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(k.Path, 0o600); err != nil {
			return keptAdminToken{}, fmt.Errorf("%s can be read by other users (mode %s) and could not be made private: %w", k.Path, fi.Mode().Perm(), err)
		}
		k.Tightened = fi.Mode().Perm()
	}
	b, err := os.ReadFile(k.Path)
	if err != nil {
		return keptAdminToken{}, fmt.Errorf("could not read the admin token file %s: %w", k.Path, err)
	}
	k.Token = strings.TrimSpace(string(b))
	if k.Token == "" {
		return keptAdminToken{}, fmt.Errorf("the admin token file %s is empty; put a token of at least %d characters in it, or remove the file and assessbridge makes a new one at the next start", k.Path, MinAdminTokenLen)
	}
	if err := checkAdminToken(k.Token); err != nil {
		return keptAdminToken{}, fmt.Errorf("the admin token file %s: %w; or remove the file and assessbridge makes a new one at the next start", k.Path, err)
	}
	return k, nil
}

// newAdminToken is 32 random bytes, base64url: 43 characters that travel
// unchanged in a header, a cookie and a form.
func newAdminToken() string {
	b := make([]byte, 32)
	// crypto/rand.Read never fails since Go 1.24: it crashes the program instead.
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
