package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// PruneArgs drops what the recruiter no longer needs from the database: old
// activity lines, delivery tokens past their use, stage entries that no
// catch-up can bring back. It runs on a timer of its own, so the database
// stops growing even when the catch-up keeps failing.
type PruneArgs struct{}

// Kind names the job.
func (PruneArgs) Kind() string { return "prune" }

// ActivityRetention is how long the activity log keeps a line. The lines of
// an invitation not yet settled, and failed actions that still offer a
// retry, are kept longer: until they are settled. Settings says so.
const ActivityRetention = 90 * 24 * time.Hour

// PruneInterval is how often the database is pruned (and once at start).
const PruneInterval = 24 * time.Hour

func (e *Engine) workPrune(ctx context.Context, job *river.Job[PruneArgs]) error {
	now := e.now()
	r := sqlite.Retention{
		ActivityBefore:   now.Add(-ActivityRetention),
		DeliveriesBefore: now.Add(-deliveryMemory),
	}
	stages, err := e.db.TriggerStages(ctx)
	if err != nil {
		return err
	}
	checkpoint, err := e.db.Setting(ctx, sqlite.SettingCatchUpCheckpoint)
	if err != nil {
		return err
	}
	if since, ok := catchUpSince(stages, checkpoint, now); ok {
		// A stage entry is looked up only by the catch-up, which never looks
		// before since; a redelivery of it is refused once deliveryMemory
		// has passed. Past both, it is never asked about again.
		r.StageEntriesEnteredBefore, r.StageEntriesDecidedBefore = since, now.Add(-deliveryMemory)
	}
	p, err := e.db.Prune(ctx, r, e.yieldToWebhooks)
	if err != nil {
		return fmt.Errorf("workflow: prune: %w", err)
	}
	if p != (sqlite.Pruned{}) {
		e.log.Info("pruned the database", "activity_lines", p.ActivityLines, "delivery_tokens", p.Deliveries, "stage_entries", p.StageEntries)
		e.onChange()
	}
	return nil
}

// catchUpSince is how far back a catch-up asks Lever (workCatchUp), and so
// which stage entries the pruning must keep: from the checkpoint less catchUpOverlap, never
// before the earliest trigger stage's Since, and from that Since alone when
// there is no checkpoint or it lies in the future. It reports false when it
// cannot tell (no trigger stage and no checkpoint).
func catchUpSince(stages []backend.TriggerStage, checkpoint string, now time.Time) (time.Time, bool) {
	var since time.Time
	for i, s := range stages {
		if i == 0 || s.Since.Before(since) {
			since = s.Since
		}
	}
	cp, err := time.Parse(time.RFC3339Nano, checkpoint)
	if err != nil || cp.After(now) {
		return since, len(stages) > 0
	}
	if from := cp.Add(-catchUpOverlap); len(stages) == 0 || from.After(since) {
		since = from
	}
	return since, true
}
