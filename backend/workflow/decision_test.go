package workflow_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
)

// A decision and its activity line are one change: whoever reads an
// invitation (the dashboard, a test) finds the line that explains it. A
// reader polls in one statement, so it sees a consistent snapshot, while
// candidates with and without an e-mail address are decided.
func TestEveryDecisionIsReadWithItsLine(t *testing.T) {
	r := newRig(t, rigOptions{})
	const n = 40
	var with, without []string
	for i := range n {
		id := fmt.Sprintf("opp-%02d", i)
		if i%2 == 0 {
			r.candidate(id, "Backend Challenge")
			with = append(with, id)
		} else {
			r.lev.AddOpportunity(levertest.Opportunity{ID: id, Name: "Nomail " + id, Tags: []string{"Backend Challenge"}, StageID: stageScreen})
			without = append(without, id)
		}
	}

	reader, err := sql.Open("sqlite", "file:"+r.db.Path()+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		unlogged []string
		reads    int
		stop     = make(chan struct{})
	)
	// The reader stops however the test ends, before its connection closes.
	stopReading := sync.OnceFunc(func() { close(stop); wg.Wait() })
	defer stopReading()
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			var id int64
			var opp, status string
			err := reader.QueryRowContext(context.Background(), `SELECT i.id, i.opportunity_id, i.status FROM invitations i
				WHERE NOT EXISTS (SELECT 1 FROM activity a WHERE a.invitation_id = i.id) LIMIT 1`).Scan(&id, &opp, &status)
			mu.Lock()
			reads++
			if err == nil {
				unlogged = append(unlogged, fmt.Sprintf("invitation %d of %s (%s)", id, opp, status))
			} else if err != sql.ErrNoRows {
				unlogged = append(unlogged, "read: "+err.Error())
			}
			mu.Unlock()
		}
	})

	for i := range n {
		r.move(fmt.Sprintf("opp-%02d", i))
	}
	for _, id := range without {
		r.eventually(15*time.Second, func() bool { return r.invitation(id, "Backend Challenge").Status == backend.StatusFailed }, r.describe(id))
	}
	for _, id := range with {
		r.eventually(15*time.Second, func() bool { return r.hasExactly(id, "Backend Challenge - Invited") }, r.describe(id))
	}
	stopReading()
	t.Logf("%d reads while %d candidates were decided", reads, n)
	if len(unlogged) > 0 {
		t.Fatalf("%d reads found an invitation without its line, first: %s", len(unlogged), unlogged[0])
	}
	if got := len(r.activity(backend.OutcomeFailed)); got != len(without) {
		t.Fatalf("%d failure lines for %d candidates without an e-mail: %q", got, len(without), r.messages(backend.OutcomeFailed))
	}
}

// One move into a trigger stage is decided once, however many jobs are
// queued for it: the catch-up can list a candidate just before the webhook's
// job is saved, and Lever can deliver one move twice. The second decision
// writes a line saying so, never a second failure or invitation.
func TestASecondDecisionOfOneMoveChangesNothing(t *testing.T) {
	r := newRig(t, rigOptions{})
	const id = "opp-nomail"
	r.lev.AddOpportunity(levertest.Opportunity{ID: id, Name: "Nomail Candidate", Tags: []string{"Backend Challenge"}, StageID: stageScreen})
	r.move(id)
	r.eventually(15*time.Second, func() bool { return r.invitation(id, "Backend Challenge").Status == backend.StatusFailed }, r.describe(id))
	r.waitIdle()
	first := r.invitation(id, "Backend Challenge")

	r.accept(id) // the same move, delivered again
	r.eventually(15*time.Second, func() bool {
		for _, m := range r.messages(backend.OutcomeSkipped) {
			if strings.Contains(m, "this move into") {
				return true
			}
		}
		return false
	}, r.describe(id))
	r.waitIdle()
	if got := r.messages(backend.OutcomeFailed); len(got) != 1 {
		t.Errorf("%d failure lines for one move of a candidate without an e-mail: %q", len(got), got)
	}
	if again := r.invitation(id, "Backend Challenge"); again.Attempt != first.Attempt {
		t.Errorf("the invitation was decided again: attempt %d, then %d", first.Attempt, again.Attempt)
	}
}
