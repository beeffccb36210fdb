package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/app/demo"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/sqlite/sqlitetest"
)

// realDataFolder is a data folder as a recruiter's: a database with a
// setting in it, and a secrets file.
func realDataFolder(t *testing.T) (dir string, db, secrets []byte) {
	t.Helper()
	dir = t.TempDir()
	sqlitetest.Seeded(t, filepath.Join(dir, DatabaseFile), "the recruiter's own")
	if err := os.WriteFile(filepath.Join(dir, "secrets.json"), []byte(`{"qualified_api_key":"real"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, readFile(t, filepath.Join(dir, DatabaseFile)), readFile(t, filepath.Join(dir, "secrets.json"))
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}

func startTestDemo(t *testing.T, dir string) (*Demo, error) {
	t.Helper()
	t.Setenv("ASSESSBRIDGE_SECRETS", "file")
	// A slow pace keeps the scripted flow from starting during the test.
	d, err := StartDemo(context.Background(), DemoConfig{DataDir: dir, Listen: "127.0.0.1:0", Pace: 0.001},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := d.Shutdown(ctx); err != nil {
			t.Errorf("demo shutdown: %v", err)
		}
	}
	return d, err
}

func TestDemoRefusesToWipeARealDataFolder(t *testing.T) {
	dir, db, secrets := realDataFolder(t)
	_, err := startTestDemo(t, dir)
	if err == nil || !strings.Contains(err.Error(), "not a demo folder assessbridge made") || !strings.Contains(err.Error(), dir) {
		t.Errorf("demo on a real data folder: %v, want a refusal naming it", err)
	}
	if got := readFile(t, filepath.Join(dir, DatabaseFile)); !bytes.Equal(got, db) {
		t.Error("the database was changed")
	}
	if got := readFile(t, filepath.Join(dir, "secrets.json")); !bytes.Equal(got, secrets) {
		t.Errorf("secrets.json was changed: %s", got)
	}
	if _, err := os.Lstat(filepath.Join(dir, demo.MarkerFile)); err == nil {
		t.Error("the real data folder was marked as the demo's")
	}
}

func TestDemoRunsInANewOrEmptyFolderAndAgainInTheOneItMade(t *testing.T) {
	for name, dir := range map[string]string{"new": filepath.Join(t.TempDir(), "demo"), "empty": t.TempDir()} {
		t.Run(name, func(t *testing.T) {
			if _, err := startTestDemo(t, dir); err != nil {
				t.Fatalf("first demo: %v", err)
			}
			if _, err := os.Lstat(filepath.Join(dir, demo.MarkerFile)); err != nil {
				t.Errorf("the demo's folder is not marked: %v", err)
			}
			if _, err := startTestDemo(t, dir); err != nil {
				t.Fatalf("the demo refuses its own folder: %v", err)
			}
		})
	}
}

// backupOf writes a backup of a data folder holding one setting.
func backupOf(t *testing.T, performAs string) string {
	t.Helper()
	src := t.TempDir()
	sqlitetest.Seeded(t, filepath.Join(src, DatabaseFile), performAs)
	file := filepath.Join(t.TempDir(), "backup.db")
	if err := Backup(context.Background(), src, file); err != nil {
		t.Fatal(err)
	}
	return file
}

func settingIn(t *testing.T, dir string) string {
	t.Helper()
	return sqlitetest.Setting(t, filepath.Join(dir, DatabaseFile), sqlite.SettingPerformAs)
}

func TestRestoreTakesTheDataFolderAfterTheFileAsTheUsageShowsIt(t *testing.T) {
	file := backupOf(t, "from the backup")
	for _, args := range [][]string{
		{file, "--data-dir", "DIR"},
		{"--data-dir", "DIR", file},
		{"--data-dir=DIR", "--", file},
	} {
		dir := t.TempDir()
		for i := range args {
			args[i] = strings.ReplaceAll(args[i], "DIR", dir)
		}
		var out, errOut bytes.Buffer
		if err := RunRestore(context.Background(), args, func(string) string { return "" }, &out, &errOut); err != nil {
			t.Errorf("restore %v: %v\n%s", args, err, errOut.String())
			continue
		}
		if got := settingIn(t, dir); got != "from the backup" {
			t.Errorf("restore %v: the data folder holds %q", args, got)
		}
	}
	var errOut bytes.Buffer
	if err := RunRestore(context.Background(), []string{file, "other.db", "--data-dir", t.TempDir()}, func(string) string { return "" }, io.Discard, &errOut); err == nil {
		t.Error("restore of two files succeeded")
	}
}

func TestRestoreRefusesABackupWithAForeignTriggerAndKeepsTheDatabase(t *testing.T) {
	ctx := context.Background()
	dir, db, _ := realDataFolder(t)
	file := backupOf(t, "from the backup")
	// A trigger that would run inside the app: every invitation's e-mail sent elsewhere.
	sqlitetest.AddDivertingTrigger(t, file)
	err := Restore(ctx, file, dir)
	if err == nil || !strings.Contains(err.Error(), "trigger "+sqlitetest.DivertingTrigger) {
		t.Errorf("Restore = %v, want a refusal naming the trigger", err)
	}
	if got := readFile(t, filepath.Join(dir, DatabaseFile)); !bytes.Equal(got, db) {
		t.Error("the live database was changed")
	}
	if _, err := os.Lstat(filepath.Join(dir, DatabaseFile+BeforeRestoreSuffix)); err == nil {
		t.Error("the live database was moved aside")
	}
}

func TestRestoreIsRefusedWhileAnAssessbridgeHoldsTheDataFolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the data folder lock is flock, which Windows lacks")
	}
	dir, db, _ := realDataFolder(t)
	file := backupOf(t, "from the backup")
	// What a starting assessbridge holds before it opens the database.
	release, err := lockDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	err = Restore(context.Background(), file, dir)
	release()
	if err == nil || !strings.Contains(err.Error(), "is in use by a running assessbridge") {
		t.Errorf("Restore under a running app = %v, want a refusal saying so", err)
	}
	if got := readFile(t, filepath.Join(dir, DatabaseFile)); !bytes.Equal(got, db) {
		t.Error("the live database was replaced")
	}
}

func TestBackupsAndRestoredDatabasesAreReadableOnlyByTheUser(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps files private by the profile folder's access list, not by modes")
	}
	file := backupOf(t, "from the backup")
	dir, _, _ := realDataFolder(t)
	if err := os.Chmod(filepath.Join(dir, DatabaseFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Restore(context.Background(), file, dir); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{file, filepath.Join(dir, DatabaseFile), filepath.Join(dir, DatabaseFile+BeforeRestoreSuffix)} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is %v: other users may read it", filepath.Base(p), fi.Mode().Perm())
		}
	}
}

func TestSetupSaysTheDataFolderWasReadableByOthersAndIsPrivateNow(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps files private by the profile folder's access list, not by modes")
	}
	h := newHarness(t, harnessOptions{})
	// A folder of its own, private from the start.
	dir, err := os.MkdirTemp(t.TempDir(), "data")
	if err != nil {
		t.Fatal(err)
	}
	h.stop()
	h.cfg.DataDir = dir
	h.start()
	for _, s := range h.status().Setup {
		if s.ID == "dataFolder" {
			t.Errorf("a private folder gets a Setup line: %+v", s)
		}
	}
	h.stop()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	h.start()
	var line *adminapi.SetupStep
	for _, s := range h.status().Setup {
		if s.ID == "dataFolder" {
			line = &s
		}
	}
	if line == nil || !line.Done || !strings.Contains(line.Detail, "could be read by other users") || !strings.Contains(line.Detail, h.cfg.DataDir) {
		t.Errorf("Setup about a folder others could read: %+v", line)
	}
	if fi, err := os.Stat(h.cfg.DataDir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("the data folder is %v, want 0700", fi.Mode().Perm())
	}
}

func TestRestoreRefusesABackupANewerAssessbridgeMade(t *testing.T) {
	dir, db, _ := realDataFolder(t)
	file := backupOf(t, "from the backup")
	sqlitetest.MarkWrittenByNewer(t, file)
	err := Restore(context.Background(), file, dir)
	if err == nil || !strings.Contains(err.Error(), "newer assessbridge") {
		t.Errorf("Restore of a newer version's backup = %v, want a refusal saying a newer assessbridge made it", err)
	}
	if got := readFile(t, filepath.Join(dir, DatabaseFile)); !bytes.Equal(got, db) {
		t.Error("the live database was changed")
	}
}
