package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// DeadlineRule is one assessment's deadline rule. The zero rule is off: no
// deadline is sent and nothing expires.
type DeadlineRule struct {
	AssessmentID string
	// ExpireDays and RemindDays count from the invitation; zero is none.
	ExpireDays int
	RemindDays int
	// QualifiedDefaults takes the assessment's own days in Qualified instead.
	QualifiedDefaults bool
	// SuggestArchive asks for expired candidates to be suggested for
	// archiving in Lever.
	SuggestArchive bool
}

// On reports whether the rule sets a deadline or a reminder.
func (r DeadlineRule) On() bool {
	return r.ExpireDays > 0 || r.RemindDays > 0 || r.QualifiedDefaults
}

// DeadlineRules lists the rules that are set, by assessment.
func (db *DB) DeadlineRules(ctx context.Context) ([]DeadlineRule, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT assessment_id, expire_days, remind_days, qualified_defaults, suggest_archive
		FROM deadline_rules ORDER BY assessment_id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: deadline rules: %w", err)
	}
	defer rows.Close()
	var out []DeadlineRule
	for rows.Next() {
		var r DeadlineRule
		if err := rows.Scan(&r.AssessmentID, &r.ExpireDays, &r.RemindDays, &r.QualifiedDefaults, &r.SuggestArchive); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DeadlineRule returns an assessment's rule; the zero (off) rule when none
// is set.
func (db *DB) DeadlineRule(ctx context.Context, assessmentID string) (DeadlineRule, error) {
	r := DeadlineRule{AssessmentID: assessmentID}
	err := db.writer.QueryRowContext(ctx, `SELECT expire_days, remind_days, qualified_defaults, suggest_archive
		FROM deadline_rules WHERE assessment_id = ?`, assessmentID).Scan(&r.ExpireDays, &r.RemindDays, &r.QualifiedDefaults, &r.SuggestArchive)
	if errors.Is(err, sql.ErrNoRows) {
		return r, nil
	}
	if err != nil {
		return r, fmt.Errorf("sqlite: deadline rule: %w", err)
	}
	return r, nil
}

// SaveDeadlineRule sets an assessment's rule, with the activity lines given
// in the same transaction.
func (db *DB) SaveDeadlineRule(ctx context.Context, r DeadlineRule, logged ...backend.Activity) error {
	now := db.now()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if err := LogActivities(ctx, tx, logged, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO deadline_rules (assessment_id, expire_days, remind_days, qualified_defaults, suggest_archive, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (assessment_id) DO UPDATE SET expire_days = excluded.expire_days,
			remind_days = excluded.remind_days, qualified_defaults = excluded.qualified_defaults,
			suggest_archive = excluded.suggest_archive, updated_at = excluded.updated_at`,
			r.AssessmentID, r.ExpireDays, r.RemindDays, r.QualifiedDefaults, r.SuggestArchive, now.UnixMilli())
		if err != nil {
			return fmt.Errorf("sqlite: save deadline rule: %w", err)
		}
		return nil
	})
}

// Deadline is what the dashboard shows of an invitation's deadline.
type Deadline struct {
	Status    backend.Status
	ExpiresAt time.Time
	// ReminderAt is when Qualified reminds the candidate; zero for none.
	ReminderAt time.Time
	CameBackAt time.Time
}

// SetDeadline records an invitation's deadline and reminder (zero: none).
func (db *DB) SetDeadline(ctx context.Context, invitationID int64, expiresAt, reminderAt time.Time) error {
	_, err := db.writer.ExecContext(ctx, `INSERT INTO invitation_deadlines (invitation_id, expires_at, reminder_at) VALUES (?, ?, ?)
		ON CONFLICT (invitation_id) DO UPDATE SET expires_at = excluded.expires_at, reminder_at = excluded.reminder_at`,
		invitationID, ms(expiresAt), ms(reminderAt))
	if err != nil {
		return fmt.Errorf("sqlite: set deadline: %w", err)
	}
	return nil
}

// MarkCameBack records that a candidate entered a trigger stage at at, on
// each of the opportunity's invitations sent before then: the candidate
// came back after being invited. It reports how many it marked.
func (db *DB) MarkCameBack(ctx context.Context, opportunityID string, at time.Time) (int64, error) {
	res, err := db.writer.ExecContext(ctx, `INSERT INTO invitation_deadlines (invitation_id, came_back_at)
		SELECT id, ? FROM invitations WHERE opportunity_id = ? AND invited_at IS NOT NULL AND invited_at < ?
		AND status NOT IN ('pending', 'failed')
		ON CONFLICT (invitation_id) DO UPDATE SET came_back_at = excluded.came_back_at`, at.UnixMilli(), opportunityID, at.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("sqlite: came back: %w", err)
	}
	return res.RowsAffected()
}

// Deadlines returns the status, deadline and return of the invitations ids.
func (db *DB) Deadlines(ctx context.Context, ids []int64) (map[int64]Deadline, error) {
	out := map[int64]Deadline{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT i.id, i.status, d.expires_at, d.reminder_at, d.came_back_at
		FROM invitations i LEFT JOIN invitation_deadlines d ON d.invitation_id = i.id
		WHERE i.id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: deadlines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var status string
		var exp, remind, back sql.NullInt64
		if err := rows.Scan(&id, &status, &exp, &remind, &back); err != nil {
			return nil, err
		}
		out[id] = Deadline{Status: backend.Status(status), ExpiresAt: fromMS(exp), ReminderAt: fromMS(remind), CameBackAt: fromMS(back)}
	}
	return out, rows.Err()
}

// PastDeadline lists invitations still waiting for a submission (invited or
// started) whose deadline is at or before now.
func (db *DB) PastDeadline(ctx context.Context, now time.Time) ([]backend.Invitation, error) {
	return db.queryInvitations(ctx, db.writer, `SELECT `+invitationColumns+invitationFrom+`
		JOIN invitation_deadlines d ON d.invitation_id = i.id
		WHERE d.expires_at IS NOT NULL AND d.expires_at <= ? AND i.status IN ('invited', 'started') ORDER BY i.id`, now.UnixMilli())
}

// SetStatus moves an invitation from one of the statuses from to status,
// with a line in its history and the activity lines given, in one
// transaction. It reports whether the invitation was in one of from.
func (db *DB) SetStatus(ctx context.Context, id int64, from []backend.Status, status backend.Status, detail string, logged ...backend.Activity) (bool, error) {
	now := db.now()
	changed := false
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		args := []any{string(status), now.UnixMilli(), id}
		for _, s := range from {
			args = append(args, string(s))
		}
		res, err := tx.ExecContext(ctx, `UPDATE invitations SET status = ?, updated_at = ? WHERE id = ? AND status IN (?`+
			strings.Repeat(", ?", len(from)-1)+`)`, args...)
		if err != nil {
			return fmt.Errorf("sqlite: set status: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		changed = true
		if err := LogActivities(ctx, tx, logged, now); err != nil {
			return err
		}
		return addHistory(ctx, tx, id, status, detail, now)
	})
	return changed, err
}

// MarkReinvited records a second go: the invitation is invited again with
// the provider's new result and deadline; the first attempt's score and note
// give way to the new one's, and the return is dealt with.
func (db *DB) MarkReinvited(ctx context.Context, id int64, p backend.ProviderInvitation, logged ...backend.Activity) error {
	now := db.now()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if err := LogActivities(ctx, tx, logged, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE invitations SET status = 'invited', provider_invitation_id = ?, result_id = ?,
			invite_url = CASE WHEN ? <> '' THEN ? ELSE invite_url END, score = NULL, passed = NULL, time_spent_seconds = 0,
			challenges = '[]', report_url = '', note_id = '', note_attempted = 0, error = '', started_at = NULL,
			submitted_at = NULL, updated_at = ? WHERE id = ?`,
			p.InvitationID, p.ResultID, p.InviteURL, p.InviteURL, now.UnixMilli(), id)
		if err != nil {
			return fmt.Errorf("sqlite: reinvite: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO invitation_deadlines (invitation_id, expires_at, reminder_at) VALUES (?, ?, ?)
			ON CONFLICT (invitation_id) DO UPDATE SET expires_at = excluded.expires_at, reminder_at = excluded.reminder_at, came_back_at = NULL`,
			id, ms(p.ExpiresAt), ms(p.ReminderAt))
		if err != nil {
			return fmt.Errorf("sqlite: reinvite: %w", err)
		}
		return addHistory(ctx, tx, id, backend.StatusInvited, "invited again", now)
	})
}

// InvitationAction is one click of the recruiter on an invitation.
type InvitationAction struct {
	ID           int64
	InvitationID int64
	// Action is "resend", "cancel" or "retry".
	Action string
	// Days is the new deadline of a retry, in days; zero keeps the rule's.
	Days int
	// State is "queued", "calling" (Qualified was called; its answer is not
	// recorded yet), "done", "unsure" or "failed".
	State   string
	Message string
}

// NewInvitationAction records a click and queues its job in the same
// transaction (queue is called with the new action's id).
func (db *DB) NewInvitationAction(ctx context.Context, invitationID int64, action string, days int, queue func(tx *sql.Tx, id int64) error) (int64, error) {
	now := db.now()
	var id int64
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO invitation_actions (invitation_id, action, days, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			invitationID, action, days, now.UnixMilli(), now.UnixMilli())
		if err != nil {
			return fmt.Errorf("sqlite: new action: %w", err)
		}
		id, _ = res.LastInsertId()
		return queue(tx, id)
	})
	return id, err
}

// InvitationActionByID reads one action.
func (db *DB) InvitationActionByID(ctx context.Context, id int64) (InvitationAction, error) {
	a := InvitationAction{ID: id}
	err := db.writer.QueryRowContext(ctx, `SELECT invitation_id, action, days, state, message FROM invitation_actions WHERE id = ?`, id).
		Scan(&a.InvitationID, &a.Action, &a.Days, &a.State, &a.Message)
	if errors.Is(err, sql.ErrNoRows) {
		return a, backend.Errorf(backend.ENOTFOUND, "Action %d not found.", id)
	}
	return a, err
}

// SetActionState moves an action to state, with the activity lines given
// in the same transaction.
func (db *DB) SetActionState(ctx context.Context, id int64, state, message string, logged ...backend.Activity) error {
	now := db.now()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if err := LogActivities(ctx, tx, logged, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE invitation_actions SET state = ?, message = ?, updated_at = ? WHERE id = ?`,
			state, message, now.UnixMilli(), id)
		if err != nil {
			return fmt.Errorf("sqlite: action state: %w", err)
		}
		return nil
	})
}

// ExpiredTagsBehind lists expired invitations whose expired tag is not yet
// on the candidate in Lever.
func (db *DB) ExpiredTagsBehind(ctx context.Context) ([]backend.Invitation, error) {
	return db.queryInvitations(ctx, db.writer, `SELECT `+invitationColumns+invitationFrom+`
		WHERE i.status = 'expired' AND i.applied_tag <> i.assessment_title || ' - Expired' ORDER BY i.id`)
}
