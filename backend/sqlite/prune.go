package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// Retention says what Prune drops; a zero time drops nothing of its kind.
type Retention struct {
	// ActivityBefore: activity lines older than this go, except the lines
	// of an invitation not yet settled (see Prune) and failed stage changes
	// not yet decided since, which still offer their retry.
	ActivityBefore time.Time
	// DeliveriesBefore: Lever delivery tokens received before this are
	// forgotten; a delivery that old is refused as stale anyway.
	DeliveriesBefore time.Time
	// StageEntriesEnteredBefore and StageEntriesDecidedBefore: a decided
	// stage entry goes when it was entered before the first and decided
	// before the second, that is when neither the catch-up nor a
	// redelivery can bring the same entry back. Both must be set.
	StageEntriesEnteredBefore time.Time
	StageEntriesDecidedBefore time.Time
}

// Pruned counts what Prune removed.
type Pruned struct {
	ActivityLines int64
	Deliveries    int64
	StageEntries  int64
}

// pruneBatch is how many rows one pruning transaction removes: small enough
// that the single writer is held for milliseconds, so webhooks answered
// meanwhile wait no longer than for any other write.
const pruneBatch = 2000

// Prune removes what Retention says is no longer needed, a batch per
// transaction, calling between (when not nil) after each batch so that the
// caller can let waiting deliveries in first.
//
// An invitation is settled when it is closed, or submitted with its result
// note written in Lever; the lines of any other invitation (pending,
// invited, started, failed) stay whatever their age, so its history and its
// retry remain.
func (db *DB) Prune(ctx context.Context, r Retention, between func(context.Context)) (Pruned, error) {
	var p Pruned
	steps := []struct {
		n     *int64
		query string
		args  []any
		skip  bool
	}{
		{&p.Deliveries, `DELETE FROM seen_deliveries WHERE rowid IN (
			SELECT rowid FROM seen_deliveries WHERE received_at < ? LIMIT ?)`,
			[]any{r.DeliveriesBefore.UnixMilli()}, r.DeliveriesBefore.IsZero()},
		{&p.StageEntries, `DELETE FROM stage_entries WHERE rowid IN (
			SELECT rowid FROM stage_entries WHERE entered_at < ? AND decided_at < ? LIMIT ?)`,
			[]any{r.StageEntriesEnteredBefore.UnixMilli(), r.StageEntriesDecidedBefore.UnixMilli()},
			r.StageEntriesEnteredBefore.IsZero() || r.StageEntriesDecidedBefore.IsZero()},
		{&p.ActivityLines, pruneActivity, []any{r.ActivityBefore.UnixMilli(),
			string(backend.StatusClosed), string(backend.StatusSubmitted),
			string(backend.OutcomeFailed), string(backend.KindAction),
			string(backend.KindAction), string(backend.OutcomeOK), string(backend.OutcomeSkipped), string(backend.OutcomeIgnored)},
			r.ActivityBefore.IsZero()},
	}
	for _, s := range steps {
		if s.skip {
			continue
		}
		for {
			var n int64
			err := db.Tx(ctx, func(tx *sql.Tx) error {
				res, err := tx.ExecContext(ctx, s.query, append(s.args, pruneBatch)...)
				if err != nil {
					return fmt.Errorf("sqlite: prune: %w", err)
				}
				n, err = res.RowsAffected()
				return err
			})
			if err != nil {
				return p, err
			}
			*s.n += n
			if n < pruneBatch {
				break
			}
			if between != nil {
				between(ctx)
			}
			if err := ctx.Err(); err != nil {
				return p, err
			}
		}
	}
	return p, nil
}

// pruneActivity picks a batch of old activity lines that nobody needs: not
// about an invitation still unsettled, and not a failed stage change (the
// kind with a retry and no invitation) unless a later line about the same
// candidate and stage shows it was decided after all.
const pruneActivity = `DELETE FROM activity WHERE id IN (
	SELECT a.id FROM activity a
	WHERE a.at < ?
	AND (a.invitation_id IS NULL OR NOT EXISTS (
		SELECT 1 FROM invitations i WHERE i.id = a.invitation_id
		AND NOT (i.status = ? OR (i.status = ? AND i.note_id <> ''))))
	AND NOT (a.outcome = ? AND a.kind = ? AND a.invitation_id IS NULL AND a.stage_id <> '' AND a.opportunity_id <> ''
		AND NOT EXISTS (
			SELECT 1 FROM activity l WHERE l.opportunity_id = a.opportunity_id AND l.at > a.at
			AND l.stage_id = a.stage_id AND l.kind = ? AND l.outcome IN (?, ?, ?)))
	ORDER BY a.at LIMIT ?)`
