package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/sqlite/sqlitetest"
)

// A backup taken while the database is open restores, in place of another
// database that is kept beside it; the folder is held only once the backup
// has passed its checks.
func TestBackupWhileOpenThenRestoreOverAnotherDatabase(t *testing.T) {
	ctx := context.Background()
	live := openWritten(t, filepath.Join(t.TempDir(), "assessbridge.db"))
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := sqlite.Backup(ctx, live.Path(), backup); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.Backup(ctx, live.Path(), live.Path()); err == nil || !strings.Contains(err.Error(), "the database itself") {
		t.Errorf("backup onto the database itself: %v", err)
	}
	sqlitetest.Whole(t, backup)

	other := closedDatabase(t)
	held := 0
	take := func() (func(), error) { held++; return func() { held-- }, nil }
	if err := sqlite.Restore(ctx, backup, other, take); err != nil {
		t.Fatal(err)
	}
	if held != 0 {
		t.Errorf("the folder is still held after the restore (%d)", held)
	}
	if got := sqlitetest.Setting(t, other, sqlite.SettingPerformAs); got != "someone" {
		t.Errorf("restored database says %q, want the backup's", got)
	}
	if got := sqlitetest.Setting(t, other+sqlite.BeforeRestoreSuffix, sqlite.SettingPerformAs); got != "kept" {
		t.Errorf("the replaced database, kept, says %q", got)
	}

	sqlitetest.AddDivertingTrigger(t, backup)
	take = func() (func(), error) {
		t.Error("the folder was taken for a backup that is refused")
		return func() {}, nil
	}
	if err := sqlite.Restore(ctx, backup, filepath.Join(t.TempDir(), "assessbridge.db"), take); err == nil {
		t.Error("a backup with a foreign trigger was restored")
	}
}
