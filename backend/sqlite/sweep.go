package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	msqlite "modernc.org/sqlite"

	"github.com/assessbridge/assessbridge/backend"
)

// UnfinishedInvitations lists the invitations whose work is not done: still
// pending (the invitation not sent), or sent with the status tag behind the
// status, or submitted without its results note. An invitation with a failed
// line in the activity log written since its last change is left out: it is
// already shown to the recruiter, with a Retry. Whether a job is queued for
// the rest is for the caller to tell (River's jobs are not read here).
func (db *DB) UnfinishedInvitations(ctx context.Context) ([]backend.Invitation, error) {
	return db.queryInvitations(ctx, db.reader, `SELECT `+invitationColumns+invitationFrom+`
		WHERE (i.status = 'pending' OR (i.result_id <> '' AND (
				(i.status = 'invited' AND i.applied_tag <> i.assessment_title || ?) OR
				(i.status = 'started' AND i.applied_tag <> i.assessment_title || ?) OR
				(i.status = 'submitted' AND (i.applied_tag <> i.assessment_title || ? OR i.note_id = '')))))
			AND NOT EXISTS (SELECT 1 FROM activity a
				WHERE a.outcome = 'failed' AND a.at >= i.updated_at AND a.invitation_id = i.id)
		ORDER BY i.id`, backend.SuffixInvited, backend.SuffixStarted, backend.SuffixSubmitted)
}

// CandidateName is the name last recorded for an opportunity, or "" when
// assessbridge has recorded none.
func (db *DB) CandidateName(ctx context.Context, opportunityID string) (string, error) {
	var name string
	err := db.reader.QueryRowContext(ctx, `SELECT name FROM candidates WHERE opportunity_id = ?`, opportunityID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlite: candidate name: %w", err)
	}
	return name, nil
}

// IsDatabaseError reports whether err came from SQLite itself (a lock, a
// full disk, a constraint), rather than from a counterpart's API.
func IsDatabaseError(err error) bool {
	var se *msqlite.Error
	return errors.As(err, &se)
}
