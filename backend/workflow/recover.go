package workflow

import (
	"context"
	"fmt"
)

// recoverInterrupted makes the jobs that a killed process was running
// available again, before this engine starts working.
//
// River itself rescues a "running" job only after RescueStuckJobsAfter (an
// hour and more past JobTimeout), because with several workers sharing a
// database it cannot tell a dead worker from a slow one. Here one process
// owns the data folder (the desktop app holds a single-instance lock, and
// serve binds fixed ports), so a job still marked running when the engine
// starts was running in a process that no longer exists: a candidate whose
// invitation was in flight at a kill -9 would otherwise wait over an hour,
// since neither a Lever redelivery nor the catch-up re-queues an invitation
// already recorded as intent. Every step is safe to repeat: invitations are
// sent with skip_email_resend, tags are set idempotently and notes are
// looked for before they are written.
//
// The dead process's leadership is also dropped, so that the periodic
// safety nets (catch-up, result polling) run now rather than once its lease
// of about fifteen seconds runs out.
func (e *Engine) recoverInterrupted(ctx context.Context) error {
	n, err := e.db.RescueRunningJobs(ctx, "assessbridge stopped while this job was running")
	if err != nil {
		return fmt.Errorf("workflow: take up interrupted work: %w", err)
	}
	if n > 0 {
		e.log.Info("taking up work interrupted by a stop", "jobs", n)
	}
	if err := e.db.DropJobLeader(ctx); err != nil {
		return fmt.Errorf("workflow: take up interrupted work: %w", err)
	}
	return nil
}
