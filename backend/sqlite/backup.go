package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// BeforeRestoreSuffix names what Restore keeps of the database it replaced:
// assessbridge.db.before-restore (with its -wal and -shm, if any).
const BeforeRestoreSuffix = ".before-restore"

// Backup writes a consistent snapshot of the database at src to dest
// (VACUUM INTO: one read transaction on the live file, which WAL lets run
// beside the app's writer, so it is safe while the app runs and never
// makes it wait). The copy is checked, synced and then moved into place:
// dest is either the whole new backup or what it was before. Errors start
// with "backup:".
func Backup(ctx context.Context, src, dest string) error {
	if same, err := sameFile(src, dest); err != nil {
		return err
	} else if same {
		return fmt.Errorf("backup: %s is the database itself; choose a file outside the data folder", dest)
	}
	if err := Check(ctx, src); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// A database an earlier version left readable by others is tightened
	// first: reading it may make its -wal and -shm, with its mode.
	if err := MakePrivate(src); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if fi, err := os.Stat(dest); err == nil && fi.IsDir() {
		return fmt.Errorf("backup: %s is a folder; give the backup file's name", dest)
	}
	tmp, err := tempBeside(dest, ".backup-")
	if err != nil {
		return err
	}
	// The copy is private from its first byte: VACUUM INTO fills the empty
	// 0600 file made here and keeps its mode (made by SQLite, it would be
	// 0644 until a chmod after). O_EXCL: a file someone else slipped in
	// under the name fails the backup instead of receiving it.
	if err := CreatePrivate(tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp)
	db, err := sql.Open("sqlite", snapshotDSN(src))
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", src, err)
	}
	db.SetMaxOpenConns(1)
	_, err = db.ExecContext(ctx, `VACUUM INTO ?`, tmp)
	db.Close()
	if err != nil {
		return fmt.Errorf("backup: copy %s to %s: %w", src, dest, err)
	}
	if err := Check(ctx, tmp); err != nil {
		return fmt.Errorf("backup: the copy does not read back: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return syncDir(filepath.Dir(dest))
}

// snapshotDSN is for copying the database at path with VACUUM INTO, which
// only reads it (query_only would refuse VACUUM INTO). Unlike a read-only
// connection it may tidy up: when it is the last one to close, it removes
// the -wal and -shm files it made, leaving a stopped app's folder as it was.
// No journal mode is set: a file Check has passed is already in WAL mode.
func snapshotDSN(path string) string {
	return "file:" + uriPath(path) + "?_pragma=busy_timeout(5000)"
}

// Restore replaces the database at live with the backup file, which it
// first checks with CheckBackup. take, once the backup has passed, holds
// live's folder for the swap (no assessbridge may start on it meanwhile)
// and returns what lets go of it. Restore refuses while the database is in
// use, brings a copy up to date beside live (the backup file itself is
// never changed), queues again the jobs that were running when the backup
// was taken, and keeps the replaced database as live+BeforeRestoreSuffix.
// Errors start with "restore:".
func Restore(ctx context.Context, backupFile, live string, take func() (release func(), err error)) error {
	if _, err := os.Stat(backupFile); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := CheckBackup(ctx, backupFile); err != nil {
		return fmt.Errorf("restore: %s cannot be restored: %w", backupFile, err)
	}
	release, err := take()
	if err != nil {
		return err
	}
	defer release()
	if same, err := sameFile(backupFile, live); err != nil {
		return err
	} else if same {
		return fmt.Errorf("restore: %s is the database itself", backupFile)
	}
	kept := live + BeforeRestoreSuffix
	if _, err := os.Lstat(kept); err == nil {
		return fmt.Errorf("restore: %s is there from an earlier restore; move it away first (it may be the only copy of older data)", kept)
	}
	if err := refuseInUse(ctx, live); err != nil {
		return err
	}

	// Bring a copy up to date beside the live file, so the final step is a rename.
	tmp, err := tempBeside(live, ".restore-")
	if err != nil {
		return err
	}
	defer removeDatabaseFiles(tmp)
	if err := copyFile(backupFile, tmp); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	db, err := Open(ctx, tmp)
	if err != nil {
		return fmt.Errorf("restore: %s does not open as an assessbridge database: %w", backupFile, err)
	}
	_, err = db.RequeueInterruptedJobs(ctx)
	if err == nil {
		err = db.Checkpoint(ctx)
	}
	if err = errors.Join(err, db.Close()); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if fi, err := os.Stat(tmp + suffix); err == nil && fi.Size() > 0 && suffix == "-wal" {
			return fmt.Errorf("restore: the restored copy still has a write-ahead log after closing")
		}
		os.Remove(tmp + suffix)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("restore: %w", err)
	}

	// Checked again just before the swap: someone may have started it meanwhile.
	if err := refuseInUse(ctx, live); err != nil {
		return err
	}
	// The old file keeps its -wal and -shm under the new name (SQLite pairs
	// them by name); a stray -wal must never meet the restored file.
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Rename(live+suffix, kept+suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("restore: keep the current database: %w", err)
		}
	}
	if err := os.Rename(tmp, live); err != nil {
		return fmt.Errorf("restore: %w (the previous database is %s)", err, kept)
	}
	if err := MakePrivate(kept); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return syncDir(filepath.Dir(live))
}

func refuseInUse(ctx context.Context, live string) error {
	busy, err := InUse(ctx, live)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if busy {
		return fmt.Errorf("restore: %s is in use (is assessbridge running on this data folder?); quit it, then restore", live)
	}
	return nil
}

// sameFile reports whether a and b are one file (b may not exist yet).
func sameFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, nil
	}
	fb, err := os.Stat(b)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

// tempBeside names a new, absent file in path's folder.
func tempBeside(path, infix string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+infix+"*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	f.Close()
	// VACUUM INTO wants no file, or an empty one; SQLite makes it anew.
	return name, os.Remove(name)
}

func removeDatabaseFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// syncDir makes a rename in dir durable; not every platform can.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	d.Sync()
	return nil
}
