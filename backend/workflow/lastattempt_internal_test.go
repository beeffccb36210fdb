package workflow

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// A batch of stage changes that cannot be split, because the database
// refuses to queue its decisions, ends with a failed, retryable line for
// each of its candidates, and Retry decides each again.
func TestNoCandidateMissedWhenABatchOfStageChangesCannotBeQueued(t *testing.T) {
	ctx := context.Background()
	db := OpenTestDB(t)
	if _, err := db.ReplaceTriggerStages(ctx, []backend.TriggerStage{{StageID: "stage-a", Name: "Coding assessment"}}); err != nil {
		t.Fatal(err)
	}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		return sqlite.UpsertCandidate(ctx, tx, backend.Candidate{OpportunityID: "opp-1", Name: "Ada Lovelace"}, time.Now())
	})
	if err != nil {
		t.Fatal(err)
	}
	// Neither Lever nor Qualified answers: splitting a batch asks neither.
	e := newUnreachableEngine(t, db, Config{FetchPollInterval: 20 * time.Millisecond,
		RetryDelay: func(int) time.Duration { return 50 * time.Millisecond }, MaxAttempts: 2, PollInterval: time.Hour})
	BreakWrites(t, db, "fault", "INSERT ON river_job", "NEW.kind = 'stage_change'")
	StartTestEngine(t, e)
	batch := StageChangesArgs{Changes: []StageChangeArgs{
		{OpportunityID: "opp-1", StageID: "stage-a", Source: SourceWebhook},
		{OpportunityID: "opp-2", StageID: "stage-a", Source: SourceWebhook},
	}}
	if _, err := e.river.Insert(ctx, batch, nil); err != nil {
		t.Fatal(err)
	}

	var lines []backend.Activity
	deadline := time.Now().Add(30 * time.Second)
	for len(lines) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("failed lines after the batch's last attempt: %+v", lines)
		}
		time.Sleep(20 * time.Millisecond)
		if lines, err = db.ListActivity(ctx, sqlite.ActivityFilter{Outcomes: []backend.Outcome{backend.OutcomeFailed}, Limit: 10}); err != nil {
			t.Fatal(err)
		}
	}
	said := map[string]string{}
	for _, l := range lines {
		if !Retryable(l) || l.StageID != "stage-a" {
			t.Fatalf("line %+v offers no retry", l)
		}
		said[l.OpportunityID] = l.Message
	}
	for opp, want := range map[string]string{"opp-1": "Ada Lovelace: entered Coding assessment, but nothing was decided.", "opp-2": "Candidate opp-2: entered Coding assessment"} {
		if !strings.Contains(said[opp], want) {
			t.Errorf("line for %s = %q, want it to say %q", opp, said[opp], want)
		}
	}

	HealWrites(t, db, "fault")
	for _, l := range lines {
		if err := e.RetryActivity(ctx, l.ID); err != nil {
			t.Fatal(err)
		}
	}
	res, err := e.river.JobList(ctx, river.NewJobListParams().Kinds(StageChangeArgs{}.Kind()).
		States(rivertype.JobStateAvailable, rivertype.JobStateRunning, rivertype.JobStateRetryable, rivertype.JobStateCompleted))
	if err != nil {
		t.Fatal(err)
	}
	decided := map[string]bool{}
	for _, j := range res.Jobs {
		var a StageChangeArgs
		json.Unmarshal(j.EncodedArgs, &a)
		decided[a.OpportunityID] = a.Source == SourceRetry
	}
	if !decided["opp-1"] || !decided["opp-2"] {
		t.Fatalf("Retry queued decisions for %v, want opp-1 and opp-2", decided)
	}
}

// A failure shown to the recruiter says, in plain words, what the database
// refused and when Retry will help: told from SQLite's own error codes.
func TestFailureReasonSaysWhatTheDatabaseRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "other.db")
	holder, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{`CREATE TABLE t (v TEXT)`, `BEGIN IMMEDIATE`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, busy := other.ExecContext(ctx, `INSERT INTO t VALUES ('x')`)
	conn.ExecContext(ctx, `COMMIT`)

	small, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "small.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close()
	small.SetMaxOpenConns(1)
	var full error
	for _, q := range []string{`CREATE TABLE t (v TEXT)`, `PRAGMA max_page_count = 4`} {
		if _, err := small.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 100 && full == nil; i++ {
		_, full = small.ExecContext(ctx, `INSERT INTO t VALUES (?)`, strings.Repeat("x", 2048))
	}

	for _, tc := range []struct {
		err  error
		want string
	}{
		{busy, "another program kept its database locked"},
		{full, "the disk or the database is full"},
		{forCandidate("Ada Lovelace", fmt.Errorf("sqlite: mark invited: %w", full)), "the disk or the database is full"},
		{internalError{"nil map"}, "internal error (nil map)"},
		{context.DeadlineExceeded, "took too long"},
	} {
		if tc.err == nil {
			t.Fatalf("no error to word for %q", tc.want)
		}
		if got := failureReason(tc.err); !strings.Contains(got, tc.want) || !strings.Contains(got, "Retry") {
			t.Errorf("failureReason(%v) = %q, want it to say %q and when to Retry", tc.err, got, tc.want)
		}
	}
}
