package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

const invitationColumns = `i.id, i.opportunity_id, i.assessment_id, i.assessment_title, i.matched_tag, i.tag_place,
	i.stage_id, i.status, i.applied_tag, i.attempt, i.provider_invitation_id, i.result_id, i.invite_url,
	i.score, i.passed, i.time_spent_seconds, i.challenges, i.report_url, i.note_id, i.note_attempted, i.error,
	i.invited_at, i.started_at, i.submitted_at, i.created_at, i.updated_at,
	c.contact_id, c.name, c.email, c.posting_id, c.posting_title, c.profile_url`

const invitationFrom = ` FROM invitations i JOIN candidates c ON c.opportunity_id = i.opportunity_id`

func scanInvitation(row interface{ Scan(...any) error }) (backend.Invitation, error) {
	var inv backend.Invitation
	var status, place, challenges string
	var score sql.NullFloat64
	var passed sql.NullBool
	var spent int64
	var noteAttempted bool
	var invited, started, submitted sql.NullInt64
	var created, updated int64
	err := row.Scan(&inv.ID, &inv.OpportunityID, &inv.AssessmentID, &inv.AssessmentTitle, &inv.MatchedTag, &place,
		&inv.StageID, &status, &inv.AppliedTag, &inv.Attempt, &inv.ProviderInvitationID, &inv.ResultID, &inv.InviteURL,
		&score, &passed, &spent, &challenges, &inv.ReportURL, &inv.NoteID, &noteAttempted, &inv.Error,
		&invited, &started, &submitted, &created, &updated,
		&inv.Candidate.ContactID, &inv.Candidate.Name, &inv.Candidate.Email, &inv.Candidate.PostingID,
		&inv.Candidate.PostingTitle, &inv.Candidate.ProfileURL)
	if err != nil {
		return inv, err
	}
	inv.Status = backend.Status(status)
	inv.TagPlace = backend.TagPlace(place)
	if score.Valid {
		inv.Score = &score.Float64
	}
	if passed.Valid {
		inv.Passed = &passed.Bool
	}
	inv.TimeSpent = time.Duration(spent) * time.Second
	if challenges != "" {
		_ = json.Unmarshal([]byte(challenges), &inv.Challenges)
	}
	inv.NoteAttempted = noteAttempted
	inv.InvitedAt, inv.StartedAt, inv.SubmittedAt = fromMS(invited), fromMS(started), fromMS(submitted)
	inv.CreatedAt, inv.UpdatedAt = time.UnixMilli(created), time.UnixMilli(updated)
	inv.Candidate.OpportunityID = inv.OpportunityID
	return inv, nil
}

