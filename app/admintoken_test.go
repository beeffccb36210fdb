package app

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestServesOwnAdminTokenIsPrivateAndKeptAcrossStarts(t *testing.T) {
	dir := t.TempDir()
	first, err := adminTokenFromDataFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Made || first.Path != filepath.Join(dir, AdminTokenFile) || len(first.Token) < MinAdminTokenLen || checkAdminToken(first.Token) != nil {
		t.Fatalf("first start: %+v", first)
	}
	fi, err := os.Stat(first.Path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("admin-token is %s, want 0600", fi.Mode().Perm())
	}
	again, err := adminTokenFromDataFolder(dir)
	if err != nil || again.Made || again.Token != first.Token || again.Tightened != 0 {
		t.Fatalf("second start: %+v %v, want the first token reused", again, err)
	}
	// Two data folders never share a token.
	if other, err := adminTokenFromDataFolder(t.TempDir()); err != nil || other.Token == first.Token {
		t.Errorf("another folder: %+v %v", other, err)
	}
}

func TestAdminTokenFileReadableByOthersIsMadePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no unix mode bits")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, AdminTokenFile)
	mine := "a-token-the-recruiter-wrote-0123456789"
	if err := os.WriteFile(path, []byte("  "+mine+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, 0o644) // whatever the umask
	k, err := adminTokenFromDataFolder(dir)
	if err != nil || k.Token != mine || k.Made || k.Tightened != 0o644 {
		t.Fatalf("%+v %v", k, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode after start: %s, want 0600", fi.Mode().Perm())
	}
}

func TestUnusableAdminTokenFileIsRefusedNotReplaced(t *testing.T) {
	for name, content := range map[string]string{
		"empty":        "",
		"blank":        " \n\n",
		"too short":    "short-token\n",
		"with a space": "an admin token with spaces in it ok\n",
	} {
		dir := t.TempDir()
		path := filepath.Join(dir, AdminTokenFile)
		os.WriteFile(path, []byte(content), 0o600)
		_, err := adminTokenFromDataFolder(dir)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "remove the file") {
			t.Errorf("%s: %v, want a refusal naming the file and the way out", name, err)
		}
		if b, _ := os.ReadFile(path); string(b) != content {
			t.Errorf("%s: the file was changed to %q", name, b)
		}
	}
	// Not a plain file (a link someone put there): refused.
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "elsewhere")
	os.WriteFile(target, []byte(strings.Repeat("x", 40)), 0o600)
	if err := os.Symlink(target, filepath.Join(dir, AdminTokenFile)); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if _, err := adminTokenFromDataFolder(dir); err == nil || !strings.Contains(err.Error(), "not a plain file") {
		t.Errorf("a symlink: %v", err)
	}
}
