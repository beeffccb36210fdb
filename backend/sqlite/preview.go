package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// invitedChunk bounds the ids in one IN list (SQLite allows 32766 variables;
// smaller lists keep each read short).
const invitedChunk = 500

// InvitedAssessments is, for each of the opportunities given, the
// assessments they have an invitation to that a decision would not make
// again: every status but failed.
func (db *DB) InvitedAssessments(ctx context.Context, opportunityIDs []string) (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	for start := 0; start < len(opportunityIDs); start += invitedChunk {
		ids := opportunityIDs[start:min(start+invitedChunk, len(opportunityIDs))]
		args := make([]any, len(ids))
		for i, id := range ids {
			args[i] = id
		}
		rows, err := db.reader.QueryContext(ctx, `SELECT opportunity_id, assessment_id FROM invitations
			WHERE status != 'failed' AND opportunity_id IN (?`+strings.Repeat(",?", len(ids)-1)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: invited assessments: %w", err)
		}
		for rows.Next() {
			var opp, as string
			if err := rows.Scan(&opp, &as); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: invited assessments: %w", err)
			}
			if out[opp] == nil {
				out[opp] = map[string]bool{}
			}
			out[opp][as] = true
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("sqlite: invited assessments: %w", err)
		}
	}
	return out, nil
}

// StageEntryOutcome is how this entry of an opportunity into a stage was
// decided, "" when it was not.
func (db *DB) StageEntryOutcome(ctx context.Context, opportunityID, stageID string, enteredAt time.Time) (string, error) {
	var outcome string
	err := db.reader.QueryRowContext(ctx, `SELECT outcome FROM stage_entries WHERE opportunity_id = ? AND stage_id = ? AND entered_at = ?`,
		opportunityID, stageID, enteredAt.UnixMilli()).Scan(&outcome)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlite: stage entry: %w", err)
	}
	return outcome, nil
}

// MarkStageEntry records a stage entry's decision, replacing an earlier one
// (RecordStageEntry keeps the first): a recruiter's later choice to invite a
// candidate skipped on arrival is what is remembered.
func MarkStageEntry(ctx context.Context, tx *sql.Tx, opportunityID, stageID string, enteredAt time.Time, outcome string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO stage_entries (opportunity_id, stage_id, entered_at, decided_at, outcome) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (opportunity_id, stage_id, entered_at) DO UPDATE SET decided_at = excluded.decided_at, outcome = excluded.outcome`,
		opportunityID, stageID, enteredAt.UnixMilli(), now.UnixMilli(), outcome)
	if err != nil {
		return fmt.Errorf("sqlite: stage entry: %w", err)
	}
	return nil
}
