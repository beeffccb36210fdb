package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	sqlite3 "modernc.org/sqlite/lib"

	"github.com/assessbridge/assessbridge/backend"
)

// ImportInvitations writes invitations that have already run their course —
// each with its candidate, status, result and timestamps as given — in one
// transaction: the history a demo starts with, or the rows a load test
// measures against. The search index follows, as for any new invitation.
//
// A candidate named by several invitations is written once, with what the
// first of them says. An invitation's history is the steps its timestamps
// show: pending when created, then invited, started and submitted, or closed
// or failed when last updated. A zero CreatedAt means now; a zero UpdatedAt
// means the latest of its timestamps.
//
// It returns EINVALID for an invitation without a candidate, an assessment or
// a known status, and ECONFLICT when a candidate is already recorded as
// invited to that assessment; then nothing is written.
func (db *DB) ImportInvitations(ctx context.Context, invs []backend.Invitation) error {
	seen := make(map[[2]string]bool, len(invs))
	for i := range invs {
		inv := &invs[i]
		if err := importable(inv); err != nil {
			return err
		}
		pair := [2]string{inv.OpportunityID, inv.AssessmentID}
		if seen[pair] {
			return backend.Errorf(backend.ECONFLICT, "%s is imported twice as invited to %s.", inv.OpportunityID, inv.AssessmentTitle)
		}
		seen[pair] = true
	}
	now := db.now()
	// A bulk write touches pages of every index all over the file: with
	// SQLite's usual 2 MB of cache, pages were written out to the log
	// mid-transaction and read back again and again.
	restore, err := db.largerCache(ctx, len(invs))
	if err != nil {
		return err
	}
	defer restore()
	return db.Tx(ctx, func(tx *sql.Tx) error {
		written, err := importCandidates(ctx, tx, invs, now)
		if err != nil {
			return err
		}
		// Ids are given rather than taken one by one, so that the history
		// and the kept tables can follow from them.
		var next, before int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1, count(*) FROM invitations`).Scan(&next, &before); err != nil {
			return fmt.Errorf("sqlite: import: %w", err)
		}
		// The rows are gathered in tables of this connection's own, in
		// memory, then written in one statement each. A statement keeps a
		// copy of every page it changes that was there before it began (to
		// undo it alone); statements of a few hundred rows each copied most
		// of the file again and again, a third of the work.
		for _, stmt := range []string{`DROP TABLE IF EXISTS temp.import_invitations`, `DROP TABLE IF EXISTS temp.import_history`,
			`CREATE TEMP TABLE import_invitations (` + importColumns + `)`,
			`CREATE TEMP TABLE import_history (invitation_id, status, at, detail)`} {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("sqlite: import: %w", err)
			}
		}
		defer func() {
			tx.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS temp.import_invitations`)
			tx.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS temp.import_history`)
		}()
		invRows := rowInserter{tx: tx, prefix: `INSERT INTO temp.import_invitations VALUES `, columns: 28}
		defer invRows.close()
		stepRows := rowInserter{tx: tx, prefix: `INSERT INTO temp.import_history VALUES `, columns: 4}
		defer stepRows.close()
		var invArgs, stepArgs []any
		for i := range invs {
			inv := &invs[i]
			id := next + int64(i)
			created, updated := importedTimes(inv, now)
			challenges := []byte("[]")
			if len(inv.Challenges) > 0 {
				challenges, _ = json.Marshal(inv.Challenges)
			}
			var score, passed any
			if inv.Score != nil {
				score = *inv.Score
			}
			if inv.Passed != nil {
				passed = *inv.Passed
			}
			invArgs = append(invArgs, id, inv.OpportunityID, inv.AssessmentID, inv.AssessmentTitle,
				inv.MatchedTag, string(inv.TagPlace), inv.StageID, string(inv.Status), inv.AppliedTag, max(inv.Attempt, 1),
				inv.ProviderInvitationID, inv.ResultID, inv.InviteURL, score, passed, int64(inv.TimeSpent/time.Second),
				string(challenges), inv.ReportURL, inv.NoteID, inv.NoteAttempted || inv.NoteID != "", inv.Error,
				ms(inv.InvitedAt), ms(inv.StartedAt), ms(inv.SubmittedAt), created.UnixMilli(), updated.UnixMilli(),
				written[inv.OpportunityID].PostingID, written[inv.OpportunityID].Name)
			for _, s := range importedSteps(inv, created, updated) {
				stepArgs = append(stepArgs, id, string(s.status), s.at.UnixMilli(), s.detail)
			}
			last := i == len(invs)-1
			if last || len(invArgs) >= importBatch*invRows.columns {
				if err := invRows.insert(ctx, invArgs); err != nil {
					return fmt.Errorf("sqlite: import invitations: %w", err)
				}
				invArgs = invArgs[:0]
			}
			for len(stepArgs) >= importBatch*stepRows.columns || (last && len(stepArgs) > 0) {
				n := min(len(stepArgs), importBatch*stepRows.columns)
				if err := stepRows.insert(ctx, stepArgs[:n]); err != nil {
					return fmt.Errorf("sqlite: import history: %w", err)
				}
				stepArgs = append(stepArgs[:0], stepArgs[n:]...)
			}
		}
		held, err := holdKeptTriggers(ctx, tx)
		if err != nil {
			return err
		}
		// Into a table no bigger than the import, the indexes are made
		// again afterwards, each sorted once, rather than written to row by
		// row all over the file.
		var indexes heldIndexes
		if before <= int64(len(invs)) {
			if indexes, err = holdIndexes(ctx, tx); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO invitations (`+importColumns+`) SELECT * FROM temp.import_invitations ORDER BY id`)
		if hasCode(err, sqlite3.SQLITE_CONSTRAINT) {
			return alreadyInvited(ctx, tx, invs)
		}
		if err != nil {
			return fmt.Errorf("sqlite: import invitations: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO invitation_history (invitation_id, status, at, detail)
			SELECT * FROM temp.import_history ORDER BY rowid`); err != nil {
			return fmt.Errorf("sqlite: import history: %w", err)
		}
		if err := held.fill(ctx, tx, next); err != nil {
			return err
		}
		return indexes.make(ctx, tx)
	})
}

// largerCache gives the writer's connection a page cache sized for a bulk
// write of n invitations (about 2 KB each, written everywhere they are kept),
// up to 256 MB; restore puts back the cache it had.
func (db *DB) largerCache(ctx context.Context, n int) (restore func(), err error) {
	var was int64
	if err := db.writer.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&was); err != nil {
		return nil, fmt.Errorf("sqlite: import: %w", err)
	}
	want := -min(int64(n)*2, 256<<10) // KiB
	if want >= was && was < 0 || n < 1000 {
		return func() {}, nil
	}
	// The writer is one connection: the setting holds for the transaction.
	if _, err := db.writer.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, want)); err != nil {
		return nil, fmt.Errorf("sqlite: import: %w", err)
	}
	return func() { db.writer.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA cache_size = %d`, was)) }, nil
}

