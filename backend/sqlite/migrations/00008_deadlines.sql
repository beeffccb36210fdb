-- +goose Up
-- Deadlines: an assessment's rule (expire after N days, remind after M, or
-- Qualified's own defaults for it; off while no row says otherwise), each
-- invitation's deadline and the moment an invited candidate came back to a
-- trigger stage, and the recruiter's actions on an invitation (resend,
-- cancel, invite again), one row per click, so a job that runs again after
-- a crash or an error knows whether it already called Qualified.
CREATE TABLE deadline_rules (
    assessment_id      TEXT PRIMARY KEY,
    expire_days        INTEGER NOT NULL DEFAULT 0 CHECK (expire_days >= 0),
    remind_days        INTEGER NOT NULL DEFAULT 0 CHECK (remind_days >= 0),
    qualified_defaults INTEGER NOT NULL DEFAULT 0,
    suggest_archive    INTEGER NOT NULL DEFAULT 0,
    updated_at         INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE invitation_deadlines (
    invitation_id INTEGER PRIMARY KEY REFERENCES invitations (id) ON DELETE CASCADE,
    expires_at    INTEGER,
    came_back_at  INTEGER
);
CREATE INDEX invitation_deadlines_due ON invitation_deadlines (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE invitation_actions (
    id            INTEGER PRIMARY KEY,
    invitation_id INTEGER NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    action        TEXT NOT NULL CHECK (action IN ('resend', 'cancel', 'retry')),
    days          INTEGER NOT NULL DEFAULT 0,
    state         TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'calling', 'done', 'unsure', 'failed')),
    message       TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX invitation_actions_invitation ON invitation_actions (invitation_id, id);

-- +goose Down
DROP TABLE invitation_actions;
DROP TABLE invitation_deadlines;
DROP TABLE deadline_rules;
