package app

import (
	"context"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// deadlineEngine is the engine's deadline rules and invitation actions as
// the admin API asks for them.
type deadlineEngine App

func (e *deadlineEngine) DeadlineRules(ctx context.Context) ([]sqlite.DeadlineRule, error) {
	return e.engine.DeadlineRules(ctx)
}

func (e *deadlineEngine) SaveDeadlineRule(ctx context.Context, r sqlite.DeadlineRule, title string) error {
	return e.engine.SaveDeadlineRule(ctx, r, title)
}

func (e *deadlineEngine) Deadlines(ctx context.Context, ids []int64) (map[int64]sqlite.Deadline, error) {
	return e.engine.Deadlines(ctx, ids)
}

func (e *deadlineEngine) QueueActions(ctx context.Context, action string, ids []int64, days int) ([]int64, map[int64]string, error) {
	return e.engine.QueueActions(ctx, action, ids, days)
}

func (e *deadlineEngine) DueLine(status backend.Status, expiresAt, now time.Time) string {
	return workflow.DueLine(status, expiresAt, now)
}
