package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// TestDiskFull fills a 1 MB tmpfs: mounting needs root (CAP_SYS_ADMIN).
func TestDiskFullFailsClearlyAndLosesNothingCommitted(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "small-disk")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=1m"); err != nil {
		t.Skipf("cannot mount a 1 MB tmpfs to fill (needs root, CAP_SYS_ADMIN): %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	path := filepath.Join(dir, "assessbridge.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("open on the small disk: %v", err)
	}
	closed := false
	t.Cleanup(func() {
		if !closed {
			db.Close()
		}
	})
	n, err := fillUntilFull(t, db, 10_000)
	t.Logf("disk full after %d writes: %v", n, err)
	checkFullError(t, db, err)
	if got := countFill(t, db.Writer()); got != n {
		t.Errorf("%d writes succeeded but %d are there", n, got)
	}
	// Reads still work on a full disk.
	if _, err := db.Setting(ctx, "fill-00000"); err != nil {
		t.Errorf("read on a full disk: %v", err)
	}
	// Room is made: the same process goes on.
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT, "size=16m"); err != nil {
		t.Fatalf("remount bigger: %v", err)
	}
	if err := db.SetSetting(ctx, "after-full", "ok"); err != nil {
		t.Fatalf("write after room was made: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	closed = true
	again, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen after a full disk: %v", err)
	}
	defer again.Close()
	if got := countFill(t, again.Writer()); got != n {
		t.Errorf("after reopening, %d of %d writes are there", got, n)
	}
	if got, _ := again.Setting(ctx, "after-full"); got != "ok" {
		t.Errorf("the write after room was made = %q", got)
	}
	integrity(t, again.Writer())
}
