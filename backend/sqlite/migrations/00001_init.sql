-- +goose Up
-- Times are Unix milliseconds.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE trigger_stages (
    stage_id TEXT PRIMARY KEY,
    name     TEXT NOT NULL DEFAULT '',
    since    INTEGER NOT NULL
);

CREATE TABLE candidates (
    opportunity_id TEXT PRIMARY KEY,
    contact_id     TEXT NOT NULL DEFAULT '',
    name           TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    posting_id     TEXT NOT NULL DEFAULT '',
    posting_title  TEXT NOT NULL DEFAULT '',
    profile_url    TEXT NOT NULL DEFAULT '',
    updated_at     INTEGER NOT NULL
);
CREATE INDEX candidates_posting ON candidates (posting_id);

CREATE TABLE invitations (
    id                     INTEGER PRIMARY KEY,
    opportunity_id         TEXT NOT NULL REFERENCES candidates (opportunity_id),
    assessment_id          TEXT NOT NULL,
    assessment_title       TEXT NOT NULL,
    matched_tag            TEXT NOT NULL,
    tag_place              TEXT NOT NULL CHECK (tag_place IN ('candidate', 'posting')),
    stage_id               TEXT NOT NULL,
    status                 TEXT NOT NULL,
    applied_tag            TEXT NOT NULL DEFAULT '',
    attempt                INTEGER NOT NULL DEFAULT 1,
    provider_invitation_id TEXT NOT NULL DEFAULT '',
    result_id              TEXT NOT NULL DEFAULT '',
    invite_url             TEXT NOT NULL DEFAULT '',
    score                  REAL,
    passed                 INTEGER,
    time_spent_seconds     INTEGER NOT NULL DEFAULT 0,
    challenges             TEXT NOT NULL DEFAULT '[]',
    report_url             TEXT NOT NULL DEFAULT '',
    note_id                TEXT NOT NULL DEFAULT '',
    note_attempted         INTEGER NOT NULL DEFAULT 0,
    error                  TEXT NOT NULL DEFAULT '',
    invited_at             INTEGER,
    started_at             INTEGER,
    submitted_at           INTEGER,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL,
    UNIQUE (opportunity_id, assessment_id)
);
-- The dashboard's queries: newest first, by status, by assessment, both.
CREATE INDEX invitations_created ON invitations (created_at DESC, id DESC);
CREATE INDEX invitations_status ON invitations (status, created_at DESC, id DESC);
CREATE INDEX invitations_assessment ON invitations (assessment_id, status, created_at DESC, id DESC);
CREATE INDEX invitations_result ON invitations (result_id) WHERE result_id <> '';

CREATE TABLE invitation_history (
    id            INTEGER PRIMARY KEY,
    invitation_id INTEGER NOT NULL REFERENCES invitations (id),
    status        TEXT NOT NULL,
    at            INTEGER NOT NULL,
    detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX invitation_history_invitation ON invitation_history (invitation_id, at);

CREATE TABLE activity (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    source         TEXT NOT NULL,
    event          TEXT NOT NULL,
    opportunity_id TEXT NOT NULL DEFAULT '',
    invitation_id  INTEGER,
    stage_id       TEXT NOT NULL DEFAULT '',
    outcome        TEXT NOT NULL,
    message        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX activity_at ON activity (at DESC, id DESC);
CREATE INDEX activity_outcome ON activity (outcome, at DESC);
CREATE INDEX activity_opportunity ON activity (opportunity_id, at DESC);

-- Lever delivery tokens already accepted: a replayed delivery is refused.
CREATE TABLE seen_deliveries (
    token       TEXT PRIMARY KEY,
    received_at INTEGER NOT NULL
);
CREATE INDEX seen_deliveries_received ON seen_deliveries (received_at);

-- Stage entries already decided: the same entry is never handled twice,
-- whether it arrives by webhook, by rerun or by catch-up.
CREATE TABLE stage_entries (
    opportunity_id TEXT NOT NULL,
    stage_id       TEXT NOT NULL,
    entered_at     INTEGER NOT NULL,
    decided_at     INTEGER NOT NULL,
    outcome        TEXT NOT NULL,
    PRIMARY KEY (opportunity_id, stage_id, entered_at)
);

-- +goose Down
DROP TABLE stage_entries;
DROP TABLE seen_deliveries;
DROP TABLE activity;
DROP TABLE invitation_history;
DROP TABLE invitations;
DROP TABLE candidates;
DROP TABLE trigger_stages;
DROP TABLE settings;
