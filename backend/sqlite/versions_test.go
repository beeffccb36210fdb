package sqlite_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/sqlite/sqlitetest"
)

func TestAnOlderAssessbridgeRefusesADatabaseANewerOneWrote(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct{ name, write string }{
		{"app", `INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, 1)`},
		{"jobs", `INSERT INTO river_migration (line, version) VALUES ('main', 9999)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := closedDatabase(t)
			// What a newer version's migration would leave: a version this one lacks.
			sqlitetest.Exec(t, path, tt.write)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if db, err := sqlite.Open(ctx, path); err == nil {
				db.Close()
				t.Fatal("Open ran on a database a newer version wrote")
			} else if !strings.Contains(err.Error(), "newer assessbridge") || !strings.Contains(err.Error(), path) {
				t.Errorf("Open = %v, want it to say a newer assessbridge wrote %s", err, path)
			}
			if err := sqlite.Check(ctx, path); err == nil || !strings.Contains(err.Error(), "newer assessbridge") {
				t.Errorf("Check = %v, want it to say a newer assessbridge wrote it", err)
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Error("the refused database was changed")
			}
		})
	}
}
