package app

import (
	"context"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// routingAPI is routing by score as the admin API asks it: rules in the
// database, approvals through the engine, archive reasons from Lever.
type routingAPI App

func (a *routingAPI) RoutingRules(ctx context.Context, assessmentID string) (backend.RoutingRules, bool, error) {
	return a.db.RoutingRules(ctx, assessmentID)
}

func (a *routingAPI) SaveRoutingRules(ctx context.Context, r backend.RoutingRules, logged ...backend.Activity) error {
	return a.db.SaveRoutingRules(ctx, r, logged...)
}

func (a *routingAPI) ArchiveSuggestions(ctx context.Context) ([]sqlite.ArchiveSuggestion, error) {
	return a.db.ArchiveSuggestions(ctx)
}

func (a *routingAPI) ApproveArchives(ctx context.Context, ids []int64) error {
	return a.engine.ApproveArchives(ctx, ids)
}

func (a *routingAPI) DismissArchives(ctx context.Context, ids []int64) error {
	return a.engine.DismissArchives(ctx, ids)
}

func (a *routingAPI) ArchiveReasons(ctx context.Context) ([]lever.ArchiveReason, error) {
	reasons, err := a.conns.lever.ArchiveReasons(ctx)
	if err != nil {
		return nil, adminapi.Upstream(backend.KindOf(err), err, "%s", explainLever(err, "Lever", a.cfg.LeverAPIURL))
	}
	return reasons, nil
}
