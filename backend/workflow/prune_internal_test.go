package workflow

import (
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// TestStageEntriesArePrunedOnlyBeforeTheNextCatchUpLooks: the time before
// which stage entries may go is never later than where the next catch-up
// starts looking, whatever the checkpoint says.
func TestStageEntriesArePrunedOnlyBeforeTheNextCatchUpLooks(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	stage := func(since time.Time) backend.TriggerStage { return backend.TriggerStage{StageID: "st", Since: since} }
	cp := func(t time.Time) string { return t.Format(time.RFC3339Nano) }
	tests := []struct {
		name       string
		stages     []backend.TriggerStage
		checkpoint string
		want       time.Time
		ok         bool
	}{
		{"checkpoint an hour back, less the overlap", []backend.TriggerStage{stage(now.Add(-30 * 24 * time.Hour))}, cp(now.Add(-time.Hour)), now.Add(-2 * time.Hour), true},
		{"no checkpoint: from the earliest trigger", []backend.TriggerStage{stage(now.Add(-10 * time.Hour)), stage(now.Add(-20 * time.Hour))}, "", now.Add(-20 * time.Hour), true},
		{"checkpoint before the trigger began", []backend.TriggerStage{stage(now.Add(-time.Hour))}, cp(now.Add(-5 * time.Hour)), now.Add(-time.Hour), true},
		{"checkpoint in the future is ignored", []backend.TriggerStage{stage(now.Add(-20 * time.Hour))}, cp(now.Add(time.Hour)), now.Add(-20 * time.Hour), true},
		{"unreadable checkpoint", []backend.TriggerStage{stage(now.Add(-20 * time.Hour))}, "yesterday", now.Add(-20 * time.Hour), true},
		{"no trigger stage, a checkpoint", nil, cp(now.Add(-time.Hour)), now.Add(-2 * time.Hour), true},
		{"no trigger stage, no checkpoint: cannot tell", nil, "", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := catchUpSince(tt.stages, tt.checkpoint, now)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("%s: catchUpSince = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
