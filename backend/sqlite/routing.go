package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// RoutingRules returns an assessment's rules; found is false when none
// were saved, and the rules are then off.
func (db *DB) RoutingRules(ctx context.Context, assessmentID string) (r backend.RoutingRules, found bool, err error) {
	var review sql.NullFloat64
	var cut, archive string
	err = db.reader.QueryRowContext(ctx, `SELECT cut, cut_score, review_from, outcome_tags, pass_stage_id, pass_stage_name, fail_archive, fail_reason_id, fail_reason_text
		FROM routing_rules WHERE assessment_id = ?`, assessmentID).
		Scan(&cut, &r.CutScore, &review, &r.OutcomeTags, &r.PassStageID, &r.PassStageName, &archive, &r.FailReasonID, &r.FailReasonText)
	r.AssessmentID = assessmentID
	if errors.Is(err, sql.ErrNoRows) {
		return backend.RoutingRules{AssessmentID: assessmentID, Cut: backend.CutVerdict, FailArchive: backend.ArchiveOff}, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("sqlite: routing rules: %w", err)
	}
	r.Cut, r.FailArchive = backend.CutMode(cut), backend.ArchiveMode(archive)
	if review.Valid {
		r.ReviewFrom = &review.Float64
	}
	return r, true, nil
}

// SaveRoutingRules keeps an assessment's rules, with the activity lines
// given in the same transaction.
func (db *DB) SaveRoutingRules(ctx context.Context, r backend.RoutingRules, logged ...backend.Activity) error {
	now := db.now()
	if r.FailArchive == "" {
		r.FailArchive = backend.ArchiveOff
	}
	var review any
	if r.ReviewFrom != nil {
		review = *r.ReviewFrom
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO routing_rules
			(assessment_id, cut, cut_score, review_from, outcome_tags, pass_stage_id, pass_stage_name, fail_archive, fail_reason_id, fail_reason_text, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (assessment_id) DO UPDATE SET cut = excluded.cut, cut_score = excluded.cut_score,
				review_from = excluded.review_from, outcome_tags = excluded.outcome_tags, pass_stage_id = excluded.pass_stage_id, pass_stage_name = excluded.pass_stage_name,
				fail_archive = excluded.fail_archive, fail_reason_id = excluded.fail_reason_id, fail_reason_text = excluded.fail_reason_text, updated_at = excluded.updated_at`,
			r.AssessmentID, string(r.Cut), r.CutScore, review, r.OutcomeTags, r.PassStageID, r.PassStageName, string(r.FailArchive), r.FailReasonID, r.FailReasonText, now.UnixMilli())
		if err != nil {
			return fmt.Errorf("sqlite: save routing rules: %w", err)
		}
		return LogActivities(ctx, tx, logged, now)
	})
}

// Routed is what the rules decided for one submission, and how far each
// step got.
type Routed struct {
	InvitationID int64
	Outcome      backend.ScoreOutcome
	// Tag is the outcome tag to add ("" for none); TagDone once it is on.
	// TagSent: it was sent and the answer not recorded (a crash came
	// between), so whether it is on is read from Lever first.
	Tag     string
	TagDone bool
	TagSent bool
	// MoveTo is the stage to move a pass to ("" for none).
	MoveTo    string
	MoveState string
	// ArchiveMode and ArchiveReasonID: how a fail is archived.
	ArchiveMode     backend.ArchiveMode
	ArchiveReasonID string
	ArchiveState    string
	// Note says why a step was left alone, in the recruiter's words.
	Note      string
	DecidedAt time.Time
	UpdatedAt time.Time
}

// The states of a routing step (Routed.MoveState, Routed.ArchiveState).
const (
	StepToDo      = ""
	StepDone      = "done"
	StepLeft      = "left"
	StepSuggested = "suggested"
	StepApproved  = "approved"
	StepDismissed = "dismissed"
)

const routedColumns = `r.invitation_id, r.outcome, r.tag, r.tag_done, r.move_to, r.move_state, r.archive_mode,
	r.archive_reason_id, r.archive_state, r.note, r.decided_at, r.updated_at`

func scanRouted(row interface{ Scan(...any) error }) (Routed, error) {
	var r Routed
	var outcome, mode string
	var decided, updated int64
	var tag int
	err := row.Scan(&r.InvitationID, &outcome, &r.Tag, &tag, &r.MoveTo, &r.MoveState, &mode,
		&r.ArchiveReasonID, &r.ArchiveState, &r.Note, &decided, &updated)
	r.TagDone, r.TagSent = tag == tagDone, tag == tagSent
	r.Outcome, r.ArchiveMode = backend.ScoreOutcome(outcome), backend.ArchiveMode(mode)
	r.DecidedAt, r.UpdatedAt = time.UnixMilli(decided), time.UnixMilli(updated)
	return r, err
}

// Routed returns what the rules decided for an invitation; found is false
// before they decided.
func (db *DB) Routed(ctx context.Context, invitationID int64) (Routed, bool, error) {
	r, err := scanRouted(db.reader.QueryRowContext(ctx, `SELECT `+routedColumns+` FROM routing_outcomes r WHERE r.invitation_id = ?`, invitationID))
	if errors.Is(err, sql.ErrNoRows) {
		return Routed{}, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("sqlite: routed: %w", err)
	}
	return r, true, nil
}

// RecordRouting keeps a decision, with its lines; a decision already kept
// for the invitation stays as it was (changed is false) and no line is
// written.
func (db *DB) RecordRouting(ctx context.Context, r Routed, logged ...backend.Activity) (changed bool, err error) {
	now := db.now()
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO routing_outcomes
			(invitation_id, outcome, tag, tag_done, move_to, move_state, archive_mode, archive_reason_id, archive_state, note, decided_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.InvitationID, string(r.Outcome), r.Tag, r.TagDone, r.MoveTo, r.MoveState, string(r.ArchiveMode),
			r.ArchiveReasonID, r.ArchiveState, r.Note, now.UnixMilli(), now.UnixMilli())
		if err != nil {
			return fmt.Errorf("sqlite: record routing: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		changed = true
		return LogActivities(ctx, tx, logged, now)
	})
	return changed, err
}

// routing_outcomes.tag_done: 0 the outcome tag is to add, tagSent it was
// sent to Lever and its answer not yet recorded, tagDone it is on.
const (
	tagSent = 2
	tagDone = 1
)

// SetRoutingTagSent records that the outcome tag is about to be sent: a job
// that finds it so after a restart looks at the candidate's tags before
// sending it again.
func (db *DB) SetRoutingTagSent(ctx context.Context, invitationID int64) error {
	return db.updateRouted(ctx, invitationID, `tag_done = CASE WHEN tag_done = 0 THEN ? ELSE tag_done END`, []any{tagSent}, nil)
}

// SetRoutingTagDone records the outcome tag as on the candidate.
func (db *DB) SetRoutingTagDone(ctx context.Context, invitationID int64, logged ...backend.Activity) error {
	return db.updateRouted(ctx, invitationID, `tag_done = ?`, []any{tagDone}, logged)
}

// SetRoutingMove records how the move ended (StepDone or StepLeft), with
// why when it was left alone.
func (db *DB) SetRoutingMove(ctx context.Context, invitationID int64, state, note string, logged ...backend.Activity) error {
	return db.updateRouted(ctx, invitationID, `move_state = ?, note = CASE WHEN ? = '' THEN note ELSE ? END`, []any{state, note, note}, logged)
}

// SetRoutingArchive records where the archive stands, with why when it was
// left alone.
func (db *DB) SetRoutingArchive(ctx context.Context, invitationID int64, state, note string, logged ...backend.Activity) error {
	return db.updateRouted(ctx, invitationID, `archive_state = ?, note = CASE WHEN ? = '' THEN note ELSE ? END`, []any{state, note, note}, logged)
}

func (db *DB) updateRouted(ctx context.Context, invitationID int64, set string, args []any, logged []backend.Activity) error {
	now := db.now()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		args := append(append([]any{}, args...), now.UnixMilli(), invitationID)
		if _, err := tx.ExecContext(ctx, `UPDATE routing_outcomes SET `+set+`, updated_at = ? WHERE invitation_id = ?`, args...); err != nil {
			return fmt.Errorf("sqlite: routing step: %w", err)
		}
		return LogActivities(ctx, tx, logged, now)
	})
}

// MoveArchiveSuggestion moves a suggestion from one state to another (a
// suggestion approved or dismissed), in tx. It reports false when the
// suggestion was not in the state from, so a second click does nothing.
func MoveArchiveSuggestion(ctx context.Context, tx *sql.Tx, invitationID int64, from []string, to string, now time.Time) (bool, error) {
	in, args := inList("archive_state", from)
	res, err := tx.ExecContext(ctx, `UPDATE routing_outcomes SET archive_state = ?, updated_at = ? WHERE invitation_id = ? AND `+in,
		append([]any{to, now.UnixMilli(), invitationID}, args...)...)
	if err != nil {
		return false, fmt.Errorf("sqlite: archive suggestion: %w", err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// ArchiveSuggestion is one candidate the dashboard suggests archiving, or
// whose approved archive is under way or was left alone.
type ArchiveSuggestion struct {
	Routed
	Invitation backend.Invitation
}

// ArchiveSuggestions lists the suggestions waiting for the recruiter, the
// approved ones not yet done, and the ones left alone (with why) until
// dismissed; oldest first.
func (db *DB) ArchiveSuggestions(ctx context.Context) ([]ArchiveSuggestion, error) {
	const open = `archive_state IN ('suggested', 'approved', 'left')`
	rows, err := db.reader.QueryContext(ctx, `SELECT `+routedColumns+` FROM routing_outcomes r WHERE r.`+open+` ORDER BY r.decided_at, r.invitation_id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: archive suggestions: %w", err)
	}
	var routed []Routed
	for rows.Next() {
		r, err := scanRouted(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: archive suggestions: %w", err)
		}
		routed = append(routed, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: archive suggestions: %w", err)
	}
	invs, err := db.queryInvitations(ctx, db.reader, `SELECT `+invitationColumns+invitationFrom+
		` WHERE i.id IN (SELECT invitation_id FROM routing_outcomes WHERE `+open+`)`)
	if err != nil {
		return nil, err
	}
	byID := map[int64]backend.Invitation{}
	for _, inv := range invs {
		byID[inv.ID] = inv
	}
	out := []ArchiveSuggestion{}
	for _, r := range routed {
		if inv, ok := byID[r.InvitationID]; ok {
			out = append(out, ArchiveSuggestion{Routed: r, Invitation: inv})
		}
	}
	return out, nil
}

// RecordOwnMove remembers a move assessbridge is about to make in Lever,
// before it is asked: the stage change it fires is then known as ours.
func (db *DB) RecordOwnMove(ctx context.Context, opportunityID, stageID string, at time.Time) error {
	_, err := db.writer.ExecContext(ctx, `INSERT OR IGNORE INTO own_moves (opportunity_id, stage_id, moved_at) VALUES (?, ?, ?)`,
		opportunityID, stageID, at.UnixMilli())
	if err != nil {
		return fmt.Errorf("sqlite: own move: %w", err)
	}
	return nil
}

// OwnMoveNear reports whether assessbridge moved the opportunity into the
// stage within window of enteredAt (Lever's time of the entry; the two
// clocks and the call's duration differ a little).
func (db *DB) OwnMoveNear(ctx context.Context, opportunityID, stageID string, enteredAt time.Time, window time.Duration) (bool, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM own_moves WHERE opportunity_id = ? AND stage_id = ? AND moved_at BETWEEN ? AND ?`,
		opportunityID, stageID, enteredAt.Add(-window).UnixMilli(), enteredAt.Add(window).UnixMilli()).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("sqlite: own move: %w", err)
	}
	return n > 0, nil
}
