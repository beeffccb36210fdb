package sqlite

import (
	"context"
	"fmt"
)

// River's tables live in the same file as ours; what the engine does to them
// beyond River's own API is written here, so that every SQL statement stays
// in this package.

// RescueRunningJobs makes every job marked running available again at once,
// noting why among the job's errors and counting the rescue as River's own
// rescuer does. It is for an engine starting in the one process that owns
// the database: a job still marked running was running in a process that no
// longer exists. It returns how many jobs it took up.
func (db *DB) RescueRunningJobs(ctx context.Context, why string) (int64, error) {
	res, err := db.writer.ExecContext(ctx, `UPDATE river_job SET state = 'available',
			scheduled_at = datetime('now', 'subsec'),
			errors = json_insert(coalesce(errors, json('[]')), '$[#]', json_object(
				'at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'attempt', attempt,
				'error', ?, 'trace', '')),
			metadata = json_set(metadata, '$."river:rescue_count"',
				coalesce(json_extract(metadata, '$."river:rescue_count"'), 0) + 1)
		WHERE state = 'running'`, why)
	if err != nil {
		return 0, fmt.Errorf("sqlite: rescue running jobs: %w", err)
	}
	return res.RowsAffected()
}

// DropJobLeader forgets which process leads River's periodic work, so that
// a process starting after one that died need not wait out the dead one's
// lease (about fifteen seconds) before its periodic jobs run.
func (db *DB) DropJobLeader(ctx context.Context) error {
	if _, err := db.writer.ExecContext(ctx, `DELETE FROM river_leader`); err != nil {
		return fmt.Errorf("sqlite: drop job leader: %w", err)
	}
	return nil
}
