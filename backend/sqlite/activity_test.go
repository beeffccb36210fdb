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

func TestLogActivityRoundTrip(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	c.Set(t0.Add(time.Hour))

	// On the writer, with the clock's time.
	in := backend.Activity{Kind: backend.KindWebhook, Source: "lever", Event: "candidateStageChange",
		OpportunityID: "opp-1", StageID: "st-tech", Outcome: backend.OutcomeOK, Message: "Ada Lovelace moved to Technical."}
	if err := db.LogActivity(ctx, in); err != nil {
		t.Fatal(err)
	}
	// In a transaction, with its own time.
	at := t0.Add(-time.Hour)
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		return sqlite.LogActivity(ctx, tx, backend.Activity{At: at, Kind: backend.KindAction, Source: "assessbridge",
			Event: "invite", OpportunityID: "opp-1", InvitationID: 7, Outcome: backend.OutcomeFailed, Message: "No e-mail."}, t0)
	})
	if err != nil {
		t.Fatal(err)
	}

	list, err := db.ListActivity(ctx, sqlite.ActivityFilter{})
	if err != nil || len(list) != 2 {
		t.Fatalf("ListActivity = %+v, %v", list, err)
	}
	inTx, onWriter := list[0], list[1] // newest line first
	want := in
	want.ID, want.At = onWriter.ID, t0.Add(time.Hour)
	if !onWriter.At.Equal(want.At) {
		t.Errorf("At = %v, want %v", onWriter.At, want.At)
	}
	onWriter.At, want.At = time.Time{}, time.Time{}
	if onWriter != want {
		t.Errorf("logged %+v, want %+v", onWriter, want)
	}
	if !inTx.At.Equal(at) || inTx.InvitationID != 7 || inTx.Kind != backend.KindAction || inTx.Outcome != backend.OutcomeFailed || inTx.StageID != "" {
		t.Errorf("logged in a transaction: %+v", inTx)
	}

	one, err := db.Activity(ctx, inTx.ID)
	if err != nil || one.ID != inTx.ID || one.Message != "No e-mail." || !one.At.Equal(at) {
		t.Errorf("Activity(%d) = %+v, %v", inTx.ID, one, err)
	}
	if _, err := db.Activity(ctx, inTx.ID+100); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("Activity of a missing line: err = %v, want %s", err, backend.ENOTFOUND)
	}
}

