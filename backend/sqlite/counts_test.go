package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/clocktest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// countRow is one assessment and status: how many invitations, how many of
// them were ever invited and ever started.
type countRow struct {
	assessment, status  string
	n, invited, started int
}

func countRows(t *testing.T, db *sqlite.DB, query string) []countRow {
	t.Helper()
	rows, err := db.Writer().Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []countRow
	for rows.Next() {
		var r countRow
		if err := rows.Scan(&r.assessment, &r.status, &r.n, &r.invited, &r.started); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkKeptCounts compares the counts the triggers keep with a count of the
// invitations themselves.
func checkKeptCounts(t *testing.T, db *sqlite.DB, after string) {
	t.Helper()
	kept := countRows(t, db, `SELECT assessment_id, status, n, invited, started FROM invitation_counts
		WHERE n > 0 ORDER BY assessment_id, status`)
	counted := countRows(t, db, `SELECT assessment_id, status, count(*), sum(invited_at IS NOT NULL), sum(started_at IS NOT NULL)
		FROM invitations GROUP BY assessment_id, status ORDER BY assessment_id, status`)
	if !slices.Equal(kept, counted) {
		t.Errorf("after %s: kept counts %+v, counted %+v", after, kept, counted)
	}
	if len(counted) == 0 {
		t.Errorf("after %s: nothing counted; the check checks nothing", after)
	}
}

// TestKeptCountsFollowEveryChange: the counts behind the funnel and the
// assessments' status counts are kept by triggers rather than counted on each
// request. Whatever changes an invitation, they stay what a count would give,
// and they are rebuilt from the invitations when the migration runs on a
// database that already has some.
func TestKeptCountsFollowEveryChange(t *testing.T) {
	ctx := context.Background()
	d := seedDashboard(t)
	db := d.db
	checkKeptCounts(t, db, "new invitations walked to every status")

	// The failed one is retried, invited, started, and submitted.
	john := d.ids["john-go"]
	if err := db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := sqlite.RetryInvitation(ctx, tx, john, time.Now())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	checkKeptCounts(t, db, "a retry")
	if err := db.MarkInvited(ctx, john, backend.ProviderInvitation{InvitationID: "qi-john", ResultID: "res-john"}); err != nil {
		t.Fatal(err)
	}
	checkKeptCounts(t, db, "an invitation")
	for _, s := range []backend.Status{backend.StatusStarted, backend.StatusSubmitted} {
		if _, err := db.ApplyResult(ctx, john, backend.Result{Status: s, StartedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		checkKeptCounts(t, db, "a result: "+string(s))
	}

	// A failed invitation tried again under a new title, as after a rename in Qualified.
	fail := invitationIn(t, db, clocktest.New(t0), "opp-fail", backend.StatusFailed)
	retried := intent("opp-fail", "a-go", "Go Backend (2026)")
	ensure(t, db, candidate("opp-fail", "Fay Ling", "fay@example.com", "p-eng", "Backend Engineer"), retried, time.Now())
	checkKeptCounts(t, db, "a retry under a new title")
	if got := mustInvitation(t, db, fail.ID); got.Status != backend.StatusPending {
		t.Fatalf("set-up: the retried invitation is %s", got.Status)
	}

	// Writes that touch none of the counted columns, or set them to what they were.
	for _, q := range []string{
		`UPDATE invitations SET applied_tag = 'Go Backend - Invited'`,
		`UPDATE invitations SET status = status, invited_at = invited_at, assessment_title = assessment_title`,
		`UPDATE invitations SET started_at = NULL WHERE id = ` + strconv.FormatInt(d.ids["ada-sql"], 10),
		`UPDATE invitations SET assessment_id = 'a-sql' WHERE id = ` + strconv.FormatInt(d.ids["grace-go"], 10),
		`DELETE FROM invitation_history WHERE invitation_id = ` + strconv.FormatInt(d.ids["percy-sql"], 10),
		`DELETE FROM invitations WHERE id = ` + strconv.FormatInt(d.ids["percy-sql"], 10),
	} {
		if _, err := db.Writer().Exec(q); err != nil {
			t.Fatal(err)
		}
		checkKeptCounts(t, db, q)
	}

	// An imported history is counted as it is written.
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	imported := backend.Invitation{OpportunityID: "opp-old", AssessmentID: "a-new", AssessmentTitle: "Data Structures",
		MatchedTag: "Data Structures", TagPlace: backend.TagOnCandidate, StageID: "st-tech", Status: backend.StatusStarted,
		CreatedAt: day, UpdatedAt: day.Add(time.Hour), InvitedAt: day, StartedAt: day.Add(time.Hour),
		Candidate: candidate("opp-old", "Old Timer", "old@example.com", "p-eng", "Backend Engineer")}
	if err := db.ImportInvitations(ctx, []backend.Invitation{imported}); err != nil {
		t.Fatal(err)
	}
	checkKeptCounts(t, db, "an import")

	// The migration counts what is already there.
	migrations, err := goose.NewProvider(goose.DialectSQLite3, db.Writer(), os.DirFS("migrations"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.DownTo(ctx, 5); err != nil {
		t.Fatal(err)
	}
	if tableExists(t, db, "invitation_counts") {
		t.Fatal("set-up: the counts are still there after migrating down")
	}
	if _, err := migrations.Up(ctx); err != nil {
		t.Fatal(err)
	}
	checkKeptCounts(t, db, "migrating a database with invitations")
	if err := db.MarkInvited(ctx, fail.ID, backend.ProviderInvitation{InvitationID: "qi-fail", ResultID: "res-fail"}); err != nil {
		t.Fatal(err)
	}
	checkKeptCounts(t, db, "an invitation after the migration")

	funnel, err := db.Funnel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, f := range funnel {
		titles[f.AssessmentID] = f.Title
	}
	if titles["a-new"] != "Data Structures" || titles["a-sql"] != "SQL Basics" {
		t.Errorf("funnel titles %v", titles)
	}
}
