package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/assessbridge/assessbridge/backend"
)

// RoutedRow is what the dashboard's row shows of a routing decision.
type RoutedRow struct {
	Outcome backend.ScoreOutcome
	// MoveTo is the stage a pass moves to ("" for none) and MoveToName its
	// name as the rules keep it ("" when the rules changed since).
	MoveTo     string
	MoveToName string
	MoveState  string
	// ArchiveMode and ArchiveState: how a fail is archived and how far it got.
	ArchiveMode  backend.ArchiveMode
	ArchiveState string
	// Note says why a step was left alone, in the recruiter's words.
	Note string
}

// routedRowColumns and routedRowJoin read a page's routing decisions in the
// page's own query; every column is NULL where no rules decided.
const routedRowColumns = `, ro.outcome, ro.move_to, COALESCE(rr.pass_stage_name, ''), ro.move_state, ro.archive_mode, ro.archive_state, ro.note`

const routedRowJoin = ` LEFT JOIN routing_outcomes ro ON ro.invitation_id = i.id
	LEFT JOIN routing_rules rr ON rr.assessment_id = i.assessment_id AND rr.pass_stage_id = ro.move_to`

// withRouted scans an invitation row followed by the routed columns.
type withRouted struct {
	row interface{ Scan(...any) error }
	out *RoutedRow
	ok  *bool
}

func (w withRouted) Scan(dest ...any) error {
	var outcome, moveTo, moveName, moveState, mode, archiveState, note sql.NullString
	err := w.row.Scan(append(dest, &outcome, &moveTo, &moveName, &moveState, &mode, &archiveState, &note)...)
	if err != nil || !outcome.Valid {
		*w.ok = false
		return err
	}
	*w.ok = true
	*w.out = RoutedRow{Outcome: backend.ScoreOutcome(outcome.String), MoveTo: moveTo.String, MoveToName: moveName.String,
		MoveState: moveState.String, ArchiveMode: backend.ArchiveMode(mode.String), ArchiveState: archiveState.String, Note: note.String}
	return nil
}

// queryInvitationsRouted reads invitations with their routing decisions,
// by invitation id; query selects invitationColumns+routedRowColumns.
func (db *DB) queryInvitationsRouted(ctx context.Context, q execer, query string, args ...any) ([]backend.Invitation, map[int64]RoutedRow, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: invitations: %w", err)
	}
	defer rows.Close()
	var out []backend.Invitation
	routed := map[int64]RoutedRow{}
	for rows.Next() {
		var r RoutedRow
		var ok bool
		inv, err := scanInvitation(withRouted{row: rows, out: &r, ok: &ok})
		if err != nil {
			return nil, nil, fmt.Errorf("sqlite: invitations: %w", err)
		}
		if ok {
			routed[inv.ID] = r
		}
		out = append(out, inv)
	}
	return out, routed, rows.Err()
}
