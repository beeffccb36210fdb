package sqlite_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
)

type noteArgs struct{ Opportunity string }

func (noteArgs) Kind() string { return "note" }

// A job that a killed process was running is available again, says why
// among its errors, and counts as rescued; a job in any other state is left
// as it is.
func TestRescueRunningJobs(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	jobs, err := river.NewClient(riversqlite.New(db.Writer()), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	running, err := jobs.Insert(ctx, noteArgs{"opp-1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	waiting, err := jobs.Insert(ctx, noteArgs{"opp-2"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// As a worker that took the job and then died leaves it.
	if _, err := db.Writer().Exec(`UPDATE river_job SET state = 'running', attempt = 1 WHERE id = ?`, running.Job.ID); err != nil {
		t.Fatal(err)
	}

	n, err := db.RescueRunningJobs(ctx, "stopped while this job was running")
	if err != nil || n != 1 {
		t.Fatalf("RescueRunningJobs = %d, %v; want 1 job", n, err)
	}
	got, err := jobs.JobGet(ctx, running.Job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != rivertype.JobStateAvailable || len(got.Errors) != 1 || got.Errors[0].Error != "stopped while this job was running" || got.Errors[0].Attempt != 1 {
		t.Errorf("rescued job: state %s, errors %+v; want available with the reason", got.State, got.Errors)
	}
	if !strings.Contains(string(got.Metadata), `"river:rescue_count":1`) {
		t.Errorf("rescued job's metadata %s counts no rescue", got.Metadata)
	}
	if other, err := jobs.JobGet(ctx, waiting.Job.ID); err != nil || len(other.Errors) != 0 || other.State != rivertype.JobStateAvailable {
		t.Errorf("a job that was not running: %+v, %v", other, err)
	}
	if n, err := db.RescueRunningJobs(ctx, "again"); err != nil || n != 0 {
		t.Errorf("a second rescue took up %d jobs (%v), want none", n, err)
	}
}

func TestDropJobLeader(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	if _, err := db.Writer().Exec(`INSERT INTO river_leader (elected_at, expires_at, leader_id) VALUES (datetime('now'), datetime('now', '+15 seconds'), 'dead-process')`); err != nil {
		t.Fatal(err)
	}
	if err := db.DropJobLeader(ctx); err != nil {
		t.Fatal(err)
	}
	var leader string
	if err := db.Writer().QueryRow(`SELECT leader_id FROM river_leader`).Scan(&leader); err != sql.ErrNoRows {
		t.Errorf("leader after the drop: %q (%v), want none", leader, err)
	}
	if err := db.DropJobLeader(ctx); err != nil {
		t.Errorf("dropping no leader: %v", err)
	}
}
