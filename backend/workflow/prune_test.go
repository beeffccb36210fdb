package workflow_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// TestDatabaseIsPrunedAtStartEvenWhileTheCatchUpFails: pruning runs on a
// timer of its own, at start and daily, so the activity log and the
// delivery tokens stop growing even when Lever cannot be reached and the
// catch-up never succeeds.
func TestDatabaseIsPrunedAtStartEvenWhileTheCatchUpFails(t *testing.T) {
	ctx := context.Background()
	db := workflow.OpenTestDB(t)
	if _, err := db.ReplaceTriggerStages(ctx, []backend.TriggerStage{{StageID: stageAssess, Name: "Coding assessment"}}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	old := backend.Activity{At: now.Add(-workflow.ActivityRetention - time.Hour), Kind: backend.KindWebhook, Source: "lever",
		Event: "candidateStageChange", Outcome: backend.OutcomeIgnored, Message: "Moved to stage x, which is not a trigger stage."}
	recent := old
	recent.At = now.Add(-time.Hour)
	for _, a := range []backend.Activity{old, recent} {
		if err := db.LogActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := sqlite.RememberDelivery(ctx, tx, "tok-old", now.Add(-72*time.Hour))
		return err
	}); err != nil {
		t.Fatal(err)
	}

	// Lever answers every call with a 503: the catch-up cannot succeed.
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"code":"ServiceUnavailable"}`, http.StatusServiceUnavailable)
	}))
	t.Cleanup(down.Close)
	qual := qualifiedtest.New(qualifiedtest.Options{})
	t.Cleanup(qual.Close)
	eng, err := workflow.New(workflow.Config{
		DB: db, Lever: lever.New(down.URL, "k", lever.WithHTTPClient(&http.Client{Timeout: clientWait})),
		Provider: qualified.New(qual.URL, qualifiedtest.DefaultAPIKey, qualified.WithHTTPClient(&http.Client{Timeout: clientWait})),
		Logger:   workflow.QuietLogger(), PollInterval: time.Hour, FetchPollInterval: 20 * time.Millisecond,
		RetryDelay: func(int) time.Duration { return time.Hour },
	})
	if err != nil {
		t.Fatal(err)
	}
	workflow.StartTestEngine(t, eng)

	lines := func() []backend.Activity {
		list, err := db.ListActivity(ctx, sqlite.ActivityFilter{Outcomes: []backend.Outcome{backend.OutcomeIgnored}})
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(lines()) != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s the activity log still holds %d lines of Lever deliveries, want 1 (the one %s old is past %s)",
				len(lines()), workflow.ActivityRetention+time.Hour, workflow.ActivityRetention)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("pruned after %s", time.Since(now))
	if got := lines()[0]; !got.At.Equal(recent.At.Truncate(time.Millisecond)) {
		t.Errorf("the line kept is from %v, want the recent one from %v", got.At, recent.At)
	}
	var fresh bool
	if err := db.Tx(ctx, func(tx *sql.Tx) (err error) {
		fresh, err = sqlite.RememberDelivery(ctx, tx, "tok-old", now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !fresh {
		t.Error("a delivery token 72 hours old is still remembered")
	}
	// The catch-up did fail meanwhile: pruning did not wait for it.
	if cp, _ := db.Setting(ctx, sqlite.SettingCatchUpCheckpoint); cp != "" {
		t.Errorf("the catch-up succeeded (checkpoint %s): this test no longer shows pruning apart from it", cp)
	}
}
