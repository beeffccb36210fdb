// Package sqlite is where assessbridge remembers: candidates, invitations and
// their history, trigger stages, settings and the activity log, in one SQLite
// file that River's job tables share.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the app's database: one writer connection (SQLite allows one writer;
// River asks for a single connection) and a small pool of readers for the
// dashboard, which WAL mode lets run beside the writer.
type DB struct {
	path   string
	writer *sql.DB
	reader *sql.DB
	now    func() time.Time

	// The write-ahead log is copied into the database file in the
	// background (see checkpoints), not by whichever commit fills it.
	checkpointer *sql.DB
	stop         chan struct{}
	stopped      chan struct{}

	folder FolderAccess
}

// CheckpointInterval is how often, by default, the write-ahead log is copied
// into the database file in the background (see checkpoints).
const CheckpointInterval = time.Second

// Option changes how Open opens a database.
type Option func(*options)

type options struct {
	// checkpointTick starts the background checkpoints' clock; it returns
	// the channel they run on and what stops it.
	checkpointTick func() (<-chan time.Time, func())
}

// CheckpointEvery copies the write-ahead log into the database file every d
// instead of every CheckpointInterval; d <= 0 turns the background
// checkpoints off (SQLite then checkpoints within a commit, past 40 MB).
func CheckpointEvery(d time.Duration) Option {
	return func(o *options) {
		if d <= 0 {
			o.checkpointTick = func() (<-chan time.Time, func()) { return nil, func() {} }
			return
		}
		o.checkpointTick = func() (<-chan time.Time, func()) {
			t := time.NewTicker(d)
			return t.C, t.Stop
		}
	}
}

// CheckpointOn copies the write-ahead log whenever tick delivers: a test
// decides when a checkpoint happens, and that none happens meanwhile.
func CheckpointOn(tick <-chan time.Time) Option {
	return func(o *options) {
		o.checkpointTick = func() (<-chan time.Time, func()) { return tick, func() {} }
	}
}

