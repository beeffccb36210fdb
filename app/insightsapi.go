package app

import (
	"context"
	"time"

	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// insightsAPI is the Insights screen's figures as the admin API asks them:
// from the database, and each assessment's cut from Qualified.
type insightsAPI App

func (a *insightsAPI) Now() time.Time { return a.db.Now() }

func (a *insightsAPI) InsightsFunnel(ctx context.Context, f, previous sqlite.InsightsFilter) (sqlite.FunnelCounts, sqlite.FunnelCounts, error) {
	return a.db.InsightsFunnel(ctx, f, previous)
}

func (a *insightsAPI) InsightsStalling(ctx context.Context, f sqlite.InsightsFilter, sentBefore time.Time, limit int) ([]sqlite.StallingInvitation, int, error) {
	return a.db.InsightsStalling(ctx, f, sentBefore, limit)
}

func (a *insightsAPI) InsightsTiming(ctx context.Context, f sqlite.InsightsFilter, lows []float64) (sqlite.Spread, sqlite.Spread, error) {
	return a.db.InsightsTiming(ctx, f, lows)
}

func (a *insightsAPI) InsightsScores(ctx context.Context, f sqlite.InsightsFilter, lows []float64) (sqlite.Spread, []sqlite.WeekOfResults, error) {
	return a.db.InsightsScores(ctx, f, lows)
}

func (a *insightsAPI) InsightsChallenges(ctx context.Context, f sqlite.InsightsFilter) ([]sqlite.ChallengeResults, error) {
	return a.db.InsightsChallenges(ctx, f)
}

func (a *insightsAPI) InsightsCalibration(ctx context.Context, f sqlite.InsightsFilter, lows []float64) (map[string]sqlite.Spread, error) {
	return a.db.InsightsCalibration(ctx, f, lows)
}

// insightsCutWait bounds the wait for Qualified's list of assessments: the
// score chart is shown without its cut rather than late.
const insightsCutWait = 3 * time.Second

// PassingScore is the cut Qualified sets for the assessment, from the list
// the engine keeps for a minute; false when Qualified is not connected, does
// not answer, or sets none.
func (a *insightsAPI) PassingScore(ctx context.Context, assessmentID string) (float64, bool) {
	if a.engine == nil {
		return 0, false
	}
	ctx, cancel := context.WithTimeout(ctx, insightsCutWait)
	defer cancel()
	list, err := a.engine.Assessments(ctx)
	if err != nil {
		return 0, false
	}
	for _, x := range list {
		if x.ID == assessmentID && x.PassingScore > 0 {
			return x.PassingScore, true
		}
	}
	return 0, false
}
