package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

func TestListInvitationsCarriesTheRoutingOutcome(t *testing.T) {
	ctx := context.Background()
	d := seedDashboard(t)
	if err := d.db.SaveRoutingRules(ctx, backend.RoutingRules{AssessmentID: "a-go", Cut: backend.CutScore, CutScore: 70,
		PassStageID: "stage-onsite", PassStageName: "On-site interview", FailArchive: backend.ArchiveSuggest, FailReasonID: "r-1"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []sqlite.Routed{
		{InvitationID: d.ids["ada-go"], Outcome: backend.ScorePassed, MoveTo: "stage-onsite", MoveState: sqlite.StepDone},
		{InvitationID: d.ids["jade-sql"], Outcome: backend.ScoreFailed, ArchiveMode: backend.ArchiveSuggest, ArchiveReasonID: "r-1",
			ArchiveState: sqlite.StepLeft, Note: "Lever had already archived them."},
	} {
		if _, err := d.db.RecordRouting(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for _, sort := range []string{"", "name", "score", "updated", "oldest"} {
		page, err := d.db.ListInvitations(ctx, sqlite.InvitationFilter{Sort: sort})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Invitations) != len(d.ids) {
			t.Fatalf("sort %q: %d invitations, want %d", sort, len(page.Invitations), len(d.ids))
		}
		want := map[int64]sqlite.RoutedRow{
			d.ids["ada-go"]: {Outcome: backend.ScorePassed, MoveTo: "stage-onsite", MoveToName: "On-site interview", MoveState: sqlite.StepDone},
			d.ids["jade-sql"]: {Outcome: backend.ScoreFailed, ArchiveMode: backend.ArchiveSuggest, ArchiveState: sqlite.StepLeft,
				Note: "Lever had already archived them."},
		}
		if len(page.Routed) != len(want) {
			t.Errorf("sort %q: routed = %+v", sort, page.Routed)
		}
		for id, w := range want {
			if got := page.Routed[id]; got != w {
				t.Errorf("sort %q: routed[%d] = %+v, want %+v", sort, id, got, w)
			}
		}
	}
}

func TestDeadlinesCarryTheReminder(t *testing.T) {
	ctx := context.Background()
	d := seedDashboard(t)
	id := d.ids["percy-sql"]
	due := time.Now().Add(72 * time.Hour).Truncate(time.Millisecond)
	remind := due.Add(-48 * time.Hour)
	if err := d.db.SetDeadline(ctx, id, due, remind); err != nil {
		t.Fatal(err)
	}
	marks, err := d.db.Deadlines(ctx, []int64{id, d.ids["ada-go"]})
	if err != nil {
		t.Fatal(err)
	}
	if m := marks[id]; !m.ExpiresAt.Equal(due) || !m.ReminderAt.Equal(remind) {
		t.Errorf("deadline = %+v, want due %v, reminder %v", m, due, remind)
	}
	if m := marks[d.ids["ada-go"]]; !m.ReminderAt.IsZero() {
		t.Errorf("no reminder set, got %+v", m)
	}
}
