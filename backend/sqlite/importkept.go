package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// What the triggers on a new invitation keep, written for a whole import at
// once. An import of 50,000 invitations spent more than half its time in
// these triggers, row by row; the same statements over all the imported
// rows write the same rows and counts. Each trigger named here is dropped
// for the import and made again from its own text before the import
// commits; a trigger not named here stays and runs row by row.
var keptOnImport = []struct {
	trigger string
	// fill writes, for the invitations from id ?1 on, what the trigger
	// would have written for each.
	fill string
}{
	{"invitation_search_insert", `INSERT INTO invitation_search (rowid, name, email, title)
		SELECT i.id, c.name, c.email, i.assessment_title FROM invitations i JOIN candidates c ON c.opportunity_id = i.opportunity_id
		WHERE i.id >= ?1 ORDER BY i.id`},
	// The title kept is the last invitation's, as the trigger leaves it.
	{"invitation_counts_insert", `INSERT INTO invitation_counts (assessment_id, status, title, n, invited, started)
		SELECT assessment_id, status, title, n, invited, started FROM (
			SELECT assessment_id, status, assessment_title AS title, max(id), count(*) AS n,
				sum(invited_at IS NOT NULL) AS invited, sum(started_at IS NOT NULL) AS started
			FROM invitations WHERE id >= ?1 GROUP BY assessment_id, status) WHERE true
		ON CONFLICT (assessment_id, status) DO UPDATE SET
			title = excluded.title, n = n + excluded.n, invited = invited + excluded.invited, started = started + excluded.started`},
	// The import writes each invitation with its candidate's posting and name.
	{"invitations_candidate_insert", `UPDATE invitations SET (posting_id, candidate_name) =
			(SELECT c.posting_id, c.name FROM candidates c WHERE c.opportunity_id = invitations.opportunity_id)
		WHERE id >= ?1 AND NOT EXISTS (SELECT 1 FROM candidates c WHERE c.opportunity_id = invitations.opportunity_id
			AND c.posting_id = invitations.posting_id AND c.name = invitations.candidate_name)`},
	{"invitation_filter_counts_insert", `INSERT INTO invitation_filter_counts (posting_id, assessment_id, status, n)
		SELECT posting_id, assessment_id, status, count(*) FROM invitations WHERE id >= ?1 GROUP BY posting_id, assessment_id, status
		ON CONFLICT (posting_id, assessment_id, status) DO UPDATE SET n = n + excluded.n`},
	// In the order the trigger wrote them: challenge_days, kept by its own
	// trigger on challenge_scores, adds the same scores in the same order.
	{"challenge_scores_insert", `INSERT INTO challenge_scores (invitation_id, pos, invited_at, assessment_id, opportunity_id, title, score, stopped)
		SELECT i.id, j.key, i.invited_at, i.assessment_id, i.opportunity_id, coalesce(j.value ->> '$.title', ''),
			coalesce(j.value ->> '$.score', 0),
			coalesce(j.key = (SELECT max(k.key) FROM json_each(i.challenges) k WHERE coalesce(k.value ->> '$.score', 0) > 0)
				AND j.key < json_array_length(i.challenges) - 1, 0)
		FROM invitations i, json_each(i.challenges) j
		WHERE i.id >= ?1 AND i.challenges <> '[]' AND i.invited_at IS NOT NULL AND i.submitted_at IS NOT NULL AND i.score IS NOT NULL
		ORDER BY i.id, j.key`},
	{"insight_days_insert", `INSERT INTO insight_days (day, assessment_id, invited, started, submitted, passed)
		SELECT invited_at / 86400000, assessment_id, count(*), count(coalesce(started_at, submitted_at)), count(submitted_at),
			sum(submitted_at IS NOT NULL AND coalesce(passed, 0) = 1)
		FROM invitations WHERE id >= ?1 AND invited_at IS NOT NULL GROUP BY 1, 2
		ON CONFLICT (day, assessment_id) DO UPDATE SET invited = invited + excluded.invited, started = started + excluded.started,
			submitted = submitted + excluded.submitted, passed = passed + excluded.passed`},
	{"scored_results_insert", `INSERT INTO scored_results (invitation_id, invited_at, assessment_id, opportunity_id, score, passed, grp)
		SELECT i.id, i.invited_at, i.assessment_id, i.opportunity_id, i.score, coalesce(i.passed, 0),
			coalesce((SELECT CASE WHEN l.hired_at IS NOT NULL THEN 'hired' WHEN l.state = 'archived' THEN 'notHired' END
				FROM lever_lifecycle l WHERE l.opportunity_id = i.opportunity_id), 'open')
		FROM invitations i WHERE i.id >= ?1 AND i.invited_at IS NOT NULL AND i.submitted_at IS NOT NULL AND i.score IS NOT NULL`},
}

// heldTriggers are the triggers an import dropped, with their text.
type heldTriggers []struct{ name, sql, fill string }

// holdKeptTriggers drops, within tx, the triggers of keptOnImport that the
// database has.
func holdKeptTriggers(ctx context.Context, tx *sql.Tx) (heldTriggers, error) {
	var held heldTriggers
	for _, k := range keptOnImport {
		var text string
		err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?`, k.trigger).Scan(&text)
		if err == sql.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("sqlite: import: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER `+k.trigger); err != nil {
			return nil, fmt.Errorf("sqlite: import: %w", err)
		}
		held = append(held, struct{ name, sql, fill string }{k.trigger, text, k.fill})
	}
	return held, nil
}

// fill writes what the held triggers would have for the invitations from
// first on, then makes the triggers again.
func (held heldTriggers) fill(ctx context.Context, tx *sql.Tx, first int64) error {
	for _, h := range held {
		if _, err := tx.ExecContext(ctx, h.fill, first); err != nil {
			return fmt.Errorf("sqlite: import: what %s keeps: %w", h.name, err)
		}
	}
	for _, h := range held {
		if _, err := tx.ExecContext(ctx, h.sql); err != nil {
			return fmt.Errorf("sqlite: import: %s: %w", h.name, err)
		}
	}
	return nil
}

// heldIndexes are the indexes an import dropped, with their text.
type heldIndexes []struct{ name, sql string }

// indexedOnImport are the tables whose indexes an import into a table no
// bigger than itself makes again afterwards.
const indexedOnImport = `'invitations', 'invitation_history', 'challenge_scores', 'scored_results'`

// holdIndexes drops, within tx, the indexes of the tables an import writes
// (not those of a UNIQUE or PRIMARY KEY constraint, which have no text).
func holdIndexes(ctx context.Context, tx *sql.Tx) (heldIndexes, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema
		WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (`+indexedOnImport+`) ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: import: %w", err)
	}
	var held heldIndexes
	for rows.Next() {
		var name, text string
		if err := rows.Scan(&name, &text); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: import: %w", err)
		}
		held = append(held, struct{ name, sql string }{name, text})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: import: %w", err)
	}
	for _, h := range held {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+h.name+`"`); err != nil {
			return nil, fmt.Errorf("sqlite: import: %w", err)
		}
	}
	return held, nil
}

// make makes the held indexes again.
func (held heldIndexes) make(ctx context.Context, tx *sql.Tx) error {
	for _, h := range held {
		if _, err := tx.ExecContext(ctx, h.sql); err != nil {
			return fmt.Errorf("sqlite: import: index %s: %w", h.name, err)
		}
	}
	return nil
}
