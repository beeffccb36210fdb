package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// InboxJob is work a Lever webhook accepted, waiting to be handed to the job
// queue: a job's kind and its arguments as JSON.
type InboxJob struct {
	ID   int64
	Kind string
	Args []byte
}

// AddToInbox keeps jobs in tx, the transaction that records their webhooks.
func AddToInbox(ctx context.Context, tx *sql.Tx, jobs []InboxJob) error {
	for _, n := range rowChunks(len(jobs)) {
		args := make([]any, 0, 2*n)
		for _, j := range jobs[:n] {
			args = append(args, j.Kind, string(j.Args))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO inbox (kind, args) VALUES `+valueRows(n, 2), args...); err != nil {
			return fmt.Errorf("sqlite: inbox: %w", err)
		}
		jobs = jobs[n:]
	}
	return nil
}

// TakeInbox hands at most limit waiting jobs, oldest first, to queue, and
// removes them in the same transaction: each is queued once. It returns how
// many it took; none when the inbox is empty.
func (db *DB) TakeInbox(ctx context.Context, limit int, queue func(tx *sql.Tx, jobs []InboxJob) error) (int, error) {
	var n int
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, kind, args FROM inbox ORDER BY id LIMIT ?`, limit)
		if err != nil {
			return err
		}
		var jobs []InboxJob
		for rows.Next() {
			var j InboxJob
			if err := rows.Scan(&j.ID, &j.Kind, &j.Args); err != nil {
				rows.Close()
				return err
			}
			jobs = append(jobs, j)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if len(jobs) == 0 {
			return nil
		}
		if err := queue(tx, jobs); err != nil {
			return err
		}
		n = len(jobs)
		_, err = tx.ExecContext(ctx, `DELETE FROM inbox WHERE id <= ?`, jobs[len(jobs)-1].ID)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sqlite: inbox: %w", err)
	}
	return n, nil
}

// InboxJobs lists the jobs waiting in the inbox, of the given kinds.
func (db *DB) InboxJobs(ctx context.Context, kinds ...string) ([]InboxJob, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT id, kind, args FROM inbox WHERE kind IN (SELECT value FROM json_each(?)) ORDER BY id`, jsonList(kinds))
	if err != nil {
		return nil, fmt.Errorf("sqlite: inbox: %w", err)
	}
	defer rows.Close()
	var out []InboxJob
	for rows.Next() {
		var j InboxJob
		if err := rows.Scan(&j.ID, &j.Kind, &j.Args); err != nil {
			return nil, fmt.Errorf("sqlite: inbox: %w", err)
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

func jsonList(v []string) string {
	b, _ := json.Marshal(v)
	return string(b)
}