// Invitation returns one invitation with its candidate, or ENOTFOUND.
func (db *DB) Invitation(ctx context.Context, id int64) (backend.Invitation, error) {
	inv, err := scanInvitation(db.writer.QueryRowContext(ctx, `SELECT `+invitationColumns+invitationFrom+` WHERE i.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, backend.Errorf(backend.ENOTFOUND, "Invitation %d not found.", id)
	}
	return inv, err
}

// InvitationByResult returns the invitation whose Qualified result is resultID, or ENOTFOUND.
func (db *DB) InvitationByResult(ctx context.Context, resultID string) (backend.Invitation, error) {
	inv, err := scanInvitation(db.reader.QueryRowContext(ctx, `SELECT `+invitationColumns+invitationFrom+` WHERE i.result_id = ?`, resultID))
	if errors.Is(err, sql.ErrNoRows) {
		return inv, backend.Errorf(backend.ENOTFOUND, "No invitation has result %s.", resultID)
	}
	return inv, err
}

// InvitationsForOpportunity lists an opportunity's invitations.
func (db *DB) InvitationsForOpportunity(ctx context.Context, opportunityID string) ([]backend.Invitation, error) {
	return db.queryInvitations(ctx, db.writer, `SELECT `+invitationColumns+invitationFrom+` WHERE i.opportunity_id = ? ORDER BY i.id`, opportunityID)
}

// InFlightInvitations lists invitations whose result may still change.
func (db *DB) InFlightInvitations(ctx context.Context) ([]backend.Invitation, error) {
	return db.queryInvitations(ctx, db.reader, `SELECT `+invitationColumns+invitationFrom+
		` WHERE i.status IN ('invited', 'started') AND i.result_id <> '' ORDER BY i.id`)
}

func (db *DB) queryInvitations(ctx context.Context, q execer, query string, args ...any) ([]backend.Invitation, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: invitations: %w", err)
	}
	defer rows.Close()
	var out []backend.Invitation
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: invitations: %w", err)
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

// UpsertCandidate records what Lever says about a candidate.
func UpsertCandidate(ctx context.Context, tx *sql.Tx, c backend.Candidate, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO candidates (opportunity_id, contact_id, name, email, posting_id, posting_title, profile_url, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (opportunity_id) DO UPDATE SET contact_id = excluded.contact_id, name = excluded.name,
			email = excluded.email, posting_id = excluded.posting_id, posting_title = excluded.posting_title,
			profile_url = excluded.profile_url, updated_at = excluded.updated_at`,
		c.OpportunityID, c.ContactID, c.Name, c.Email, c.PostingID, c.PostingTitle, c.ProfileURL, now.UnixMilli())
	if err != nil {
		return fmt.Errorf("sqlite: candidate: %w", err)
	}
	return nil
}

// EnsureInvitation records the intent to invite. It returns the invitation
// and whether work is due: true for a new invitation, or for a failed one
// that is tried again (its attempt counter goes up); false when the candidate
// was already invited to this assessment.
func EnsureInvitation(ctx context.Context, tx *sql.Tx, inv backend.Invitation, now time.Time) (backend.Invitation, bool, error) {
	var id int64
	var status string
	var attempt int
	err := tx.QueryRowContext(ctx, `SELECT id, status, attempt FROM invitations WHERE opportunity_id = ? AND assessment_id = ?`,
		inv.OpportunityID, inv.AssessmentID).Scan(&id, &status, &attempt)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.ExecContext(ctx, `INSERT INTO invitations (opportunity_id, assessment_id, assessment_title, matched_tag, tag_place,
			stage_id, status, error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			inv.OpportunityID, inv.AssessmentID, inv.AssessmentTitle, inv.MatchedTag, string(inv.TagPlace),
			inv.StageID, string(inv.Status), inv.Error, now.UnixMilli(), now.UnixMilli())
		if err != nil {
			return inv, false, fmt.Errorf("sqlite: new invitation: %w", err)
		}
		inv.ID, _ = res.LastInsertId()
		inv.Attempt = 1
		if err := addHistory(ctx, tx, inv.ID, inv.Status, inv.Error, now); err != nil {
			return inv, false, err
		}
		return inv, true, nil
	case err != nil:
		return inv, false, fmt.Errorf("sqlite: invitation: %w", err)
	case backend.Status(status) != backend.StatusFailed:
		inv.ID, inv.Status, inv.Attempt = id, backend.Status(status), attempt
		return inv, false, nil
	}
	// A failed invitation is tried again with what Lever says now.
	inv.ID, inv.Attempt = id, attempt+1
	_, err = tx.ExecContext(ctx, `UPDATE invitations SET assessment_title = ?, matched_tag = ?, tag_place = ?, stage_id = ?,
		status = ?, error = ?, attempt = ?, updated_at = ? WHERE id = ?`,
		inv.AssessmentTitle, inv.MatchedTag, string(inv.TagPlace), inv.StageID, string(inv.Status), inv.Error, inv.Attempt, now.UnixMilli(), id)
	if err != nil {
		return inv, false, fmt.Errorf("sqlite: retry invitation: %w", err)
	}
	if err := addHistory(ctx, tx, id, inv.Status, inv.Error, now); err != nil {
		return inv, false, err
	}
	return inv, true, nil
}

// RetryInvitation moves a failed invitation back to pending with a new attempt number.
func RetryInvitation(ctx context.Context, tx *sql.Tx, id int64, now time.Time) (int, error) {
	var attempt int
	err := tx.QueryRowContext(ctx, `UPDATE invitations SET status = 'pending', error = '', attempt = attempt + 1, updated_at = ?
		WHERE id = ? AND status = 'failed' RETURNING attempt`, now.UnixMilli(), id).Scan(&attempt)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, backend.Errorf(backend.ECONFLICT, "Only a failed invitation can be retried.")
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: retry invitation: %w", err)
	}
	return attempt, addHistory(ctx, tx, id, backend.StatusPending, "retry", now)
}

func addHistory(ctx context.Context, e execer, id int64, s backend.Status, detail string, now time.Time) error {
	_, err := e.ExecContext(ctx, `INSERT INTO invitation_history (invitation_id, status, at, detail) VALUES (?, ?, ?, ?)`,
		id, string(s), now.UnixMilli(), detail)
	if err != nil {
		return fmt.Errorf("sqlite: history: %w", err)
	}
	return nil
}

// MarkInvited records the provider's confirmation of an invitation, with the
// activity lines given in the same transaction (see MarkFailed).
func (db *DB) MarkInvited(ctx context.Context, id int64, p backend.ProviderInvitation, logged ...backend.Activity) error {
	now := db.now()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if err := LogActivities(ctx, tx, logged, now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE invitations SET status = 'invited', provider_invitation_id = ?, result_id = ?,
			invite_url = ?, error = '', invited_at = COALESCE(invited_at, ?), updated_at = ? WHERE id = ? AND status = 'pending'`,
			p.InvitationID, p.ResultID, p.InviteURL, now.UnixMilli(), now.UnixMilli(), id)
		if err != nil {
			return fmt.Errorf("sqlite: mark invited: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return addHistory(ctx, tx, id, backend.StatusInvited, "", now)
	})
}

// MarkFailed records that an invitation could not be sent, and why. The
// activity lines given are written in the same transaction: the activity log
// never misses a failure the dashboard shows, whenever the process stops.
func (db *DB) MarkFailed(ctx context.Context, id int64, reason string, logged ...backend.Activity) error {
	now := db.now()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if err := LogActivities(ctx, tx, logged, now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE invitations SET status = 'failed', error = ?, updated_at = ? WHERE id = ? AND status IN ('pending', 'failed')`,
			reason, now.UnixMilli(), id)
		if err != nil {
			return fmt.Errorf("sqlite: mark failed: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return addHistory(ctx, tx, id, backend.StatusFailed, reason, now)
	})
}

// ApplyResult moves an invitation forward to what the provider's result says.
// It never moves a status back. It reports whether anything changed; only
// then are the activity lines given written, in the same transaction. The
// result's code-similarity risk is kept whenever it differs, status moved or
// not: Qualified may give it on a later read.
func (db *DB) ApplyResult(ctx context.Context, id int64, r backend.Result, logged ...backend.Activity) (bool, error) {
	now := db.now()
	changed := false
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		var cur, risk string
		var unscored bool
		err := tx.QueryRowContext(ctx, `SELECT status, score IS NULL, similarity_risk FROM invitations WHERE id = ?`, id).Scan(&cur, &unscored, &risk)
		if errors.Is(err, sql.ErrNoRows) {
			return backend.Errorf(backend.ENOTFOUND, "Invitation %d not found.", id)
		}
		if err != nil {
			return fmt.Errorf("sqlite: apply result: %w", err)
		}
		if risk != r.SimilarityRisk {
			if _, err := tx.ExecContext(ctx, `UPDATE invitations SET similarity_risk = ? WHERE id = ?`, r.SimilarityRisk, id); err != nil {
				return fmt.Errorf("sqlite: similarity risk: %w", err)
			}
		}
		// A result is "submitting" while Qualified scores it: the score that
		// follows is still taken, though the status does not move.
		scoreArrived := backend.Status(cur) == backend.StatusSubmitted && r.Status == backend.StatusSubmitted && unscored && r.Score != nil
		if !backend.Status(cur).Advances(r.Status) && !scoreArrived {
			return nil
		}
		changed = true
		if err := LogActivities(ctx, tx, logged, now); err != nil {
			return err
		}
		challenges, _ := json.Marshal(r.Challenges)
		if r.Challenges == nil {
			challenges = []byte("[]")
		}
		var score, passed any
		if r.Score != nil {
			score = *r.Score
		}
		if r.Passed != nil {
			passed = *r.Passed
		}
		startedAt := r.StartedAt
		if startedAt.IsZero() && (r.Status == backend.StatusStarted || r.Status == backend.StatusSubmitted) {
			// Qualified gave no start time; a closed attempt never started.
			startedAt = now
		}
		var submittedAt time.Time
		if r.Status == backend.StatusSubmitted {
			submittedAt = r.SubmittedAt
			if submittedAt.IsZero() {
				submittedAt = now
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE invitations SET status = ?, score = COALESCE(?, score), passed = COALESCE(?, passed),
			time_spent_seconds = ?, challenges = ?, report_url = CASE WHEN ? <> '' THEN ? ELSE report_url END,
			started_at = COALESCE(started_at, ?), submitted_at = COALESCE(submitted_at, ?), updated_at = ? WHERE id = ?`,
			string(r.Status), score, passed, int64(r.TimeSpent/time.Second), string(challenges), r.ReportURL, r.ReportURL,
			ms(startedAt), ms(submittedAt), now.UnixMilli(), id)
		if err != nil {
			return fmt.Errorf("sqlite: apply result: %w", err)
		}
		if scoreArrived {
			return nil
		}
		return addHistory(ctx, tx, id, r.Status, r.State, now)
	})
	return changed, err
}

