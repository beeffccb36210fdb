package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Check looks at the database file at path without changing anything in it:
// a missing or empty file is fine (Open creates the database), an
// assessbridge database is fine, and anything else (random bytes, a
// damaged file, another program's SQLite database) is refused with an error
// that names the file and says what to do.
func Check(ctx context.Context, path string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("sqlite: %s cannot be read: %w", path, err)
	case fi.IsDir():
		return fmt.Errorf("sqlite: %s is a folder, not a database file", path)
	case fi.Size() == 0:
		return nil
	}
	db, err := openToLook(path)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return fileError(path, "cannot be read", err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return fileError(path, "cannot be read", err)
		}
		tables = append(tables, name)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fileError(path, "cannot be read", err)
	}
	if len(tables) > 0 && !containsString(tables, "goose_db_version") {
		shown := tables
		if len(shown) > 5 {
			shown = append(shown[:5:5], "…")
		}
		return fmt.Errorf("sqlite: %s is another program's SQLite database (tables %s), not assessbridge's; it was left as it is. "+
			"Choose another data folder, or restore an assessbridge backup there (assessbridge restore FILE)", path, strings.Join(shown, ", "))
	}
	if len(tables) > 0 {
		if err := refuseNewer(ctx, db, path); err != nil {
			return err
		}
	}
	var verdict string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check(1)`).Scan(&verdict); err != nil {
		return fileError(path, "cannot be checked", err)
	}
	if verdict != "ok" {
		return fmt.Errorf("sqlite: %s is damaged (%s). It was left as it is: restore the latest backup (assessbridge restore FILE), "+
			"or move the file away to start with an empty database", path, verdict)
	}
	return nil
}

// openToLook opens the database at path to read it without changing it:
// no journal mode switch, nothing written back. Without a WAL the file is
// the whole database and is read as immutable, which makes no -wal or -shm
// beside it; with one (after a crash) SQLite must read both, through the
// shared-memory index.
func openToLook(path string) (*sql.DB, error) {
	mode := "mode=ro"
	if _, err := os.Lstat(path + "-wal"); errors.Is(err, fs.ErrNotExist) {
		mode = "immutable=1"
	}
	db, err := sql.Open("sqlite", "file:"+uriPath(path)+"?"+mode+"&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// refuseNewer refuses a database that a newer assessbridge has brought past
// the migrations this one knows: running on it would read and write tables
// whose meaning this version does not know.
func refuseNewer(ctx context.Context, db *sql.DB, path string) error {
	v, err := schemaVersions(ctx, db)
	if err != nil {
		return fileError(path, "cannot be read", err)
	}
	newest := newestVersions()
	if v.app > newest.app || v.jobs > newest.jobs {
		return fmt.Errorf("sqlite: %s was written by a newer assessbridge (database version %d.%d; this one knows up to %d.%d). "+
			"It was left as it is: run the newer assessbridge on it, or restore a backup this version made", path, v.app, v.jobs, newest.app, newest.jobs)
	}
	return nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fileError words a SQLite error for the person who has to act on it: the
// file, what could not be done, why in plain words, then SQLite's own text.
func fileError(path, what string, err error) error {
	if why := plainWhy(err); why != "" {
		return fmt.Errorf("sqlite: %s %s: %s: %w", path, what, why, err)
	}
	return fmt.Errorf("sqlite: %s %s: %w", path, what, err)
}

// plainWhy says what a person can do about err, or "" when it is not about
// the file (a constraint, a bad query: the caller's own words suffice).
func plainWhy(err error) string {
	var se *msqlite.Error
	if !errors.As(err, &se) {
		return ""
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return "it is locked by another program (is a second assessbridge using this data folder?); nothing was written"
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		return "the file is damaged or is not a database. It was left as it is: restore the latest backup " +
			"(assessbridge restore FILE), or move the file away to start with an empty database"
	case sqlite3.SQLITE_FULL:
		return "the disk is full (or the database reached its size limit); this change was not written. Free some space"
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_AUTH:
		return "assessbridge may not open or write it: check the permissions of the file and of its folder"
	case sqlite3.SQLITE_IOERR:
		return "reading or writing the disk failed"
	}
	return ""
}

// IsBusy reports whether err is SQLite's "database is locked".
func IsBusy(err error) bool {
	return hasCode(err, sqlite3.SQLITE_BUSY) || hasCode(err, sqlite3.SQLITE_LOCKED)
}

// IsFull reports whether err is SQLite's "database or disk is full".
func IsFull(err error) bool { return hasCode(err, sqlite3.SQLITE_FULL) }

func hasCode(err error, code int) bool {
	var se *msqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == code
}

// InUse reports whether a program (a running assessbridge, or anything
// holding a lock) has the database at path open: it tries, without
// waiting, to take the file for itself and lets go at once. A file SQLite
// cannot read is reported as not in use.
func InUse(ctx context.Context, path string) (bool, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	db, err := sql.Open("sqlite", "file:"+uriPath(path)+"?_pragma=busy_timeout(0)&_pragma=locking_mode(EXCLUSIVE)")
	if err != nil {
		return false, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		if IsBusy(err) {
			return true, nil
		}
		return false, nil
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN EXCLUSIVE`); err != nil {
		return IsBusy(err), nil
	}
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		return false, fileError(path, "cannot be released", err)
	}
	return false, nil
}

// ReadOnlyDSN is a data source name that reads the database at path and
// never writes it, waiting out a writer's lock as the app's own readers do.
func ReadOnlyDSN(path string) string {
	return "file:" + uriPath(path) + "?mode=ro&_pragma=busy_timeout(5000)"
}
