package app

import (
	"context"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// reportAPI is the full report in Lever as the admin API asks it: the
// settings in the database, the preview from the engine.
type reportAPI App

func (a *reportAPI) ReportSettings(ctx context.Context, assessmentID string) (backend.ReportSettings, bool, error) {
	return a.db.ReportSettings(ctx, assessmentID)
}

func (a *reportAPI) SaveReportSettings(ctx context.Context, s backend.ReportSettings, logged ...backend.Activity) error {
	return a.db.SaveReportSettings(ctx, s, logged...)
}

func (a *reportAPI) PreviewReport(ctx context.Context, s backend.ReportSettings) (workflow.ReportPreview, error) {
	return a.engine.PreviewReport(ctx, s)
}
