package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/assessbridge/assessbridge/backend"
)

// Setting keys.
const (
	SettingPerformAs         = "perform_as"
	SettingLeverWebhookID    = "lever_webhook_id"
	SettingLeverWebhookURL   = "lever_webhook_url"
	SettingQualifiedSubID    = "qualified_subscription_id"
	SettingQualifiedSubURL   = "qualified_subscription_url"
	SettingCatchUpCheckpoint = "catch_up_checkpoint"
	SettingLastLeverDelivery = "last_lever_delivery"
	SettingLeverEnvironment  = "lever_environment"
	SettingPollInterval      = "poll_interval"
	// The team's Lever partner app for "Log in to Lever" (its secret is in
	// the secret store).
	SettingLeverOAuthClientID    = "lever_oauth_client_id"
	SettingLeverOAuthRedirectURL = "lever_oauth_redirect_url"
	// How Lever and Qualified reach assessbridge: the mode, the recruiter's
	// own public address, and the named tunnel's host name.
	SettingPublicAddressMode = "public_address_mode"
	SettingPublicAddressURL  = "public_address_url"
	SettingTunnelHostname    = "tunnel_hostname"
	// SettingCloseExplained is set once the window has explained that
	// closing it leaves assessbridge running.
	SettingCloseExplained = "window_close_explained"
)

// Setting returns a setting's value, "" when unset.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.reader.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlite: setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores a setting; an empty value removes it.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	return setSetting(ctx, db.writer, key, value, db.now())
}

// SetSettingTx stores a setting inside a transaction.
func SetSettingTx(ctx context.Context, tx *sql.Tx, key, value string, now time.Time) error {
	return setSetting(ctx, tx, key, value, now)
}

// TriggerStageName reports whether stageID is a trigger stage, and its name,
// inside a transaction.
func TriggerStageName(ctx context.Context, tx *sql.Tx, stageID string) (string, bool, error) {
	var name string
	err := tx.QueryRowContext(ctx, `SELECT name FROM trigger_stages WHERE stage_id = ?`, stageID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("sqlite: trigger stage: %w", err)
	}
	if name == "" {
		name = stageID
	}
	return name, true, nil
}

func setSetting(ctx context.Context, e execer, key, value string, now time.Time) error {
	var err error
	if value == "" {
		_, err = e.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, key)
	} else {
		_, err = e.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			key, value, now.UnixMilli())
	}
	if err != nil {
		return fmt.Errorf("sqlite: set %s: %w", key, err)
	}
	return nil
}

// TriggerStages lists the trigger stages, oldest first.
func (db *DB) TriggerStages(ctx context.Context) ([]backend.TriggerStage, error) {
	rows, err := db.reader.QueryContext(ctx, `SELECT stage_id, name, since FROM trigger_stages ORDER BY since, stage_id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: trigger stages: %w", err)
	}
	defer rows.Close()
	var out []backend.TriggerStage
	for rows.Next() {
		var s backend.TriggerStage
		var since int64
		if err := rows.Scan(&s.StageID, &s.Name, &since); err != nil {
			return nil, err
		}
		s.Since = time.UnixMilli(since)
		out = append(out, s)
	}
	return out, rows.Err()
}

// TriggerStage returns one trigger stage, or ENOTFOUND when the stage is not a trigger.
func (db *DB) TriggerStage(ctx context.Context, stageID string) (backend.TriggerStage, error) {
	s := backend.TriggerStage{StageID: stageID}
	var since int64
	err := db.reader.QueryRowContext(ctx, `SELECT name, since FROM trigger_stages WHERE stage_id = ?`, stageID).Scan(&s.Name, &since)
	if errors.Is(err, sql.ErrNoRows) {
		return s, backend.Errorf(backend.ENOTFOUND, "Stage %s is not a trigger stage.", stageID)
	}
	if err != nil {
		return s, fmt.Errorf("sqlite: trigger stage: %w", err)
	}
	s.Since = time.UnixMilli(since)
	return s, nil
}

// ReplaceTriggerStages makes stages the trigger stages. A stage that already
// was a trigger keeps the time it became one; a new one starts now.
func (db *DB) ReplaceTriggerStages(ctx context.Context, stages []backend.TriggerStage) ([]backend.TriggerStage, error) {
	now := db.now()
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS keep_stages (stage_id TEXT PRIMARY KEY)`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM temp.keep_stages`); err != nil {
			return err
		}
		for _, s := range stages {
			if s.StageID == "" {
				return backend.Errorf(backend.EINVALID, "A trigger stage needs a stage id.")
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO temp.keep_stages (stage_id) VALUES (?)`, s.StageID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO trigger_stages (stage_id, name, since) VALUES (?, ?, ?)
				ON CONFLICT (stage_id) DO UPDATE SET name = CASE WHEN excluded.name <> '' THEN excluded.name ELSE trigger_stages.name END`,
				s.StageID, s.Name, now.UnixMilli()); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM trigger_stages WHERE stage_id NOT IN (SELECT stage_id FROM temp.keep_stages)`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: replace trigger stages: %w", err)
	}
	return db.TriggerStages(ctx)
}
