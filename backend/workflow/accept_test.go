package workflow_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// Deliveries that arrive together are recorded together; each sender still
// learns its own outcome: a token seen before, even in the same batch, is
// a replay, and every fresh delivery is recorded once with its decision
// queued.
func TestDeliveriesArrivingTogetherAreEachRecordedOnce(t *testing.T) {
	r := newRig(t, rigOptions{})
	const n, copies = 60, 3
	for i := range n {
		r.candidate(fmt.Sprintf("opp-together-%02d", i), "Backend Challenge")
	}
	for i := range n {
		if i%10 == 9 {
			continue // these deliveries say: moved elsewhere
		}
		if _, err := r.lev.MoveToStage(fmt.Sprintf("opp-together-%02d", i), stageAssess); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().UnixMilli()
	var wg sync.WaitGroup
	results := make(chan error, n*copies)
	for range copies {
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				id := fmt.Sprintf("opp-together-%02d", i)
				event, to := "candidateStageChange", stageAssess
				if i%10 == 9 {
					to = stageScreen // not a trigger stage
				}
				if i%20 == 19 {
					event = "candidateHired"
				}
				d := &lever.Delivery{TriggeredAt: now, Event: event, Token: "token-" + id,
					Data: lever.DeliveryData{OpportunityID: id, CandidateID: id, FromStageID: stageScreen, ToStageID: to}}
				results <- r.eng.AcceptLever(context.Background(), d)
			}()
		}
	}
	wg.Wait()
	close(results)
	var accepted, replays int
	for err := range results {
		switch {
		case err == nil:
			accepted++
		case errors.Is(err, workflow.ErrReplay):
			replays++
		default:
			t.Fatalf("accept: %v", err)
		}
	}
	if accepted != n || replays != n*(copies-1) {
		t.Fatalf("%d accepted and %d replays; want %d and %d", accepted, replays, n, n*(copies-1))
	}
	lines, err := r.db.ListActivity(context.Background(), sqlite.ActivityFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	webhooks := 0
	for _, a := range lines {
		if a.Kind == backend.KindWebhook {
			webhooks++
		}
	}
	queued := r.decisionsQueued()
	// Every tenth is a move to a non-trigger stage, and one in twenty is
	// another event: those are logged but decide nothing.
	wantQueued := 0
	for i := range n {
		if i%10 != 9 && i%20 != 19 {
			wantQueued++
		}
	}
	if webhooks != n || queued != wantQueued {
		t.Fatalf("%d webhooks in the activity log and %d decisions queued; want %d and %d", webhooks, queued, n, wantQueued)
	}
	// And the decisions invite each tagged candidate in the trigger stage once.
	var invited []string
	for i := range n {
		if i%10 != 9 && i%20 != 19 {
			invited = append(invited, fmt.Sprintf("opp-together-%02d", i))
		}
	}
	r.invitedOnce(invited...)
}

// decisionsQueued counts the webhook decisions queued, alone or in a batch
// not yet split: in one read, so that a batch being split meanwhile is
// counted once.
func (r *rig) decisionsQueued() int {
	r.t.Helper()
	// Recorded deliveries' work is in the inbox until deliveries pause.
	r.eventually(10*time.Second, func() bool {
		var n int
		return r.db.Writer().QueryRow(`SELECT count(*) FROM inbox`).Scan(&n) == nil && n == 0
	}, func() string { return "the deliveries' work never left the inbox" })
	c := r.stageChangeJobs()
	return c.alone + c.unsplitChanges
}

// stageChangeCount is what River holds of stage changes at one moment.
type stageChangeCount struct {
	alone          int // decisions queued alone by webhook, in any state
	batches        int // batch jobs, split or not
	largest        int // changes in the largest batch
	unsplit        int // batches not yet split
	unsplitChanges int // changes in them
}

// stageChangeJobs reads River's stage change jobs in one read.
func (r *rig) stageChangeJobs() stageChangeCount {
	r.t.Helper()
	var c stageChangeCount
	for _, j := range r.jobs([]string{workflow.StageChangeArgs{}.Kind(), workflow.StageChangesArgs{}.Kind()}) {
		if j.Kind == (workflow.StageChangeArgs{}).Kind() {
			var a workflow.StageChangeArgs
			if err := json.Unmarshal(j.EncodedArgs, &a); err != nil {
				r.t.Fatal(err)
			}
			if a.Source == workflow.SourceWebhook {
				c.alone++
			}
			continue
		}
		var b workflow.StageChangesArgs
		if err := json.Unmarshal(j.EncodedArgs, &b); err != nil {
			r.t.Fatal(err)
		}
		c.batches, c.largest = c.batches+1, max(c.largest, len(b.Changes))
		if j.State != rivertype.JobStateCompleted {
			c.unsplit, c.unsplitChanges = c.unsplit+1, c.unsplitChanges+len(b.Changes)
		}
	}
	return c
}

// Deliveries recorded together queue one job, not one each: it is split
// into a decision per candidate afterwards, once, and each candidate is
// invited once.
func TestABatchOfDeliveriesQueuesOneJobSplitIntoADecisionEach(t *testing.T) {
	r := newRig(t, rigOptions{})
	const n = 20
	ids := make([]string, n)
	for i := range n {
		ids[i] = fmt.Sprintf("opp-batch-%02d", i)
		r.candidate(ids[i], "Backend Challenge")
		if _, err := r.lev.MoveToStage(ids[i], stageAssess); err != nil {
			t.Fatal(err)
		}
	}
	// The writer is held, so the deliveries queue up behind the first.
	held, err := r.db.Writer().Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UnixMilli()
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := &lever.Delivery{TriggeredAt: now, Event: "candidateStageChange", Token: "token-" + id,
				Data: lever.DeliveryData{OpportunityID: id, CandidateID: id, FromStageID: stageScreen, ToStageID: stageAssess}}
			if err := r.eng.AcceptLever(context.Background(), d); err != nil {
				t.Error(err)
			}
		}()
	}
	time.Sleep(200 * time.Millisecond)
	held.Close()
	wg.Wait()

	// The recorded deliveries' work reaches the queue from the inbox once
	// deliveries pause.
	r.eventually(10*time.Second, func() bool { c := r.stageChangeJobs(); return c.batches > 0 }, func() string {
		return "the deliveries' work never reached the queue"
	})
	if c := r.stageChangeJobs(); c.largest < 2 {
		t.Fatalf("%d batch jobs, the largest of %d changes: deliveries recorded together queued a job each", c.batches, c.largest)
	}
	r.invitedOnce(ids...)
	if c := r.stageChangeJobs(); c.alone != n || c.unsplit != 0 {
		t.Fatalf("%d decisions queued and %d batches left unsplit; want %d and 0", c.alone, c.unsplit, n)
	}
}
