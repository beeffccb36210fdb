-- +goose Up
-- A candidate's life in Lever after the invitation. lever_lifecycle is the
-- latest archive state Lever reported for a candidate with invitations
-- ('archived' or 'unarchived') and when they were hired; its rows go with
-- the candidate when Lever deletes them.
CREATE TABLE lever_lifecycle (
    opportunity_id TEXT PRIMARY KEY REFERENCES candidates (opportunity_id),
    state          TEXT NOT NULL DEFAULT '' CHECK (state IN ('', 'archived', 'unarchived')),
    state_at       INTEGER,
    hired_at       INTEGER,
    updated_at     INTEGER NOT NULL
);

-- Invitations withdrawn in Qualified because Lever archived or deleted the
-- candidate: one row each, written with the invitation's move to closed.
CREATE TABLE lever_cancels (
    invitation_id INTEGER PRIMARY KEY REFERENCES invitations (id),
    reason        TEXT NOT NULL CHECK (reason IN ('archived', 'deleted')),
    sent          INTEGER NOT NULL,
    at            INTEGER NOT NULL
);

-- Candidates Lever deleted: only the opaque opportunity id is kept, so that
-- their invitations leave the dashboard without leaving the counts, and
-- nothing about them is written again.
CREATE TABLE forgotten_candidates (
    opportunity_id TEXT PRIMARY KEY,
    forgotten_at   INTEGER NOT NULL
) WITHOUT ROWID;

-- The kept counts (00006) drop an invitation that is deleted, except one of
-- a candidate Lever deleted: the funnel and each assessment's counts stay
-- what they were.
DROP TRIGGER invitation_counts_delete;
-- +goose StatementBegin
CREATE TRIGGER invitation_counts_delete AFTER DELETE ON invitations
WHEN NOT EXISTS (SELECT 1 FROM forgotten_candidates f WHERE f.opportunity_id = old.opportunity_id)
BEGIN
    UPDATE invitation_counts SET
        n = n - 1, invited = invited - (old.invited_at IS NOT NULL), started = started - (old.started_at IS NOT NULL)
    WHERE assessment_id = old.assessment_id AND status = old.status;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER invitation_counts_delete;
-- +goose StatementBegin
CREATE TRIGGER invitation_counts_delete AFTER DELETE ON invitations BEGIN
    UPDATE invitation_counts SET
        n = n - 1, invited = invited - (old.invited_at IS NOT NULL), started = started - (old.started_at IS NOT NULL)
    WHERE assessment_id = old.assessment_id AND status = old.status;
END;
-- +goose StatementEnd
DROP TABLE forgotten_candidates;
DROP TABLE lever_cancels;
DROP TABLE lever_lifecycle;
