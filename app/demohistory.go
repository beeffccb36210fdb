package app

import (
	"context"
	"time"

	"github.com/assessbridge/assessbridge/app/demo"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// writeDemoHistory writes the demo's past of n invitations, made up to end
// before now, and what became of their candidates in Lever (hires and
// archives), for the dashboard and the Insights screen.
func writeDemoHistory(ctx context.Context, db *sqlite.DB, accounts *demo.Accounts, n int, now time.Time) error {
	invs, lives := accounts.Past(n, now)
	if err := db.ImportInvitations(ctx, invs); err != nil {
		return err
	}
	return db.ImportLifecycles(ctx, pastLifecycles(lives))
}

// pastLifecycles is the demo's past in Lever as the store keeps it.
func pastLifecycles(lives []demo.PastLife) []sqlite.PastLifecycle {
	out := make([]sqlite.PastLifecycle, 0, len(lives))
	for _, l := range lives {
		p := sqlite.PastLifecycle{OpportunityID: l.OpportunityID, HiredAt: l.HiredAt}
		if !l.ArchivedAt.IsZero() {
			p.State, p.StateAt = "archived", l.ArchivedAt
		}
		out = append(out, p)
	}
	return out
}