// Open opens (creating if needed) the database at path and brings both the
// app's schema and River's up to date.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	o := options{}
	CheckpointEvery(CheckpointInterval)(&o)
	for _, opt := range opts {
		opt(&o)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: data folder: %w", err)
	}
	// Private before SQLite opens anything: a new file is made 0600, one an
	// earlier version left readable is tightened, and the -wal and -shm
	// files SQLite creates take the database file's mode. Modes only: no
	// file's content changes.
	folder, err := makeDataFolderPrivate(path)
	if err != nil {
		return nil, err
	}
	// Look before writing: a damaged file or another program's database is
	// refused untouched (even switching it to WAL would change its header).
	if err := Check(ctx, path); err != nil {
		return nil, err
	}
	if err := CreatePrivate(path); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("sqlite: %s cannot be created: %w", path, err)
	}
	writer, err := openCached(dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetConnMaxIdleTime(0)
	reader, err := openCached(dsn(path, true))
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	reader.SetMaxOpenConns(4)
	checkpointer, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		writer.Close()
		reader.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	checkpointer.SetMaxOpenConns(1)
	db := &DB{path: path, writer: writer, reader: reader, now: time.Now, checkpointer: checkpointer,
		stop: make(chan struct{}), stopped: make(chan struct{}), folder: folder}
	tick, stopTick := o.checkpointTick()
	go db.checkpoints(tick, stopTick)
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// checkpoints copies the write-ahead log into the database file at every
// tick, on a connection of its own. SQLite would otherwise do it within
// the commit that grows the log past its threshold, and with the file's
// flush to disk that commit (say, a burst of webhooks waiting on it) would
// take several times as long. A passive checkpoint waits for nobody: the
// writer goes on appending meanwhile, and readers keep their snapshots.
func (db *DB) checkpoints(tick <-chan time.Time, stopTick func()) {
	defer close(db.stopped)
	defer stopTick()
	for {
		select {
		case <-db.stop:
			return
		case <-tick:
			// A checkpoint that fails is left to the next tick, or to the
			// commit that takes the log past its threshold.
			db.checkpointer.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

func dsn(path string, readOnly bool) string {
	return "file:" + uriPath(path) + "?" + params(readOnly).Encode()
}

// uriPath escapes what a SQLite URI filename (and the driver, which splits
// the DSN at its first '?') would otherwise take for a query, a fragment or
// an escape: a data folder may well be called "C# projects" or "50% done".
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(filepath.ToSlash(path))
}

func params(readOnly bool) url.Values {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(5000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		// 16 MB of pages each rather than 2: the dashboard's reads seek
		// all over indexes of tens of megabytes at 500,000 invitations.
		q.Add("_pragma", "cache_size(-16384)")
	} else {
		q.Set("_txlock", "immediate")
		// Commits leave checkpoints to the background, up to a log of
		// 10,000 pages (40 MB): past that, should the background fall
		// behind, a commit does it as usual.
		q.Add("_pragma", "wal_autocheckpoint(10000)")
	}
	return q
}

func (db *DB) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.writer, sub)
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fileError(db.path, "cannot be brought up to date", err)
	}
	m, err := rivermigrate.New(riversqlite.New(db.writer), nil)
	if err != nil {
		return fmt.Errorf("sqlite: job migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fileError(db.path, "job tables cannot be brought up to date", err)
	}
	releaseMigrationMemory()
	return nil
}

// releaseMigrationMemory returns to the system what bringing a new file up
// to date took. The migrations' parser borrows a 4 MB buffer for each file
// from a pool that only empties over two collections: a heap profile of a
// first start showed 16 MB of them, kept for the first minute or so, and the
// collector's goal doubled on top of them (RSS 48 MiB idle, against 31 MiB
// once they are gone). Two collections and a release cost a few
// milliseconds, once per start.
func releaseMigrationMemory() {
	runtime.GC()
	debug.FreeOSMemory()
}

// Writer is the single writing connection, shared with River so that a row
// and the job that follows it commit together.
func (db *DB) Writer() *sql.DB { return db.writer }

// FolderAccess says whether other users of this computer could read the
// data folder when it was opened, and whether assessbridge made it private.
func (db *DB) FolderAccess() FolderAccess { return db.folder }

// Path is the database file.
func (db *DB) Path() string { return db.path }

// SetClock replaces the clock (tests).
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// Close closes the pools.
func (db *DB) Close() error {
	select {
	case <-db.stop:
	default:
		close(db.stop)
	}
	<-db.stopped
	return errors.Join(db.reader.Close(), db.writer.Close(), db.checkpointer.Close())
}

// Tx runs fn in a write transaction, committing when it returns nil.
func (db *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fileError(db.path, "cannot start a write", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		if plainWhy(err) != "" {
			return fileError(db.path, "cannot write", err)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fileError(db.path, "cannot commit", err)
	}
	return nil
}

// execer is what both *sql.DB and *sql.Tx offer.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func ms(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func fromMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64)
}

// inList is the condition "column IN (?, ?, …)" over values, and its
// arguments.
func inList[T ~string](column string, values []T) (string, []any) {
	ph := make([]string, len(values))
	args := make([]any, len(values))
	for i, v := range values {
		ph[i], args[i] = "?", string(v)
	}
	return column + " IN (" + strings.Join(ph, ",") + ")", args
}

// likePattern escapes s for a LIKE ... ESCAPE '\' search.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// RequeueInterruptedJobs makes the jobs a copy of the database shows as
// running available again. Only for a file no worker has open, such as a
// backup being restored: nothing can be running them, and River would
// otherwise leave them for its rescuer (an hour). Jobs are idempotent, so
// running one again is safe.
func (db *DB) RequeueInterruptedJobs(ctx context.Context) (int64, error) {
	res, err := db.writer.ExecContext(ctx, `UPDATE river_job SET state = 'available' WHERE state = 'running' AND attempt < max_attempts`)
	if err != nil {
		return 0, fileError(db.path, "cannot requeue interrupted jobs", err)
	}
	return res.RowsAffected()
}

// Checkpoint copies the write-ahead log into the database file and empties it.
func (db *DB) Checkpoint(ctx context.Context) error {
	var busy, logged, moved int
	if err := db.writer.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &moved); err != nil {
		return fileError(db.path, "cannot checkpoint", err)
	}
	if busy != 0 {
		return fmt.Errorf("sqlite: %s: checkpoint blocked by a reader", db.path)
	}
	return nil
}
