//go:build unix

package sqlite_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readableByOthers lists the files and folders among paths that a user other
// than the owner may read, write or enter.
func readableByOthers(t *testing.T, paths ...string) []string {
	t.Helper()
	var open []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			open = append(open, filepath.Base(p)+" "+fi.Mode().Perm().String())
		}
	}
	return open
}

func TestDatabaseAndItsLogFilesAreReadableOnlyByTheUser(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "assessbridge.db")
	db := openWritten(t, path)
	if open := readableByOthers(t, dir, path, path+"-wal", path+"-shm"); len(open) > 0 {
		t.Errorf("others may read: %v", open)
	}
	if a := db.FolderAccess(); a.WasOpen || a.Notice() != "" {
		t.Errorf("a folder the app made is reported as open: %+v", a)
	}
}

func TestDatabaseFilesAndFolderLeftReadableAreMadePrivateAndSaidSo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "assessbridge.db")
	openAt(t, path).Close()
	// As an earlier version left it: everything readable by everyone.
	for _, p := range []string{path, filepath.Join(dir, "secrets.json"), filepath.Join(dir, "admin-token"), path + ".before-restore"} {
		if _, err := os.Stat(p); err != nil {
			if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db := openWritten(t, path)
	if open := readableByOthers(t, dir, path, path+"-wal", path+"-shm", filepath.Join(dir, "secrets.json"), filepath.Join(dir, "admin-token"), path+".before-restore"); len(open) > 0 {
		t.Errorf("others may still read: %v", open)
	}
	a := db.FolderAccess()
	if !a.WasOpen || !a.Tightened || !strings.Contains(a.Notice(), "could be read by other users") || !strings.Contains(a.Notice(), dir) {
		t.Errorf("the open folder is not reported as made private: %+v %q", a, a.Notice())
	}
	// Opened again in the same run (as the desktop app does), it still says so.
	db.Close()
	db = openAt(t, path)
	defer db.Close()
	if again := db.FolderAccess(); again != a {
		t.Errorf("opened again, the folder is reported as %+v, want %+v", again, a)
	}
}

func TestAnOpenFolderHoldingOtherFilesIsReportedAndLeftAlone(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "holiday.jpg"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "assessbridge.db")
	db := openWritten(t, path)
	if open := readableByOthers(t, path, path+"-wal", path+"-shm"); len(open) > 0 {
		t.Errorf("others may read: %v", open)
	}
	for p, want := range map[string]fs.FileMode{dir: 0o755, filepath.Join(dir, "holiday.jpg"): 0o644} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s is not the user's as it was (%v): %v", p, want, fi.Mode())
		}
	}
	a := db.FolderAccess()
	if !a.WasOpen || a.Tightened || !strings.Contains(a.Notice(), "holiday.jpg") || !strings.Contains(a.Notice(), "chmod 700") {
		t.Errorf("want the open folder reported with how to make it private: %+v %q", a, a.Notice())
	}
}
