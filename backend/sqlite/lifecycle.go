package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// SettingCancelOnArchive is "off" when archiving a candidate in Lever must
// leave their Qualified invitation alone; any other value (unset included)
// cancels it.
const SettingCancelOnArchive = "lifecycle_cancel_on_archive"

// LeverWebhookIDSetting and LeverWebhookURLSetting name where the id and
// address of the Lever webhook for event are kept. The stage change's keep
// their first names, so a webhook registered before other events were
// handled is reused.
func LeverWebhookIDSetting(event string) string {
	if event == "candidateStageChange" {
		return SettingLeverWebhookID
	}
	return SettingLeverWebhookID + "." + event
}

// LeverWebhookURLSetting: see LeverWebhookIDSetting.
func LeverWebhookURLSetting(event string) string {
	if event == "candidateStageChange" {
		return SettingLeverWebhookURL
	}
	return SettingLeverWebhookURL + "." + event
}

// Lifecycle is what Lever last said of a candidate beyond their stage.
type Lifecycle struct {
	// State is "archived", "unarchived", or "" when Lever said neither.
	State   string
	StateAt time.Time
	HiredAt time.Time
	// Cancelled is why an invitation was withdrawn ("archived", "deleted"),
	// by invitation id.
	Cancelled map[int64]string
}

// Lifecycles returns what Lever said of each of the given candidates; a
// candidate Lever said nothing of is absent.
func (db *DB) Lifecycles(ctx context.Context, opportunityIDs []string) (map[string]Lifecycle, error) {
	out := map[string]Lifecycle{}
	if len(opportunityIDs) == 0 {
		return out, nil
	}
	cond, args := inList("l.opportunity_id", opportunityIDs)
	rows, err := db.reader.QueryContext(ctx, `SELECT l.opportunity_id, l.state, l.state_at, l.hired_at FROM lever_lifecycle l WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: lifecycles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, state string
		var at, hired sql.NullInt64
		if err := rows.Scan(&id, &state, &at, &hired); err != nil {
			return nil, fmt.Errorf("sqlite: lifecycles: %w", err)
		}
		out[id] = Lifecycle{State: state, StateAt: fromMS(at), HiredAt: fromMS(hired)}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cond, args = inList("i.opportunity_id", opportunityIDs)
	rows, err = db.reader.QueryContext(ctx, `SELECT i.opportunity_id, c.invitation_id, c.reason FROM lever_cancels c
		JOIN invitations i ON i.id = c.invitation_id WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: lifecycles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var opp, reason string
		var id int64
		if err := rows.Scan(&opp, &id, &reason); err != nil {
			return nil, fmt.Errorf("sqlite: lifecycles: %w", err)
		}
		l := out[opp]
		if l.Cancelled == nil {
			l.Cancelled = map[int64]string{}
		}
		l.Cancelled[id] = reason
		out[opp] = l
	}
	return out, rows.Err()
}

// Lifecycle returns what Lever last said of one candidate.
func (db *DB) Lifecycle(ctx context.Context, opportunityID string) (Lifecycle, error) {
	m, err := db.Lifecycles(ctx, []string{opportunityID})
	return m[opportunityID], err
}

// SetArchiveState records Lever's archive state of a candidate who has
// invitations, with the lines given, in one transaction.
func (db *DB) SetArchiveState(ctx context.Context, opportunityID, state string, at time.Time, logged ...backend.Activity) error {
	now := db.now()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO lever_lifecycle (opportunity_id, state, state_at, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (opportunity_id) DO UPDATE SET state = excluded.state, state_at = excluded.state_at, updated_at = excluded.updated_at`,
			opportunityID, state, ms(at), now.UnixMilli()); err != nil {
			return fmt.Errorf("sqlite: archive state: %w", err)
		}
		return LogActivities(ctx, tx, logged, now)
	})
}

// SetHired records when a candidate with invitations was hired, with the
// lines given, in one transaction. It reports false, writing nothing, when
// the hire was recorded already.
func (db *DB) SetHired(ctx context.Context, opportunityID string, at time.Time, logged ...backend.Activity) (bool, error) {
	now := db.now()
	changed := false
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO lever_lifecycle (opportunity_id, hired_at, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (opportunity_id) DO UPDATE SET hired_at = excluded.hired_at, updated_at = excluded.updated_at
			WHERE hired_at IS NULL`, opportunityID, at.UnixMilli(), now.UnixMilli())
		if err != nil {
			return fmt.Errorf("sqlite: hired: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		changed = true
		return LogActivities(ctx, tx, logged, now)
	})
	return changed, err
}

