package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/sqlite/sqlitetest"
)

func tableExists(t *testing.T, db *sqlite.DB, name string) bool {
	t.Helper()
	var n int
	if err := db.Writer().QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func TestOpenRunsMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "folder", "data.db")
	db := openAt(t, path)
	defer db.Close()
	if db.Path() != path {
		t.Errorf("Path = %q, want %q", db.Path(), path)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file not created: %v", err)
	}
	for _, table := range []string{"settings", "trigger_stages", "candidates", "invitations", "invitation_history",
		"activity", "seen_deliveries", "stage_entries", "river_job"} {
		if !tableExists(t, db, table) {
			t.Errorf("table %s missing after Open", table)
		}
	}
	var mode string
	if err := db.Writer().QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := db.Writer().QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1", fk, err)
	}
}

func TestOpenTwiceKeepsData(t *testing.T) {
	path := closedDatabase(t)
	db := openAt(t, path)
	defer db.Close()
	got, err := db.Setting(context.Background(), sqlite.SettingPerformAs)
	if err != nil || got != "kept" {
		t.Errorf("after reopen Setting = %q, %v; want kept", got, err)
	}
}

func TestOpenRefusesWhatIsNotItsDatabase(t *testing.T) {
	tests := []struct {
		name  string
		write func(t *testing.T, path string)
	}{
		{
			name: "garbage bytes",
			write: func(t *testing.T, path string) {
				junk := []byte(strings.Repeat("this is certainly not a database file\x00\xff", 200))
				if err := os.WriteFile(path, junk, 0o600); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			name: "another program's SQLite file",
			write: func(t *testing.T, path string) {
				sqlitetest.Exec(t, path, `CREATE TABLE settings (name TEXT, colour TEXT)`)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "data.db")
			tt.write(t, path)
			db, err := sqlite.Open(context.Background(), path)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded, want an error")
			}
			if db != nil {
				t.Errorf("Open returned a DB together with error %v", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "sqlite: ") || !strings.Contains(msg, path) {
				t.Errorf("error %q should start with sqlite: and name the file", msg)
			}
		})
	}
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	if got, err := db.Setting(ctx, sqlite.SettingPollInterval); err != nil || got != "" {
		t.Fatalf("unset setting = %q, %v", got, err)
	}
	steps := []struct {
		value string
		want  string
	}{
		{"5m", "5m"},
		{"10m", "10m"}, // overwritten
		{"", ""},       // an empty value removes it
	}
	for _, s := range steps {
		if err := db.SetSetting(ctx, sqlite.SettingPollInterval, s.value); err != nil {
			t.Fatal(err)
		}
		if got, err := db.Setting(ctx, sqlite.SettingPollInterval); err != nil || got != s.want {
			t.Errorf("after SetSetting(%q): Setting = %q, %v; want %q", s.value, got, err, s.want)
		}
	}

	// Inside a transaction, rolled back and committed.
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if err := sqlite.SetSettingTx(ctx, tx, sqlite.SettingLeverEnvironment, "sandbox", c.Now()); err != nil {
			return err
		}
		return backend.Errorf(backend.EINVALID, "changed my mind")
	})
	if backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("Tx returned %v, want the function's error", err)
	}
	if got, _ := db.Setting(ctx, sqlite.SettingLeverEnvironment); got != "" {
		t.Errorf("rolled-back setting = %q, want none", got)
	}
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		return sqlite.SetSettingTx(ctx, tx, sqlite.SettingLeverEnvironment, "sandbox", c.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Setting(ctx, sqlite.SettingLeverEnvironment); got != "sandbox" {
		t.Errorf("committed setting = %q, want sandbox", got)
	}
}

func TestReplaceTriggerStages(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	t1 := t0.Add(time.Hour)
	t2 := t0.Add(2 * time.Hour)

	type want struct {
		id, name string
		since    time.Time
	}
	steps := []struct {
		name   string
		at     time.Time
		stages []backend.TriggerStage
		want   []want // oldest first
	}{
		{
			name:   "first stages start now",
			at:     t0,
			stages: []backend.TriggerStage{{StageID: "st-screen", Name: "Phone screen"}, {StageID: "st-tech", Name: "Technical"}},
			want:   []want{{"st-screen", "Phone screen", t0}, {"st-tech", "Technical", t0}},
		},
		{
			name: "kept stage keeps its since, new one starts now, dropped one goes",
			at:   t1,
			// Since given by the caller is ignored: the database decides.
			stages: []backend.TriggerStage{{StageID: "st-onsite", Name: "Onsite", Since: t0.Add(-time.Hour)}, {StageID: "st-tech", Name: "Technical interview"}},
			want:   []want{{"st-tech", "Technical interview", t0}, {"st-onsite", "Onsite", t1}},
		},
		{
			name:   "an empty name keeps the known one; a duplicate is harmless",
			at:     t2,
			stages: []backend.TriggerStage{{StageID: "st-tech"}, {StageID: "st-onsite", Name: "Onsite"}, {StageID: "st-tech"}},
			want:   []want{{"st-tech", "Technical interview", t0}, {"st-onsite", "Onsite", t1}},
		},
		{
			name:   "a stage dropped and added back starts again",
			at:     t2,
			stages: []backend.TriggerStage{{StageID: "st-screen", Name: "Phone screen"}, {StageID: "st-onsite"}},
			want:   []want{{"st-onsite", "Onsite", t1}, {"st-screen", "Phone screen", t2}},
		},
		{
			name:   "none",
			at:     t2.Add(time.Minute),
			stages: nil,
			want:   nil,
		},
	}
	for _, s := range steps {
		c.Set(s.at)
		got, err := db.ReplaceTriggerStages(ctx, s.stages)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		listed, err := db.TriggerStages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, list := range [][]backend.TriggerStage{got, listed} {
			if len(list) != len(s.want) {
				t.Fatalf("%s: stages = %+v, want %+v", s.name, list, s.want)
			}
			for i, w := range s.want {
				g := list[i]
				if g.StageID != w.id || g.Name != w.name || !g.Since.Equal(w.since) {
					t.Errorf("%s: stage %d = %s %q since %v, want %s %q since %v", s.name, i, g.StageID, g.Name, g.Since.UTC(), w.id, w.name, w.since)
				}
			}
		}
	}
}

