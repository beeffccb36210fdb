package adminapi

import (
	"context"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// Deadlines is the deadline rules and the actions on an invitation
// (*workflow.Engine, through the app).
type Deadlines interface {
	DeadlineRules(ctx context.Context) ([]sqlite.DeadlineRule, error)
	SaveDeadlineRule(ctx context.Context, r sqlite.DeadlineRule, title string) error
	Deadlines(ctx context.Context, ids []int64) (map[int64]sqlite.Deadline, error)
	// QueueActions queues action for each invitation it fits; skipped says
	// why not for the others.
	QueueActions(ctx context.Context, action string, ids []int64, days int) (queued []int64, skipped map[int64]string, err error)
	// DueLine says when an invitation is due ("due in 3 days", "expired").
	DueLine(status backend.Status, expiresAt, now time.Time) string
}