// importColumns are the invitations' columns an import writes.
const importColumns = `id, opportunity_id, assessment_id, assessment_title,
	matched_tag, tag_place, stage_id, status, applied_tag, attempt, provider_invitation_id, result_id, invite_url,
	score, passed, time_spent_seconds, challenges, report_url, note_id, note_attempted, error,
	invited_at, started_at, submitted_at, created_at, updated_at, posting_id, candidate_name`

// importBatch is how many rows one statement inserts.
const importBatch = 256

// importCandidates writes each candidate once, before the invitations: the
// search index takes their names and e-mails when an invitation goes in. It
// returns each candidate as written: each invitation keeps its candidate's
// posting and name beside it (migration 00013).
func importCandidates(ctx context.Context, tx *sql.Tx, invs []backend.Invitation, now time.Time) (map[string]backend.Candidate, error) {
	upsert, err := tx.PrepareContext(ctx, `INSERT INTO candidates (opportunity_id, contact_id, name, email, posting_id, posting_title, profile_url, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (opportunity_id) DO UPDATE SET contact_id = excluded.contact_id, name = excluded.name,
			email = excluded.email, posting_id = excluded.posting_id, posting_title = excluded.posting_title,
			profile_url = excluded.profile_url, updated_at = excluded.updated_at`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: import candidates: %w", err)
	}
	defer upsert.Close()
	written := make(map[string]backend.Candidate)
	for i := range invs {
		inv := &invs[i]
		if _, ok := written[inv.OpportunityID]; ok {
			continue
		}
		c := inv.Candidate
		written[inv.OpportunityID] = c
		_, updated := importedTimes(inv, now)
		if _, err := upsert.ExecContext(ctx, inv.OpportunityID, c.ContactID, c.Name, c.Email, c.PostingID,
			c.PostingTitle, c.ProfileURL, updated.UnixMilli()); err != nil {
			return nil, fmt.Errorf("sqlite: import candidate %s: %w", inv.OpportunityID, err)
		}
	}
	return written, nil
}

