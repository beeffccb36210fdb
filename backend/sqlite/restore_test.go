package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/sqlite/sqlitetest"
)

func TestOnlyADatabaseWithExactlyTheAppsOwnSchemaIsRestored(t *testing.T) {
	ctx := context.Background()
	if err := sqlite.CheckBackup(ctx, closedDatabase(t)); err != nil {
		t.Fatalf("the app's own database is refused: %v", err)
	}
	for _, tt := range []struct{ name, says, stmt string }{
		{"a trigger", "trigger leak", `CREATE TRIGGER leak AFTER INSERT ON invitations BEGIN UPDATE settings SET value = 'x'; END`},
		{"a view", "view everyone", `CREATE VIEW everyone AS SELECT email FROM candidates`},
		{"a table", "table extra", `CREATE TABLE extra (x)`},
		{"an index", "index by_email", `CREATE INDEX by_email ON candidates (email)`},
		{"a job table trigger", "trigger run_away", `CREATE TRIGGER run_away AFTER UPDATE ON river_job BEGIN DELETE FROM river_job; END`},
		{"a changed table", "table settings", `ALTER TABLE settings ADD COLUMN note TEXT`},
		{"a missing index", "lacks what assessbridge makes", `DROP INDEX invitations_result`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := closedDatabase(t)
			sqlitetest.Exec(t, path, tt.stmt)
			err := sqlite.CheckBackup(ctx, path)
			if err == nil || !strings.Contains(err.Error(), tt.says) || !strings.Contains(err.Error(), path) {
				t.Errorf("CheckBackup with %s = %v, want a refusal naming the file and saying %q", tt.name, err, tt.says)
			}
		})
	}
}

func TestABackupAnOlderVersionMadeIsRestored(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	p, err := goose.NewProvider(goose.DialectSQLite3, db, os.DirFS("migrations"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	m, err := rivermigrate.New(riversqlite.New(db), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, &rivermigrate.MigrateOpts{TargetVersion: 4}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := sqlite.CheckBackup(ctx, path); err != nil {
		t.Errorf("a backup at an older schema is refused: %v", err)
	}
}
