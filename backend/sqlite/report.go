package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/assessbridge/assessbridge/backend"
)

// SettingFeedbackTemplateID is the id of assessbridge's own feedback
// template in Lever, once created (or found by its name).
const SettingFeedbackTemplateID = "lever_feedback_template_id"

// File states of a result's report (report_writes.file_state).
const (
	FileToDo = ""
	// FileDone: the PDF is a file on the candidate.
	FileDone = "done"
	// FileLinked: Qualified had no PDF; the note's report link stands.
	FileLinked = "linked"
)

// ReportSettings returns what an assessment's submissions write in Lever;
// saved is false while it runs on the defaults.
func (db *DB) ReportSettings(ctx context.Context, assessmentID string) (s backend.ReportSettings, saved bool, err error) {
	var deliver string
	err = db.reader.QueryRowContext(ctx, `SELECT deliver_as, attach_report, integrity, note_template
		FROM report_settings WHERE assessment_id = ?`, assessmentID).Scan(&deliver, &s.AttachReport, &s.Integrity, &s.NoteTemplate)
	if errors.Is(err, sql.ErrNoRows) {
		return backend.DefaultReportSettings(assessmentID), false, nil
	}
	if err != nil {
		return backend.DefaultReportSettings(assessmentID), false, fmt.Errorf("sqlite: report settings: %w", err)
	}
	s.AssessmentID, s.DeliverAs = assessmentID, backend.ReportDelivery(deliver)
	return s, true, nil
}

// SaveReportSettings keeps an assessment's report settings, with the
// activity lines given in the same transaction.
func (db *DB) SaveReportSettings(ctx context.Context, s backend.ReportSettings, logged ...backend.Activity) error {
	now := db.now()
	if s.DeliverAs == "" {
		s.DeliverAs = backend.DeliverNote
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO report_settings (assessment_id, deliver_as, attach_report, integrity, note_template, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (assessment_id) DO UPDATE SET deliver_as = excluded.deliver_as, attach_report = excluded.attach_report,
				integrity = excluded.integrity, note_template = excluded.note_template, updated_at = excluded.updated_at`,
			s.AssessmentID, string(s.DeliverAs), s.AttachReport, s.Integrity, s.NoteTemplate, now.UnixMilli())
		if err != nil {
			return fmt.Errorf("sqlite: save report settings: %w", err)
		}
		return LogActivities(ctx, tx, logged, now)
	})
}

// SimilarityRisk returns the highest code-similarity risk Qualified gave for
// an invitation's result ("" for none), as ApplyResult kept it.
func (db *DB) SimilarityRisk(ctx context.Context, invitationID int64) (string, error) {
	var level string
	err := db.writer.QueryRowContext(ctx, `SELECT similarity_risk FROM invitations WHERE id = ?`, invitationID).Scan(&level)
	if errors.Is(err, sql.ErrNoRows) {
		return "", backend.Errorf(backend.ENOTFOUND, "Invitation %d not found.", invitationID)
	}
	if err != nil {
		return "", fmt.Errorf("sqlite: similarity risk: %w", err)
	}
	return level, nil
}

// ReportWrite is what was written in Lever for one result besides its note.
type ReportWrite struct {
	ResultID     string
	InvitationID int64
	FileState    string
	FileID       string
	FileName     string
	FeedbackID   string
}

// ReportWritten returns what was written for a result; a result with
// nothing written yet has the zero state.
func (db *DB) ReportWritten(ctx context.Context, resultID string) (ReportWrite, error) {
	w := ReportWrite{ResultID: resultID}
	err := db.writer.QueryRowContext(ctx, `SELECT invitation_id, file_state, file_id, file_name, feedback_id FROM report_writes WHERE result_id = ?`, resultID).
		Scan(&w.InvitationID, &w.FileState, &w.FileID, &w.FileName, &w.FeedbackID)
	if errors.Is(err, sql.ErrNoRows) {
		return w, nil
	}
	if err != nil {
		return w, fmt.Errorf("sqlite: report written: %w", err)
	}
	return w, nil
}

// SetReportFile records how the report's file of a result ended (FileDone
// with the file's id and name, or FileLinked), with the activity lines
// given in the same transaction.
func (db *DB) SetReportFile(ctx context.Context, invitationID int64, resultID, state, fileID, fileName string, logged ...backend.Activity) error {
	now := db.now()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO report_writes (result_id, invitation_id, file_state, file_id, file_name, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (result_id) DO UPDATE SET file_state = excluded.file_state, file_id = excluded.file_id,
				file_name = excluded.file_name, updated_at = excluded.updated_at`,
			resultID, invitationID, state, fileID, fileName, now.UnixMilli())
		if err != nil {
			return fmt.Errorf("sqlite: report file: %w", err)
		}
		return LogActivities(ctx, tx, logged, now)
	})
}

// SetFeedbackWritten records the feedback form that carries a result's
// results in Lever. It stands for the results note too (note_id), so that
// everything waiting for the results to be in Lever (routing, the sweep)
// sees them written.
func (db *DB) SetFeedbackWritten(ctx context.Context, invitationID int64, resultID, feedbackID string, logged ...backend.Activity) error {
	now := db.now()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO report_writes (result_id, invitation_id, feedback_id, updated_at)
			VALUES (?, ?, ?, ?)
			ON CONFLICT (result_id) DO UPDATE SET feedback_id = excluded.feedback_id, updated_at = excluded.updated_at`,
			resultID, invitationID, feedbackID, now.UnixMilli())
		if err != nil {
			return fmt.Errorf("sqlite: feedback written: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE invitations SET note_id = ?, note_attempted = 1, updated_at = ? WHERE id = ?`,
			feedbackID, now.UnixMilli(), invitationID); err != nil {
			return fmt.Errorf("sqlite: feedback written: %w", err)
		}
		return LogActivities(ctx, tx, logged, now)
	})
}

// LatestSubmitted returns the assessment's most recently submitted
// invitation; found is false when none was submitted yet.
func (db *DB) LatestSubmitted(ctx context.Context, assessmentID string) (inv backend.Invitation, found bool, err error) {
	inv, err = scanInvitation(db.reader.QueryRowContext(ctx, `SELECT `+invitationColumns+invitationFrom+
		` WHERE i.assessment_id = ? AND i.status = 'submitted' ORDER BY i.submitted_at DESC, i.id DESC LIMIT 1`, assessmentID))
	if errors.Is(err, sql.ErrNoRows) {
		return backend.Invitation{}, false, nil
	}
	if err != nil {
		return backend.Invitation{}, false, fmt.Errorf("sqlite: latest submitted: %w", err)
	}
	return inv, true, nil
}