// alreadyInvited names the invitation among invs that is already recorded.
func alreadyInvited(ctx context.Context, tx *sql.Tx, invs []backend.Invitation) error {
	for _, inv := range invs {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM invitations WHERE opportunity_id = ? AND assessment_id = ?`,
			inv.OpportunityID, inv.AssessmentID).Scan(&n)
		if err != nil {
			return fmt.Errorf("sqlite: import: %w", err)
		}
		if n > 0 {
			return backend.Errorf(backend.ECONFLICT, "%s is already invited to %s.", inv.OpportunityID, inv.AssessmentTitle)
		}
	}
	return backend.Errorf(backend.ECONFLICT, "An imported invitation is already recorded.")
}

// importedTimes are when an imported invitation was created and last updated.
func importedTimes(inv *backend.Invitation, now time.Time) (created, updated time.Time) {
	created, updated = inv.CreatedAt, inv.UpdatedAt
	if created.IsZero() {
		created = now
	}
	if updated.IsZero() {
		updated = latest(created, inv.InvitedAt, inv.StartedAt, inv.SubmittedAt)
	}
	return created, updated
}

// rowInserter inserts many rows per statement, keeping the statement for a
// full batch (importBatch rows) prepared; a last, shorter batch gets its own.
type rowInserter struct {
	tx      *sql.Tx
	prefix  string
	columns int
	full    *sql.Stmt
}

func (r *rowInserter) insert(ctx context.Context, args []any) error {
	rows := len(args) / r.columns
	if rows == 0 {
		return nil
	}
	if rows == importBatch {
		if r.full == nil {
			stmt, err := r.tx.PrepareContext(ctx, r.statement(rows))
			if err != nil {
				return err
			}
			r.full = stmt
		}
		_, err := r.full.ExecContext(ctx, args...)
		return err
	}
	_, err := r.tx.ExecContext(ctx, r.statement(rows), args...)
	return err
}

func (r *rowInserter) statement(rows int) string {
	row := "(" + strings.Repeat("?, ", r.columns-1) + "?)"
	return r.prefix + strings.Repeat(row+", ", rows-1) + row
}

func (r *rowInserter) close() {
	if r.full != nil {
		r.full.Close()
	}
}

// importable checks what the schema alone would not say plainly.
func importable(inv *backend.Invitation) error {
	switch {
	case inv.OpportunityID == "":
		return backend.Errorf(backend.EINVALID, "An imported invitation needs its candidate's opportunity.")
	case inv.AssessmentID == "":
		return backend.Errorf(backend.EINVALID, "An imported invitation of %s needs its assessment.", inv.OpportunityID)
	case !inv.Status.Valid():
		return backend.Errorf(backend.EINVALID, "An imported invitation of %s has the unknown status %q.", inv.OpportunityID, inv.Status)
	case inv.TagPlace != backend.TagOnCandidate && inv.TagPlace != backend.TagOnPosting:
		return backend.Errorf(backend.EINVALID, "An imported invitation of %s has its tag neither on the candidate nor on the posting.", inv.OpportunityID)
	}
	if inv.Candidate.OpportunityID != "" && inv.Candidate.OpportunityID != inv.OpportunityID {
		return backend.Errorf(backend.EINVALID, "An imported invitation of %s names the candidate %s.", inv.OpportunityID, inv.Candidate.OpportunityID)
	}
	return nil
}

type importedStep struct {
	status backend.Status
	at     time.Time
	detail string
}

// importedSteps is the history an imported invitation's timestamps show.
func importedSteps(inv *backend.Invitation, created, updated time.Time) []importedStep {
	steps := []importedStep{{status: backend.StatusPending, at: created}}
	if !inv.InvitedAt.IsZero() {
		steps = append(steps, importedStep{status: backend.StatusInvited, at: inv.InvitedAt})
	}
	if !inv.StartedAt.IsZero() {
		steps = append(steps, importedStep{status: backend.StatusStarted, at: inv.StartedAt})
	}
	switch inv.Status {
	case backend.StatusSubmitted:
		at := inv.SubmittedAt
		if at.IsZero() {
			at = updated
		}
		steps = append(steps, importedStep{status: backend.StatusSubmitted, at: at})
	case backend.StatusClosed, backend.StatusExpired, backend.StatusFailed:
		steps = append(steps, importedStep{status: inv.Status, at: updated, detail: inv.Error})
	case backend.StatusInvited:
		if inv.InvitedAt.IsZero() {
			steps = append(steps, importedStep{status: backend.StatusInvited, at: updated})
		}
	case backend.StatusStarted:
		if inv.StartedAt.IsZero() {
			steps = append(steps, importedStep{status: backend.StatusStarted, at: updated})
		}
	}
	return steps
}

func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}
