package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/clocktest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/sqlite/sqlitetest"
)

// t0 is the start of every test's clock.
var t0 = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

// openDB opens a fresh database file in a temporary folder, on a clock set to t0.
func openDB(t *testing.T, opts ...sqlite.Option) (*sqlite.DB, *clocktest.Clock) {
	t.Helper()
	db := openAt(t, filepath.Join(t.TempDir(), "assessbridge.db"), opts...)
	t.Cleanup(func() { db.Close() })
	c := clocktest.New(t0)
	db.SetClock(c.Now)
	return db, c
}

// openAt opens the database at path, failing the test if it does not open.
func openAt(t testing.TB, path string, opts ...sqlite.Option) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// openWritten opens the database at path and writes a setting, so that
// its -wal and -shm are there too; it is closed when the test ends.
func openWritten(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db := openAt(t, path)
	t.Cleanup(func() { db.Close() })
	if err := db.SetSetting(context.Background(), sqlite.SettingPerformAs, "someone"); err != nil {
		t.Fatal(err)
	}
	return db
}

// closedDatabase is an assessbridge database in a temporary folder with
// one setting in it, closed; it returns the file's path.
func closedDatabase(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "assessbridge.db")
	sqlitetest.Seeded(t, path, "kept")
	return path
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
