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

// LogActivity appends a line to the activity log.
func (db *DB) LogActivity(ctx context.Context, a backend.Activity) error {
	return LogActivity(ctx, db.writer, a, db.now())
}

// LogActivity appends a line to the activity log inside a transaction (or on the writer).
func LogActivity(ctx context.Context, e execer, a backend.Activity, now time.Time) error {
	return LogActivities(ctx, e, []backend.Activity{a}, now)
}

// activityInsert is the statement that appends n lines at once.
const activityInsert = `INSERT INTO activity (at, kind, source, event, opportunity_id, invitation_id, stage_id, outcome, message) VALUES `

// LogActivities appends lines to the activity log, in their order. Lines
// written together, as a batch of webhooks' are, share a few statements
// rather than one each: the writer is held for less of a burst (see
// rowChunks).
func LogActivities(ctx context.Context, e execer, lines []backend.Activity, now time.Time) error {
	for _, n := range rowChunks(len(lines)) {
		args := make([]any, 0, 9*n)
		for _, a := range lines[:n] {
			if a.At.IsZero() {
				a.At = now
			}
			var inv any
			if a.InvitationID != 0 {
				inv = a.InvitationID
			}
			args = append(args, a.At.UnixMilli(), string(a.Kind), a.Source, a.Event, a.OpportunityID, inv, a.StageID, string(a.Outcome), a.Message)
		}
		if _, err := e.ExecContext(ctx, activityInsert+valueRows(n, 9), args...); err != nil {
			return fmt.Errorf("sqlite: activity: %w", err)
		}
		lines = lines[n:]
	}
	return nil
}

// ActivityFilter narrows the activity log.
type ActivityFilter struct {
	Outcomes      []backend.Outcome
	OpportunityID string
	InvitationID  int64
	Limit         int
	// Before pages backwards: only lines with an id below it.
	Before int64
}

// ListActivity lists the log, newest first.
func (db *DB) ListActivity(ctx context.Context, f ActivityFilter) ([]backend.Activity, error) {
	var where []string
	var args []any
	if len(f.Outcomes) > 0 {
		cond, in := inList("outcome", f.Outcomes)
		where, args = append(where, cond), append(args, in...)
	}
	if f.OpportunityID != "" {
		where = append(where, "opportunity_id = ?")
		args = append(args, f.OpportunityID)
	}
	if f.InvitationID != 0 {
		where = append(where, "invitation_id = ?")
		args = append(args, f.InvitationID)
	}
	if f.Before > 0 {
		where = append(where, "id < ?")
		args = append(args, f.Before)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = 100
	case limit > 1000:
		limit = 1000
	}
	rows, err := db.reader.QueryContext(ctx, `SELECT `+activityColumns+` FROM activity`+cond+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: activity: %w", err)
	}
	defer rows.Close()
	var out []backend.Activity
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

const activityColumns = `id, at, kind, source, event, opportunity_id, invitation_id, stage_id, outcome, message`

func scanActivity(row interface{ Scan(...any) error }) (backend.Activity, error) {
	var a backend.Activity
	var at int64
	var kind, outcome string
	var inv sql.NullInt64
	if err := row.Scan(&a.ID, &at, &kind, &a.Source, &a.Event, &a.OpportunityID, &inv, &a.StageID, &outcome, &a.Message); err != nil {
		return a, err
	}
	a.At, a.Kind, a.Outcome, a.InvitationID = time.UnixMilli(at), backend.ActivityKind(kind), backend.Outcome(outcome), inv.Int64
	return a, nil
}

// Activity returns one line of the log, or ENOTFOUND.
func (db *DB) Activity(ctx context.Context, id int64) (backend.Activity, error) {
	a, err := scanActivity(db.reader.QueryRowContext(ctx, `SELECT `+activityColumns+` FROM activity WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, backend.Errorf(backend.ENOTFOUND, "Activity %d not found.", id)
	}
	return a, err
}

// RememberDelivery records a Lever delivery token. It reports false when the
// token was seen before: the delivery is a replay.
func RememberDelivery(ctx context.Context, tx *sql.Tx, token string, now time.Time) (bool, error) {
	fresh, err := RememberDeliveries(ctx, tx, []string{token}, now)
	if err != nil {
		return false, err
	}
	return fresh[0], nil
}

// RememberDeliveries records Lever delivery tokens, and reports for each
// whether it is new: false for a token seen before, by an earlier delivery
// or earlier in tokens (a replay).
func RememberDeliveries(ctx context.Context, tx *sql.Tx, tokens []string, now time.Time) ([]bool, error) {
	fresh := make([]bool, len(tokens))
	at := now.UnixMilli()
	done := 0
	for _, n := range rowChunks(len(tokens)) {
		args := make([]any, 0, 2*n)
		for _, t := range tokens[done : done+n] {
			args = append(args, t, at)
		}
		rows, err := tx.QueryContext(ctx, `INSERT INTO seen_deliveries (token, received_at) VALUES `+valueRows(n, 2)+
			` ON CONFLICT (token) DO NOTHING RETURNING token`, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: delivery token: %w", err)
		}
		inserted := make(map[string]bool, n)
		for rows.Next() {
			var t string
			if err := rows.Scan(&t); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: delivery token: %w", err)
			}
			inserted[t] = true
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("sqlite: delivery token: %w", err)
		}
		for i, t := range tokens[done : done+n] {
			// A token twice in one statement is inserted once: the first is
			// the delivery, the second its replay.
			fresh[done+i] = inserted[t]
			delete(inserted, t)
		}
		done += n
	}
	return fresh, nil
}

// ForgetDeliveriesBefore drops delivery tokens older than t: deliveries that
// old are refused as stale anyway.
func (db *DB) ForgetDeliveriesBefore(ctx context.Context, t time.Time) error {
	_, err := db.writer.ExecContext(ctx, `DELETE FROM seen_deliveries WHERE received_at < ?`, t.UnixMilli())
	return err
}

// StageEntryDecided reports whether this entry of an opportunity into a stage
// was already decided.
func (db *DB) StageEntryDecided(ctx context.Context, opportunityID, stageID string, enteredAt time.Time) (bool, error) {
	var n int
	err := db.reader.QueryRowContext(ctx, `SELECT count(*) FROM stage_entries WHERE opportunity_id = ? AND stage_id = ? AND entered_at = ?`,
		opportunityID, stageID, enteredAt.UnixMilli()).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("sqlite: stage entry: %w", err)
	}
	return n > 0, nil
}

// RecordStageEntry marks a stage entry as decided, with the decision.
func RecordStageEntry(ctx context.Context, tx *sql.Tx, opportunityID, stageID string, enteredAt time.Time, outcome string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO stage_entries (opportunity_id, stage_id, entered_at, decided_at, outcome) VALUES (?, ?, ?, ?, ?)`,
		opportunityID, stageID, enteredAt.UnixMilli(), now.UnixMilli(), outcome)
	if err != nil {
		return fmt.Errorf("sqlite: stage entry: %w", err)
	}
	return nil
}
