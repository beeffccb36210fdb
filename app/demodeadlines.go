package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/assessbridge/assessbridge/app/demo"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// demoDeadlines gives the demo's deadline assessment its rule, and lets the
// invitation the script lets run out expire here too: its recorded deadline
// becomes now and the expiry sweep runs at once.
func demoDeadlines(ctx context.Context, a *App, accounts *demo.Accounts, log *slog.Logger) error {
	rule := sqlite.DeadlineRule{AssessmentID: accounts.DeadlineAssessmentID(), ExpireDays: demo.DeadlineExpireDays,
		RemindDays: demo.DeadlineRemindDays}
	if err := a.DB().SaveDeadlineRule(ctx, rule); err != nil {
		return err
	}
	accounts.OnExpire(func(resultID string) {
		ctx := context.Background()
		inv, err := a.DB().InvitationByResult(ctx, resultID)
		if err == nil {
			err = a.DB().SetDeadline(ctx, inv.ID, time.Now(), time.Time{})
		}
		if err == nil && a.engine != nil {
			err = a.engine.ExpireNow(ctx)
		}
		if err != nil {
			log.Debug("demo expiry", "result", resultID, "err", err)
		}
	})
	return nil
}
