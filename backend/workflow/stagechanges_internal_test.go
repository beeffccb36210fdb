package workflow

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// A batch of stage changes not yet split counts, for the catch-up, as a
// decision queued for each of its candidates, like a decision queued alone.
func TestQueuedStageChangesCountsThoseInABatch(t *testing.T) {
	ctx := context.Background()
	// Nothing is called: the engine is never started.
	e := newUnreachableEngine(t, OpenTestDB(t), Config{})
	if _, err := e.river.Insert(ctx, StageChangeArgs{OpportunityID: "opp-alone", StageID: "stage-a", Source: SourceWebhook}, nil); err != nil {
		t.Fatal(err)
	}
	batch := StageChangesArgs{Changes: []StageChangeArgs{
		{OpportunityID: "opp-1", StageID: "stage-a", Source: SourceWebhook},
		{OpportunityID: "opp-2", StageID: "stage-b", Source: SourceWebhook},
	}}
	if _, err := e.river.Insert(ctx, batch, nil); err != nil {
		t.Fatal(err)
	}
	queued, err := e.queuedStageChanges(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]string{{"opp-alone", "stage-a"}, {"opp-1", "stage-a"}, {"opp-2", "stage-b"}}
	for _, k := range want {
		if !queued[k] {
			t.Errorf("%v not counted as queued", k)
		}
	}
	if len(queued) != len(want) {
		t.Errorf("queued %v, want exactly %v", queued, want)
	}
}

// Work that follows a delivery waits while Lever is delivering, and no
// longer than maxYield however long Lever goes on.
func TestWorkYieldsToWebhooksForAWhileOnly(t *testing.T) {
	// In a bubble the clock moves only when every goroutine waits, so a busy
	// machine cannot stretch the 5 ms between deliveries past webhookQuiet.
	synctest.Test(t, func(t *testing.T) {
		e := &Engine{}
		start := time.Now()
		e.yieldToWebhooks(context.Background())
		if d := time.Since(start); d >= webhookQuiet {
			t.Fatalf("waited %s with no delivery ever", d)
		}

		e.lastDelivery.Store(time.Now().UnixNano())
		start = time.Now()
		e.yieldToWebhooks(context.Background())
		if d := time.Since(start); d < webhookQuiet {
			t.Fatalf("waited %s after a delivery, want at least %s", d, webhookQuiet)
		}

		e.lastDelivery.Store(time.Now().UnixNano())
		stop := make(chan struct{})
		go func() { // a delivery every 5 ms, until the yield is over
			for {
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
					e.lastDelivery.Store(time.Now().UnixNano())
				}
			}
		}()
		start = time.Now()
		e.yieldToWebhooks(context.Background())
		close(stop)
		if d := time.Since(start); d < maxYield || d > maxYield+webhookQuiet {
			t.Fatalf("gave up after %s while deliveries went on, want %s", d, maxYield)
		}
	})
}
