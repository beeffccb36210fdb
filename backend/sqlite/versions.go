package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// versions is where a database's schema stands: the app's own migrations
// (goose) and River's job tables.
type versions struct{ app, jobs int64 }

// schemaVersions reads the versions a database records. A table that is not
// there counts as version 0.
func schemaVersions(ctx context.Context, db *sql.DB) (versions, error) {
	var v versions
	for _, q := range []struct {
		table, query string
		into         *int64
	}{
		{"goose_db_version", `SELECT coalesce(max(version_id), 0) FROM goose_db_version WHERE is_applied`, &v.app},
		{"river_migration", `SELECT coalesce(max(version), 0) FROM river_migration`, &v.jobs},
	} {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, q.table).Scan(&n); err != nil {
			return v, err
		}
		if n == 0 {
			continue
		}
		if err := db.QueryRowContext(ctx, q.query).Scan(q.into); err != nil {
			return v, err
		}
	}
	return v, nil
}

// newestVersions is the newest schema this binary can bring a database to.
var newestVersions = sync.OnceValue(func() versions {
	var v versions
	entries, _ := fs.ReadDir(migrations, "migrations")
	for _, e := range entries {
		n, err := strconv.ParseInt(strings.SplitN(e.Name(), "_", 2)[0], 10, 64)
		if err == nil && n > v.app {
			v.app = n
		}
	}
	m, err := rivermigrate.New(riversqlite.New(nil), nil)
	if err != nil {
		// River's own embedded migrations: cannot fail unless River is broken.
		panic(err)
	}
	for _, mig := range m.AllVersions() {
		v.jobs = max(v.jobs, int64(mig.Version))
	}
	return v
})
