-- +goose Up
-- When Qualified reminds an invited candidate, as it answered the
-- invitation; NULL when it sends no reminder.
ALTER TABLE invitation_deadlines ADD COLUMN reminder_at INTEGER;

-- +goose Down
ALTER TABLE invitation_deadlines DROP COLUMN reminder_at;
