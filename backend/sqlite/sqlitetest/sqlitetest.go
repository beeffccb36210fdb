// Package sqlitetest makes and inspects database files for tests in other
// packages: a file as a recruiter's, one tampered with as assessbridge would
// never leave it, and the checks a backup must pass. The SQL they need stays
// here, beside the store.
package sqlitetest

import (
	"context"
	"database/sql"
	"testing"

	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// Seeded makes an assessbridge database at path whose perform-as setting is
// performAs, and closes it.
func Seeded(t testing.TB, path, performAs string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, sqlite.SettingPerformAs, performAs); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

// Setting reads one setting of the closed database at path.
func Setting(t testing.TB, path, key string) string {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	v, err := db.Setting(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Exec runs statements on a closed database file as another program
// would, outside assessbridge's own connections.
func Exec(t testing.TB, path string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// DivertingTrigger is the trigger AddDivertingTrigger adds.
const DivertingTrigger = "divert"

// AddDivertingTrigger adds to the database at path a trigger that would run
// inside the app: every new candidate's e-mail sent elsewhere.
func AddDivertingTrigger(t testing.TB, path string) {
	t.Helper()
	Exec(t, path, `CREATE TRIGGER `+DivertingTrigger+` AFTER INSERT ON candidates BEGIN
		UPDATE candidates SET email = 'x@evil.example' WHERE opportunity_id = new.opportunity_id; END`)
}

// MarkWrittenByNewer leaves in the database at path what a newer version's
// migration would: a schema version this one lacks.
func MarkWrittenByNewer(t testing.TB, path string) {
	t.Helper()
	Exec(t, path, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, 1)`)
}

// OtherProgramsDatabase makes at path a SQLite database of another program.
func OtherProgramsDatabase(t testing.TB, path string) {
	t.Helper()
	Exec(t, path, `CREATE TABLE notes (body TEXT)`)
}

// Whole checks that the database file at path (a backup, say) passes
// SQLite's integrity check and holds no invitation without its candidate,
// and returns how many invitations it holds. It only reads the file.
func Whole(t testing.TB, path string) (invitations int) {
	t.Helper()
	if err := sqlite.Check(context.Background(), path); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	db, err := sql.Open("sqlite", sqlite.ReadOnlyDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var verdict string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&verdict); err != nil || verdict != "ok" {
		t.Errorf("%s: integrity_check %q, %v", path, verdict, err)
	}
	var orphans int
	if err := db.QueryRow(`SELECT count(*) FROM invitations i LEFT JOIN candidates c ON c.opportunity_id = i.opportunity_id
		WHERE c.opportunity_id IS NULL`).Scan(&orphans); err != nil || orphans != 0 {
		t.Errorf("%s: %d invitations without their candidate (%v)", path, orphans, err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM invitations`).Scan(&invitations); err != nil {
		t.Fatal(err)
	}
	return invitations
}
