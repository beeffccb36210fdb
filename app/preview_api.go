package app

import (
	"context"
	"errors"

	"github.com/assessbridge/assessbridge/app/adminapi"
	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// stagePreviews is who is already in a stage, as the admin API asks the engine.
type stagePreviews App

// PreviewStage reads the stage from Lever and Qualified; their failures
// are said in the recruiter's words.
func (p *stagePreviews) PreviewStage(ctx context.Context, stage backend.TriggerStage) (workflow.StagePreview, error) {
	v, err := p.engine.PreviewStage(ctx, stage)
	if err == nil || backend.ErrorCode(err) != backend.EINTERNAL || ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return v, err
	}
	var qe *qualified.Error
	if errors.As(err, &qe) {
		return v, adminapi.Upstream(backend.KindOf(err), err, "%s", explainQualified(err, p.cfg.QualifiedAPIURL))
	}
	return v, adminapi.Upstream(backend.KindOf(err), err, "%s", explainLever(err, "Lever", p.cfg.LeverAPIURL))
}

func (p *stagePreviews) InviteExisting(ctx context.Context, stageID string, ids []string) (int, error) {
	return p.engine.InviteExisting(ctx, stageID, ids)
}