func TestListActivity(t *testing.T) {
	ctx := context.Background()
	db, c := openDB(t)
	lines := []backend.Activity{
		{Kind: backend.KindWebhook, Source: "lever", Event: "candidateStageChange", OpportunityID: "opp-a", Outcome: backend.OutcomeOK},
		{Kind: backend.KindAction, Source: "assessbridge", Event: "invite", OpportunityID: "opp-a", InvitationID: 1, Outcome: backend.OutcomeRetrying},
		{Kind: backend.KindAction, Source: "assessbridge", Event: "invite", OpportunityID: "opp-a", InvitationID: 1, Outcome: backend.OutcomeFailed},
		{Kind: backend.KindWebhook, Source: "lever", Event: "candidateStageChange", OpportunityID: "opp-b", Outcome: backend.OutcomeSkipped},
		{Kind: backend.KindWebhook, Source: "lever", Event: "rejected", Outcome: backend.OutcomeRejected},
		{Kind: backend.KindAction, Source: "assessbridge", Event: "invite", OpportunityID: "opp-b", InvitationID: 2, Outcome: backend.OutcomeOK},
		{Kind: backend.KindWebhook, Source: "qualified", Event: "assessment_result_submitted", OpportunityID: "opp-a", InvitationID: 1, Outcome: backend.OutcomeOK},
	}
	ids := make([]int64, len(lines))
	for i, a := range lines {
		c.Advance(time.Minute)
		a.Message = a.Event
		if err := db.LogActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		all, err := db.ListActivity(ctx, sqlite.ActivityFilter{Limit: 1})
		if err != nil || len(all) != 1 {
			t.Fatal(all, err)
		}
		ids[i] = all[0].ID
	}
	// idx turns positions in lines into the ids they were logged with.
	idx := func(pos ...int) []int64 {
		out := make([]int64, len(pos))
		for i, p := range pos {
			out[i] = ids[p]
		}
		return out
	}
	tests := []struct {
		name   string
		filter sqlite.ActivityFilter
		want   []int64
	}{
		{"everything, newest first", sqlite.ActivityFilter{}, idx(6, 5, 4, 3, 2, 1, 0)},
		{"one outcome", sqlite.ActivityFilter{Outcomes: []backend.Outcome{backend.OutcomeOK}}, idx(6, 5, 0)},
		{"several outcomes", sqlite.ActivityFilter{Outcomes: []backend.Outcome{backend.OutcomeFailed, backend.OutcomeRejected, backend.OutcomeRetrying}}, idx(4, 2, 1)},
		{"opportunity", sqlite.ActivityFilter{OpportunityID: "opp-b"}, idx(5, 3)},
		{"invitation", sqlite.ActivityFilter{InvitationID: 1}, idx(6, 2, 1)},
		{"opportunity and outcome", sqlite.ActivityFilter{OpportunityID: "opp-a", Outcomes: []backend.Outcome{backend.OutcomeOK}}, idx(6, 0)},
		{"limit", sqlite.ActivityFilter{Limit: 2}, idx(6, 5)},
		{"before", sqlite.ActivityFilter{Before: ids[3]}, idx(2, 1, 0)},
		{"before with a limit", sqlite.ActivityFilter{Before: ids[5], Limit: 2}, idx(4, 3)},
		{"before with a filter", sqlite.ActivityFilter{Before: ids[6], InvitationID: 1}, idx(2, 1)},
		{"before the first", sqlite.ActivityFilter{Before: ids[0]}, nil},
		{"nothing matches", sqlite.ActivityFilter{OpportunityID: "opp-z"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.ListActivity(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			gotIDs := make([]int64, len(got))
			for i, a := range got {
				gotIDs[i] = a.ID
			}
			if !slices.Equal(gotIDs, tt.want) {
				t.Errorf("ids = %v, want %v", gotIDs, tt.want)
			}
		})
	}

	// Paging with Before walks the whole log once.
	var seen []int64
	f := sqlite.ActivityFilter{Limit: 3}
	for {
		page, err := db.ListActivity(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, a := range page {
			seen = append(seen, a.ID)
		}
		f.Before = page[len(page)-1].ID
	}
	if !slices.Equal(seen, idx(6, 5, 4, 3, 2, 1, 0)) {
		t.Errorf("paged through %v", seen)
	}
}

func TestListActivityDefaultLimit(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		for range 120 {
			if err := sqlite.LogActivity(ctx, tx, backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "poll", Outcome: backend.OutcomeOK}, t0); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ limit, want int }{{0, 100}, {-1, 100}, {30, 30}, {1000, 120}, {1001, 120}} { // past the maximum: capped at 1,000, so all 120
		got, err := db.ListActivity(ctx, sqlite.ActivityFilter{Limit: tt.limit})
		if err != nil || len(got) != tt.want {
			t.Errorf("Limit %d: %d lines, %v; want %d", tt.limit, len(got), err, tt.want)
		}
	}
}

func TestRememberDelivery(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	remember := func(token string, at time.Time) bool {
		t.Helper()
		var fresh bool
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			fresh, err = sqlite.RememberDelivery(ctx, tx, token, at)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return fresh
	}
	steps := []struct {
		token string
		at    time.Time
		want  bool
	}{
		{"tok-1", t0, true},
		{"tok-1", t0.Add(time.Minute), false}, // a replay
		{"tok-2", t0.Add(time.Minute), true},
		{"TOK-1", t0.Add(time.Minute), true}, // tokens are compared exactly
		{"tok-2", t0.Add(time.Hour), false},
	}
	for i, s := range steps {
		if got := remember(s.token, s.at); got != s.want {
			t.Errorf("step %d: RememberDelivery(%q) = %v, want %v", i, s.token, got, s.want)
		}
	}

	// A delivery rolled back with its transaction was never accepted.
	_ = db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := sqlite.RememberDelivery(ctx, tx, "tok-3", t0); err != nil {
			return err
		}
		return backend.Errorf(backend.EINTERNAL, "enqueue failed")
	})
	if !remember("tok-3", t0.Add(time.Minute)) {
		t.Error("a rolled-back token counts as seen")
	}

	// Forgetting old tokens lets them through again; recent ones stay.
	if err := db.ForgetDeliveriesBefore(ctx, t0.Add(30*time.Second)); err != nil {
		t.Fatal(err)
	}
	if !remember("tok-1", t0.Add(2*time.Hour)) {
		t.Error("tok-1 still remembered after it was forgotten")
	}
	if remember("tok-2", t0.Add(2*time.Hour)) {
		t.Error("tok-2 forgotten although it is recent")
	}
}

func TestStageEntries(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	entered := t0.Add(-10 * time.Minute)
	record := func(opp, stage string, at time.Time, outcome string) {
		t.Helper()
		if err := db.Tx(ctx, func(tx *sql.Tx) error {
			return sqlite.RecordStageEntry(ctx, tx, opp, stage, at, outcome, t0)
		}); err != nil {
			t.Fatal(err)
		}
	}
	decided := func(opp, stage string, at time.Time) bool {
		t.Helper()
		ok, err := db.StageEntryDecided(ctx, opp, stage, at)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if decided("opp-1", "st-tech", entered) {
		t.Fatal("an entry is decided before it is recorded")
	}
	record("opp-1", "st-tech", entered, "invited")
	record("opp-1", "st-tech", entered, "skipped") // the same entry again is harmless

	tests := []struct {
		name  string
		opp   string
		stage string
		at    time.Time
		want  bool
	}{
		{"the recorded entry", "opp-1", "st-tech", entered, true},
		{"same millisecond", "opp-1", "st-tech", entered.Add(300 * time.Microsecond), true},
		{"same instant in another zone", "opp-1", "st-tech", entered.In(time.FixedZone("CET", 3600)), true},
		{"a later entry into the same stage", "opp-1", "st-tech", entered.Add(time.Hour), false},
		{"another stage", "opp-1", "st-onsite", entered, false},
		{"another opportunity", "opp-2", "st-tech", entered, false},
	}
	for _, tt := range tests {
		if got := decided(tt.opp, tt.stage, tt.at); got != tt.want {
			t.Errorf("%s: StageEntryDecided = %v, want %v", tt.name, got, tt.want)
		}
	}

	// A rolled-back decision is not a decision.
	_ = db.Tx(ctx, func(tx *sql.Tx) error {
		if err := sqlite.RecordStageEntry(ctx, tx, "opp-3", "st-tech", entered, "invited", t0); err != nil {
			return err
		}
		return backend.Errorf(backend.EINTERNAL, "crash")
	})
	if decided("opp-3", "st-tech", entered) {
		t.Error("a rolled-back stage entry counts as decided")
	}
}
