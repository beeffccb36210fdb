package sqlite_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// The sweep is handed every invitation whose work is not done (not sent;
// tag behind its status; submitted without its note), except those already
// shown failed since their last change.
func TestUnfinishedInvitationsAreThoseNotDoneAndNotShownFailed(t *testing.T) {
	ctx := context.Background()
	db, clk := openDB(t)
	ids := map[string]int64{}
	add := func(opp string) int64 {
		t.Helper()
		var inv backend.Invitation
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			if err := sqlite.UpsertCandidate(ctx, tx, backend.Candidate{OpportunityID: opp, Name: "Cand " + opp, Email: opp + "@example.com"}, clk.Now()); err != nil {
				return err
			}
			var err error
			inv, _, err = sqlite.EnsureInvitation(ctx, tx, backend.Invitation{OpportunityID: opp, AssessmentID: "a1", AssessmentTitle: "Backend Challenge",
				MatchedTag: "Backend Challenge", TagPlace: backend.TagOnCandidate, StageID: "s", Status: backend.StatusPending}, clk.Now())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		ids[opp] = inv.ID
		return inv.ID
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	invited := func(opp string) int64 {
		id := add(opp)
		must(db.MarkInvited(ctx, id, backend.ProviderInvitation{InvitationID: "p-" + opp, ResultID: "r-" + opp}))
		return id
	}
	failedLine := func(id int64) {
		must(db.LogActivity(ctx, backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "tags",
			InvitationID: id, Outcome: backend.OutcomeFailed, Message: "could not tag"}))
	}
	score := 90.0

	add("pending")
	invited("invited-untagged")
	id := invited("invited-tagged")
	must(db.SetAppliedTag(ctx, id, "Backend Challenge - Invited"))
	id = invited("submitted-without-note")
	_, err := db.ApplyResult(ctx, id, backend.Result{Status: backend.StatusSubmitted, Score: &score})
	must(err)
	must(db.SetAppliedTag(ctx, id, "Backend Challenge - Submitted"))
	id = invited("submitted-done")
	_, err = db.ApplyResult(ctx, id, backend.Result{Status: backend.StatusSubmitted, Score: &score})
	must(err)
	must(db.SetAppliedTag(ctx, id, "Backend Challenge - Submitted"))
	must(db.SetNoteID(ctx, id, "note-1"))
	id = add("failed")
	must(db.MarkFailed(ctx, id, "no e-mail"))
	// Shown failed, then nothing changed: left to the recruiter's Retry.
	id = invited("shown-failed")
	clk.Advance(time.Second)
	failedLine(id)
	// Shown failed, then it moved on and fell behind again: unfinished.
	id = invited("failed-then-moved")
	failedLine(id)
	clk.Advance(time.Second)
	_, err = db.ApplyResult(ctx, id, backend.Result{Status: backend.StatusStarted})
	must(err)

	invs, err := db.UnfinishedInvitations(ctx)
	must(err)
	var got []string
	for _, inv := range invs {
		got = append(got, inv.OpportunityID)
	}
	want := []string{"pending", "invited-untagged", "submitted-without-note", "failed-then-moved"}
	if !slices.Equal(got, want) {
		t.Fatalf("unfinished %v, want %v", got, want)
	}
}
