package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// A batch of webhooks writes its lines a few statements at a time: every
// line is there once, in order, whatever the batch's size.
func TestLogActivitiesWritesEveryLineInOrder(t *testing.T) {
	ctx := context.Background()
	for _, n := range []int{1, 2, 3, 100, 129, 300} {
		db, _ := openDB(t)
		lines := make([]backend.Activity, n)
		for i := range lines {
			lines[i] = backend.Activity{Kind: backend.KindWebhook, Source: "lever", Event: "candidateStageChange",
				OpportunityID: fmt.Sprintf("opp-%03d", i), Outcome: backend.OutcomeOK, Message: fmt.Sprintf("line %d", i)}
			if i%7 == 0 {
				lines[i].InvitationID = int64(i + 1)
			}
		}
		if err := db.Tx(ctx, func(tx *sql.Tx) error { return sqlite.LogActivities(ctx, tx, lines, t0) }); err != nil {
			t.Fatal(err)
		}
		got, err := db.ListActivity(ctx, sqlite.ActivityFilter{Limit: 1000})
		if err != nil || len(got) != n {
			t.Fatalf("%d lines: got %d, %v", n, len(got), err)
		}
		for i, a := range got { // newest first
			want := lines[n-1-i]
			if a.Message != want.Message || a.OpportunityID != want.OpportunityID || a.InvitationID != want.InvitationID || !a.At.Equal(t0) {
				t.Fatalf("%d lines: line %d is %+v, want %+v", n, i, a, want)
			}
		}
	}
}

// A token seen before, in an earlier batch or earlier in the same one, is a
// replay; every other one is new, in batches of any size.
func TestRememberDeliveriesTellsReplays(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	remember := func(tokens ...string) []bool {
		var fresh []bool
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			fresh, err = sqlite.RememberDeliveries(ctx, tx, tokens, t0)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return fresh
	}
	if got := fmt.Sprint(remember("a", "b", "a", "c")); got != "[true true false true]" {
		t.Fatalf("first batch: %s", got)
	}
	if got := fmt.Sprint(remember("c", "d", "d", "b", "e")); got != "[false true false false true]" {
		t.Fatalf("second batch: %s", got)
	}
	var many []string
	for i := range 300 {
		many = append(many, fmt.Sprintf("tok-%03d", i%250))
	}
	fresh := remember(many...)
	for i, f := range fresh {
		if f != (i < 250) {
			t.Fatalf("token %d (%s): new = %v", i, many[i], f)
		}
	}
	// One at a time, as a lone delivery is.
	if ok, err := rememberOne(ctx, db, "tok-001"); err != nil || ok {
		t.Fatalf("a replayed lone delivery: new = %v, %v", ok, err)
	}
	if ok, err := rememberOne(ctx, db, "tok-new"); err != nil || !ok {
		t.Fatalf("a new lone delivery: new = %v, %v", ok, err)
	}
}

func rememberOne(ctx context.Context, db *sqlite.DB, token string) (bool, error) {
	var fresh bool
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		fresh, err = sqlite.RememberDelivery(ctx, tx, token, t0)
		return err
	})
	return fresh, err
}

// The inbox hands its jobs over oldest first, each once, and keeps them when
// handing over fails.
func TestInboxHandsEachJobOverOnce(t *testing.T) {
	ctx := context.Background()
	db, _ := openDB(t)
	var jobs []sqlite.InboxJob
	for i := range 7 {
		jobs = append(jobs, sqlite.InboxJob{Kind: "stage_change", Args: []byte(fmt.Sprintf(`{"n":%d}`, i))})
	}
	if err := db.Tx(ctx, func(tx *sql.Tx) error { return sqlite.AddToInbox(ctx, tx, jobs) }); err != nil {
		t.Fatal(err)
	}
	if waiting, err := db.InboxJobs(ctx, "stage_change"); err != nil || len(waiting) != 7 {
		t.Fatalf("waiting: %d, %v", len(waiting), err)
	}
	if other, err := db.InboxJobs(ctx, "lever_lifecycle"); err != nil || len(other) != 0 {
		t.Fatalf("other kinds: %d, %v", len(other), err)
	}
	refused := fmt.Errorf("the queue refused")
	if n, err := db.TakeInbox(ctx, 5, func(*sql.Tx, []sqlite.InboxJob) error { return refused }); n != 0 || err == nil {
		t.Fatalf("a refused hand-over took %d, %v", n, err)
	}
	var got []string
	take := func(tx *sql.Tx, js []sqlite.InboxJob) error {
		for _, j := range js {
			got = append(got, string(j.Args))
		}
		return nil
	}
	for _, want := range []int{5, 2, 0} {
		if n, err := db.TakeInbox(ctx, 5, take); n != want || err != nil {
			t.Fatalf("took %d, %v; want %d", n, err, want)
		}
	}
	if fmt.Sprint(got) != `[{"n":0} {"n":1} {"n":2} {"n":3} {"n":4} {"n":5} {"n":6}]` {
		t.Fatalf("handed over %v", got)
	}
}