func TestReplaceTriggerStagesRefusesAnEmptyID(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	if _, err := db.ReplaceTriggerStages(ctx, []backend.TriggerStage{{StageID: "st-a"}}); err != nil {
		t.Fatal(err)
	}
	_, err := db.ReplaceTriggerStages(ctx, []backend.TriggerStage{{StageID: "st-b"}, {StageID: "", Name: "Nameless"}})
	if backend.ErrorCode(err) != backend.EINVALID {
		t.Fatalf("err = %v (code %s), want %s", err, backend.ErrorCode(err), backend.EINVALID)
	}
	got, err := db.TriggerStages(ctx)
	if err != nil || len(got) != 1 || got[0].StageID != "st-a" {
		t.Errorf("after a refused replace, stages = %+v, %v; want st-a only", got, err)
	}
}

func TestTriggerStageLookups(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	c.Set(t0.Add(30 * time.Minute))
	if _, err := db.ReplaceTriggerStages(ctx, []backend.TriggerStage{{StageID: "st-a", Name: "Assessment"}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		stage    string
		want     bool
		wantCode string
	}{
		{"st-a", true, ""},
		{"st-b", false, backend.ENOTFOUND},
		{"", false, backend.ENOTFOUND},
	}
	for _, tt := range tests {
		s, err := db.TriggerStage(ctx, tt.stage)
		if tt.want {
			if err != nil || s.Name != "Assessment" || !s.Since.Equal(t0.Add(30*time.Minute)) {
				t.Errorf("TriggerStage(%q) = %+v, %v", tt.stage, s, err)
			}
		} else if backend.ErrorCode(err) != tt.wantCode {
			t.Errorf("TriggerStage(%q) err = %v, want code %s", tt.stage, err, tt.wantCode)
		}
		var is bool
		var name string
		err = db.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			name, is, err = sqlite.TriggerStageName(ctx, tx, tt.stage)
			return err
		})
		if err != nil || is != tt.want || (tt.want && name != "Assessment") {
			t.Errorf("TriggerStageName(%q) = %q, %v, %v; want %v", tt.stage, name, is, err, tt.want)
		}
	}
}

// Commits leave the write-ahead log to grow; the log is copied into the
// database file in the background: at each tick of the checkpoint clock,
// and by default within about a second.
func TestWriteAheadLogIsCheckpointedInTheBackground(t *testing.T) {
	fill := func(t *testing.T, db *sqlite.DB) {
		t.Helper()
		if _, err := db.Writer().Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 2000)
			INSERT INTO filler SELECT printf('%0500d', i) FROM n`); err != nil {
			t.Fatal(err)
		}
	}
	checkpointed := func(t *testing.T, path string, before int64) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for fileSize(t, path) < before+900_000 {
			if time.Now().After(deadline) {
				t.Fatalf("the database file is still %d bytes after 5 s: the log was not checkpointed", fileSize(t, path))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	t.Run("at each tick", func(t *testing.T) {
		tick := make(chan time.Time)
		db, _ := openDB(t, sqlite.CheckpointOn(tick))
		if _, err := db.Writer().Exec(`CREATE TABLE filler (v TEXT)`); err != nil {
			t.Fatal(err)
		}
		// No tick yet: nothing but the commit can write the file.
		before := fileSize(t, db.Path())
		fill(t, db)
		if got := fileSize(t, db.Path()); got != before {
			t.Fatalf("the commit itself wrote the database file (%d → %d bytes): it should only append to the log", before, got)
		}
		tick <- time.Now()
		checkpointed(t, db.Path(), before)
	})
	t.Run("by default", func(t *testing.T) {
		db, _ := openDB(t)
		if _, err := db.Writer().Exec(`CREATE TABLE filler (v TEXT)`); err != nil {
			t.Fatal(err)
		}
		before := fileSize(t, db.Path())
		fill(t, db)
		checkpointed(t, db.Path(), before)
	})
}