// SetAppliedTag records the status tag now on the candidate in Lever, with
// the activity lines given in the same transaction.
func (db *DB) SetAppliedTag(ctx context.Context, id int64, tag string, logged ...backend.Activity) error {
	now := db.now()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE invitations SET applied_tag = ?, updated_at = ? WHERE id = ?`, tag, now.UnixMilli(), id); err != nil {
			return fmt.Errorf("sqlite: applied tag: %w", err)
		}
		return LogActivities(ctx, tx, logged, now)
	})
}

// MarkNoteAttempted is written before a result note is posted.
func (db *DB) MarkNoteAttempted(ctx context.Context, id int64) error {
	_, err := db.writer.ExecContext(ctx, `UPDATE invitations SET note_attempted = 1 WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("sqlite: note attempt: %w", err)
	}
	return nil
}

// SetNoteID records the Lever note that carries the results, with the
// activity lines given in the same transaction.
func (db *DB) SetNoteID(ctx context.Context, id int64, noteID string, logged ...backend.Activity) error {
	now := db.now()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE invitations SET note_id = ?, note_attempted = 1, updated_at = ? WHERE id = ?`, noteID, now.UnixMilli(), id)
		if err != nil {
			return fmt.Errorf("sqlite: note id: %w", err)
		}
		return LogActivities(ctx, tx, logged, now)
	})
}

// StatusCounts counts invitations by assessment and status.
func (db *DB) StatusCounts(ctx context.Context) (map[string]map[backend.Status]int, error) {
	// Kept up to date by triggers (migration 00006), not counted here.
	rows, err := db.reader.QueryContext(ctx, `SELECT assessment_id, status, n FROM invitation_counts WHERE n > 0`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: counts: %w", err)
	}
	defer rows.Close()
	out := map[string]map[backend.Status]int{}
	for rows.Next() {
		var a, s string
		var n int
		if err := rows.Scan(&a, &s, &n); err != nil {
			return nil, err
		}
		if out[a] == nil {
			out[a] = map[backend.Status]int{}
		}
		out[a][backend.Status(s)] = n
	}
	return out, rows.Err()
}

// Posting is a job posting that candidates were invited from.
type Posting struct {
	ID    string
	Title string
}

// Postings lists the postings of known candidates, by title.
func (db *DB) Postings(ctx context.Context) ([]Posting, error) {
	// Each posting found by one seek in the index of postings and titles,
	// from the one before it: a few postings, not every candidate, are read.
	rows, err := db.reader.QueryContext(ctx, `WITH RECURSIVE p (id) AS (
			SELECT (SELECT min(posting_id) FROM candidates WHERE posting_id > '')
			UNION ALL
			SELECT (SELECT min(posting_id) FROM candidates WHERE posting_id > p.id) FROM p WHERE p.id IS NOT NULL)
		SELECT id, (SELECT max(posting_title) FROM candidates WHERE posting_id = p.id) AS title
		FROM p WHERE id IS NOT NULL ORDER BY title COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: postings: %w", err)
	}
	defer rows.Close()
	var out []Posting
	for rows.Next() {
		var p Posting
		if err := rows.Scan(&p.ID, &p.Title); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// FunnelStep counts, for one assessment, the candidates who got at least
// this far: submitted ⊂ started ⊂ invited.
type FunnelStep struct {
	AssessmentID string
	Title        string
	Invited      int
	Started      int
	Submitted    int
}

// Funnel counts invited → started → submitted per assessment.
func (db *DB) Funnel(ctx context.Context) ([]FunnelStep, error) {
	// From the counts kept by triggers (migration 00006).
	rows, err := db.reader.QueryContext(ctx, `SELECT assessment_id, max(title) AS title,
		sum(invited), sum(started), sum(CASE WHEN status = 'submitted' THEN n ELSE 0 END)
		FROM invitation_counts WHERE n > 0 GROUP BY assessment_id ORDER BY title COLLATE NOCASE`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: funnel: %w", err)
	}
	defer rows.Close()
	var out []FunnelStep
	for rows.Next() {
		var f FunnelStep
		if err := rows.Scan(&f.AssessmentID, &f.Title, &f.Invited, &f.Started, &f.Submitted); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}