// MarkCancelled closes an invitation withdrawn because Lever archived or
// deleted the candidate (reason "archived" or "deleted"); sent says whether
// Qualified was asked (false for one never sent). The lines given are
// written in the same transaction. It reports false, writing nothing, when
// the invitation is no longer pending, invited or started.
func (db *DB) MarkCancelled(ctx context.Context, id int64, reason string, sent bool, logged ...backend.Activity) (bool, error) {
	now := db.now()
	changed := false
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE invitations SET status = 'closed', updated_at = ?
			WHERE id = ? AND status IN ('pending', 'invited', 'started')`, now.UnixMilli(), id)
		if err != nil {
			return fmt.Errorf("sqlite: cancel: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		changed = true
		if _, err := tx.ExecContext(ctx, `INSERT INTO lever_cancels (invitation_id, reason, sent, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (invitation_id) DO NOTHING`, id, reason, sent, now.UnixMilli()); err != nil {
			return fmt.Errorf("sqlite: cancel: %w", err)
		}
		if err := addHistory(ctx, tx, id, backend.StatusClosed, "cancelled: "+reason+" in Lever", now); err != nil {
			return err
		}
		return LogActivities(ctx, tx, logged, now)
	})
	return changed, err
}

// deletedCandidate replaces a deleted candidate's name in the activity log.
const deletedCandidate = "A candidate deleted in Lever"

// ForgetCandidate removes what is kept about a candidate Lever deleted: the
// dashboard rows (their invitations), the candidate record, the search
// index's copy, and the name, e-mail address and profile link in their
// activity lines, keeping only the opaque opportunity id. The funnel and
// the assessments' counts stay as they were (see migration 00009). The
// lines given are written in the same transaction. It reports how many
// invitations went.
func (db *DB) ForgetCandidate(ctx context.Context, opportunityID string, logged ...backend.Activity) (int, error) {
	now := db.now()
	n := 0
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		var name, email, profile string
		// An aggregate answers one row, whether the candidate is kept or not.
		err := tx.QueryRowContext(ctx, `SELECT coalesce(max(name), ''), coalesce(max(email), ''), coalesce(max(profile_url), '')
			FROM candidates WHERE opportunity_id = ?`, opportunityID).Scan(&name, &email, &profile)
		if err != nil {
			return fmt.Errorf("sqlite: forget: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO forgotten_candidates (opportunity_id, forgotten_at) VALUES (?, ?)
			ON CONFLICT (opportunity_id) DO NOTHING`, opportunityID, now.UnixMilli()); err != nil {
			return fmt.Errorf("sqlite: forget: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM invitations WHERE opportunity_id = ?`, opportunityID).Scan(&n); err != nil {
			return fmt.Errorf("sqlite: forget: %w", err)
		}
		const ofCandidate = ` IN (SELECT id FROM invitations WHERE opportunity_id = ?)`
		for _, q := range []string{
			`DELETE FROM invitation_search WHERE rowid` + ofCandidate,
			`DELETE FROM invitation_history WHERE invitation_id` + ofCandidate,
			`DELETE FROM lever_cancels WHERE invitation_id` + ofCandidate,
			// The lines stay, no longer pointing at a row that is gone.
			`UPDATE activity SET invitation_id = NULL WHERE invitation_id` + ofCandidate,
			`DELETE FROM invitations WHERE opportunity_id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, opportunityID); err != nil {
				return fmt.Errorf("sqlite: forget: %w", err)
			}
		}
		for _, q := range []string{
			`DELETE FROM lever_lifecycle WHERE opportunity_id = ?`,
			`DELETE FROM candidates WHERE opportunity_id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, opportunityID); err != nil {
				return fmt.Errorf("sqlite: forget: %w", err)
			}
		}
		// Longest first, so a name inside an address is not replaced in part.
		for _, pair := range [][2]string{{profile, "their Lever profile"}, {email, "their e-mail address"}, {name, deletedCandidate}} {
			if pair[0] == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE activity SET message = replace(message, ?, ?) WHERE opportunity_id = ? AND instr(message, ?) > 0`,
				pair[0], pair[1], opportunityID, pair[0]); err != nil {
				return fmt.Errorf("sqlite: forget: %w", err)
			}
		}
		return LogActivities(ctx, tx, logged, now)
	})
	return n, err
}

// Forgotten reports whether Lever deleted the candidate and assessbridge
// forgot them.
func (db *DB) Forgotten(ctx context.Context, opportunityID string) (bool, error) {
	var n int
	err := db.writer.QueryRowContext(ctx, `SELECT count(*) FROM forgotten_candidates WHERE opportunity_id = ?`, opportunityID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("sqlite: forgotten: %w", err)
	}
	return n > 0, nil
}
