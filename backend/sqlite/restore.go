package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// schemaObject is one row of sqlite_master: a table, index, view or trigger.
type schemaObject struct{ kind, name, table, sql string }

func (o schemaObject) String() string { return o.kind + " " + o.name }

// CheckBackup checks that the file at path may be restored: Check passes,
// and its schema is exactly the one assessbridge itself makes at the
// versions the file records, tables, indexes and River's job tables
// included. A trigger, view or table of anyone else's would run, or be
// read, inside the app once restored; such a file is refused, unchanged.
func CheckBackup(ctx context.Context, path string) error {
	if err := Check(ctx, path); err != nil {
		return err
	}
	db, err := openToLook(path)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := schemaVersions(ctx, db)
	if err != nil {
		return fileError(path, "cannot be read", err)
	}
	if v.app == 0 {
		return fmt.Errorf("sqlite: %s is not an assessbridge backup: it holds no assessbridge tables", path)
	}
	got, err := schemaOf(ctx, db)
	if err != nil {
		return fileError(path, "cannot be read", err)
	}
	want, err := referenceSchema(ctx, v)
	if err != nil {
		return err
	}
	foreign, missing := schemaDifference(got, want)
	if len(foreign) == 0 && len(missing) == 0 {
		return nil
	}
	var why []string
	if len(foreign) > 0 {
		why = append(why, "it holds what assessbridge never makes ("+listed(foreign)+")")
	}
	if len(missing) > 0 {
		why = append(why, "it lacks what assessbridge makes ("+listed(missing)+")")
	}
	return fmt.Errorf("sqlite: %s is not exactly an assessbridge database: %s. It was not restored; restore a backup made with `assessbridge backup`",
		path, strings.Join(why, "; "))
}

func listed(objs []schemaObject) string {
	names := make([]string, 0, min(len(objs), 6))
	for i, o := range objs {
		if i == 5 {
			names = append(names, "…")
			break
		}
		names = append(names, o.String())
	}
	return strings.Join(names, ", ")
}

// schemaDifference is what got has beyond want (or differently made), and
// what it lacks. SQLite's statistics tables (ANALYZE) are its own, not the
// app's schema: they are allowed.
func schemaDifference(got, want []schemaObject) (foreign, missing []schemaObject) {
	wanted := map[schemaObject]bool{}
	for _, o := range want {
		wanted[o] = true
	}
	for _, o := range got {
		if wanted[o] {
			delete(wanted, o)
			continue
		}
		if o.kind == "table" && strings.HasPrefix(o.name, "sqlite_stat") {
			continue
		}
		foreign = append(foreign, o)
	}
	for o := range wanted {
		missing = append(missing, o)
	}
	sort.Slice(missing, func(i, j int) bool { return missing[i].name < missing[j].name })
	return foreign, missing
}

func schemaOf(ctx context.Context, db *sql.DB) ([]schemaObject, error) {
	rows, err := db.QueryContext(ctx, `SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.kind, &o.name, &o.table, &o.sql); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

var references struct {
	sync.Mutex
	byVersion map[versions][]schemaObject
}

// referenceSchema is the schema of a new database brought to v by this
// binary's own migrations: what a backup at v must hold, no more, no less.
func referenceSchema(ctx context.Context, v versions) ([]schemaObject, error) {
	references.Lock()
	defer references.Unlock()
	if s, ok := references.byVersion[v]; ok {
		return s, nil
	}
	dir, err := os.MkdirTemp("", "assessbridge-schema-")
	if err != nil {
		return nil, fmt.Errorf("sqlite: a reference database for the check: %w", err)
	}
	defer os.RemoveAll(dir)
	db, err := sql.Open("sqlite", "file:"+uriPath(filepath.Join(dir, "reference.db")))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	s, err := migrateTo(ctx, db, v)
	if err != nil {
		return nil, fmt.Errorf("sqlite: a reference database at version %d.%d: %w", v.app, v.jobs, err)
	}
	if references.byVersion == nil {
		references.byVersion = map[versions][]schemaObject{}
	}
	references.byVersion[v] = s
	return s, nil
}

func migrateTo(ctx context.Context, db *sql.DB, v versions) ([]schemaObject, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub)
	if err != nil {
		return nil, err
	}
	if _, err := p.UpTo(ctx, v.app); err != nil {
		return nil, err
	}
	if v.jobs > 0 {
		m, err := rivermigrate.New(riversqlite.New(db), nil)
		if err != nil {
			return nil, err
		}
		if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{TargetVersion: int(v.jobs)}); err != nil {
			return nil, err
		}
	}
	return schemaOf(ctx, db)
}
