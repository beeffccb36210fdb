package workflow_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend/lever"
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
	var webhooks, queued int
	if err := r.db.Writer().QueryRow(`SELECT count(*) FROM activity WHERE kind = 'webhook'`).Scan(&webhooks); err != nil {
		t.Fatal(err)
	}
	if err := r.db.Writer().QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'stage_change' AND json_extract(args, '$.source') = 'webhook'`).Scan(&queued); err != nil {
		t.Fatal(err)
	}
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
