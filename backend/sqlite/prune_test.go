package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

const day = 24 * time.Hour

// TestPruningKeepsWhatTheRecruiterStillNeeds: old lines go, but never those of
// an invitation still under way or a failed action that still offers its
// retry; old delivery tokens and stage entries go, recent ones stay.
func TestPruningKeepsWhatTheRecruiterStillNeeds(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	old := t0.Add(-100 * day)
	c.Set(old)

	// One invitation in each state an old line can be about.
	newInvitation := func(opp string) int64 {
		inv, _ := ensure(t, db, candidate(opp, "Ada "+opp, opp+"@example.com", "post-1", "Engineer"), intent(opp, "a-1", "Go"), old)
		return inv.ID
	}
	invited := func(opp string) int64 {
		id := newInvitation(opp)
		if err := db.MarkInvited(ctx, id, backend.ProviderInvitation{InvitationID: "q-" + opp, ResultID: "r-" + opp}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	result := func(id int64, s backend.Status) {
		if _, err := db.ApplyResult(ctx, id, backend.Result{Status: s, State: string(s)}); err != nil {
			t.Fatal(err)
		}
	}
	closed := invited("opp-closed")
	result(closed, backend.StatusClosed)
	noted := invited("opp-noted")
	result(noted, backend.StatusSubmitted)
	if err := db.SetNoteID(ctx, noted, "note-1"); err != nil {
		t.Fatal(err)
	}
	unnoted := invited("opp-unnoted")
	result(unnoted, backend.StatusSubmitted)
	waiting := invited("opp-waiting")
	failed := newInvitation("opp-failed")
	if err := db.MarkFailed(ctx, failed, "no e-mail"); err != nil {
		t.Fatal(err)
	}

	type line struct {
		name string
		a    backend.Activity
		at   time.Time
		kept bool
	}
	action := func(opp, stage string, inv int64, o backend.Outcome) backend.Activity {
		return backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "stage change",
			OpportunityID: opp, StageID: stage, InvitationID: inv, Outcome: o}
	}
	lines := []line{
		{"an old webhook line", backend.Activity{Kind: backend.KindWebhook, Source: "lever", Event: "candidateStageChange", OpportunityID: "opp-z", Outcome: backend.OutcomeIgnored}, old, false},
		{"a closed invitation's line", action("opp-closed", "st", closed, backend.OutcomeOK), old, false},
		{"a noted submission's line", action("opp-noted", "st", noted, backend.OutcomeOK), old, false},
		{"the line of a submission whose note is not written yet", action("opp-unnoted", "st", unnoted, backend.OutcomeFailed), old, true},
		{"the line of an invitation still waiting for the candidate", action("opp-waiting", "st", waiting, backend.OutcomeOK), old, true},
		{"the line of a failed invitation", action("opp-failed", "st", failed, backend.OutcomeFailed), old, true},
		{"a failed stage change never decided since", action("opp-x", "st", 0, backend.OutcomeFailed), old, true},
		{"a failed stage change decided later", action("opp-y", "st", 0, backend.OutcomeFailed), old, false},
		{"the later decision", action("opp-y", "st", 0, backend.OutcomeSkipped), old.Add(time.Hour), false},
		{"a failed stage change decided later in another stage only", action("opp-w", "st", 0, backend.OutcomeFailed), old, true},
		{"the decision in another stage", action("opp-w", "st-other", 0, backend.OutcomeOK), old.Add(time.Hour), false},
		{"a recent line", backend.Activity{Kind: backend.KindWebhook, Source: "lever", Event: "candidateStageChange", Outcome: backend.OutcomeOK}, t0.Add(-10 * day), true},
	}
	ids := map[int64]line{}
	for _, l := range lines {
		l.a.At, l.a.Message = l.at, l.name
		if err := db.LogActivity(ctx, l.a); err != nil {
			t.Fatal(err)
		}
	}
	all, err := db.ListActivity(ctx, sqlite.ActivityFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all {
		for _, l := range lines {
			if a.Message == l.name {
				ids[a.ID] = l
			}
		}
	}

	// More old lines than one batch removes, so that pruning must go on.
	if err := db.Tx(ctx, func(tx *sql.Tx) error {
		for i := range 4500 {
			a := backend.Activity{At: old.Add(time.Duration(i) * time.Second), Kind: backend.KindWebhook, Source: "lever",
				Event: "candidateStageChange", OpportunityID: fmt.Sprintf("opp-%d", i), Outcome: backend.OutcomeIgnored, Message: "filler"}
			if err := sqlite.LogActivity(ctx, tx, a, old); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// Delivery tokens and stage entries, old and recent.
	if err := db.Tx(ctx, func(tx *sql.Tx) error {
		for _, d := range []struct {
			token string
			at    time.Time
		}{{"tok-old", t0.Add(-49 * time.Hour)}, {"tok-recent", t0.Add(-47 * time.Hour)}} {
			if _, err := sqlite.RememberDelivery(ctx, tx, d.token, d.at); err != nil {
				return err
			}
		}
		for _, e := range []struct {
			opp              string
			entered, decided time.Time
		}{
			{"opp-gone", t0.Add(-10 * day), t0.Add(-10 * day)},
			{"opp-entered-recently", t0.Add(-30 * time.Minute), t0.Add(-3 * day)},
			{"opp-decided-recently", t0.Add(-10 * day), t0.Add(-time.Hour)},
		} {
			if err := sqlite.RecordStageEntry(ctx, tx, e.opp, "st", e.entered, "decided", e.decided); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	batches := 0
	got, err := db.Prune(ctx, sqlite.Retention{
		ActivityBefore:            t0.Add(-90 * day),
		DeliveriesBefore:          t0.Add(-48 * time.Hour),
		StageEntriesEnteredBefore: t0.Add(-time.Hour),
		StageEntriesDecidedBefore: t0.Add(-48 * time.Hour),
	}, func(context.Context) { batches++ })
	if err != nil {
		t.Fatal(err)
	}
	if want := (sqlite.Pruned{ActivityLines: 4500 + 6, Deliveries: 1, StageEntries: 1}); got != want {
		t.Errorf("Prune removed %+v, want %+v", got, want)
	}
	if batches < 2 {
		t.Errorf("pruning 4,506 lines let webhooks in %d times, want at least 2 (a batch is 2,000)", batches)
	}

	for id, l := range ids {
		_, err := db.Activity(ctx, id)
		switch kept := err == nil; {
		case err != nil && backend.ErrorCode(err) != backend.ENOTFOUND:
			t.Fatal(err)
		case kept != l.kept:
			t.Errorf("%s (%d days old): kept = %v, want %v", l.name, int(t0.Sub(l.at)/day), kept, l.kept)
		}
	}
	if len(ids) != len(lines) {
		t.Fatalf("found %d of the %d lines", len(ids), len(lines))
	}

	remembered := func(token string) bool {
		var fresh bool
		if err := db.Tx(ctx, func(tx *sql.Tx) (err error) {
			fresh, err = sqlite.RememberDelivery(ctx, tx, token, t0)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return !fresh
	}
	if remembered("tok-old") {
		t.Error("a delivery token 49 hours old is still remembered")
	}
	if !remembered("tok-recent") {
		t.Error("a delivery token 47 hours old was forgotten")
	}
	for opp, want := range map[string]bool{"opp-gone": false, "opp-entered-recently": true, "opp-decided-recently": true} {
		entered := t0.Add(-10 * day)
		if opp == "opp-entered-recently" {
			entered = t0.Add(-30 * time.Minute)
		}
		if got, err := db.StageEntryDecided(ctx, opp, "st", entered); err != nil || got != want {
			t.Errorf("stage entry of %s kept = %v (%v), want %v", opp, got, err, want)
		}
	}
}

// TestPruningWithoutTimesDropsNothing: a retention left zero keeps its kind
// whole, so a caller that cannot tell how far back the catch-up looks keeps
// every stage entry.
func TestPruningWithoutTimesDropsNothing(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	if err := db.LogActivity(ctx, backend.Activity{At: t0.Add(-1000 * day), Kind: backend.KindWebhook, Source: "lever", Event: "x", Outcome: backend.OutcomeOK}); err != nil {
		t.Fatal(err)
	}
	if err := db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := sqlite.RememberDelivery(ctx, tx, "tok", t0.Add(-1000*day)); err != nil {
			return err
		}
		return sqlite.RecordStageEntry(ctx, tx, "opp", "st", t0.Add(-1000*day), "decided", t0.Add(-1000*day))
	}); err != nil {
		t.Fatal(err)
	}
	// Only one of the two stage-entry times: still nothing of that kind goes.
	got, err := db.Prune(ctx, sqlite.Retention{StageEntriesDecidedBefore: t0}, nil)
	if err != nil || got != (sqlite.Pruned{}) {
		t.Errorf("Prune with no times = %+v, %v; want nothing removed", got, err)
	}
}
