-- +goose Up
-- Routing by score: what happens after a candidate submits an assessment.
-- One row per assessment whose rules the recruiter saved; none means off.
CREATE TABLE routing_rules (
    assessment_id  TEXT PRIMARY KEY,
    cut            TEXT NOT NULL CHECK (cut IN ('verdict', 'score')),
    cut_score      REAL NOT NULL DEFAULT 0,
    review_from    REAL,
    outcome_tags   INTEGER NOT NULL DEFAULT 0,
    pass_stage_id  TEXT NOT NULL DEFAULT '',
    pass_stage_name TEXT NOT NULL DEFAULT '',
    fail_archive   TEXT NOT NULL DEFAULT 'off' CHECK (fail_archive IN ('off', 'suggest', 'automatic')),
    fail_reason_id TEXT NOT NULL DEFAULT '',
    fail_reason_text TEXT NOT NULL DEFAULT '',
    updated_at     INTEGER NOT NULL
);

-- What the rules decided for one submission, kept when decided so a rule
-- changed later does not change it, and how far each step got: each is
-- done once, or left alone with why (note).
--   tag_done:      the outcome tag is on the candidate
--   move_state:    '' (to do), 'done', 'left' (a recruiter moved or archived them first)
--   archive_state: '' (to do), 'suggested', 'approved', 'done', 'dismissed', 'left'
CREATE TABLE routing_outcomes (
    invitation_id     INTEGER PRIMARY KEY REFERENCES invitations (id) ON DELETE CASCADE,
    outcome           TEXT NOT NULL,
    tag               TEXT NOT NULL DEFAULT '',
    tag_done          INTEGER NOT NULL DEFAULT 0,
    move_to           TEXT NOT NULL DEFAULT '',
    move_state        TEXT NOT NULL DEFAULT '',
    archive_mode      TEXT NOT NULL DEFAULT 'off',
    archive_reason_id TEXT NOT NULL DEFAULT '',
    archive_state     TEXT NOT NULL DEFAULT '',
    note              TEXT NOT NULL DEFAULT '',
    decided_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX routing_outcomes_archive ON routing_outcomes (archive_state) WHERE archive_state IN ('suggested', 'approved', 'left');

-- The moves assessbridge made in Lever, so the stage change each one fires
-- is known as ours and starts nothing (no loop through trigger stages).
CREATE TABLE own_moves (
    opportunity_id TEXT NOT NULL,
    stage_id       TEXT NOT NULL,
    moved_at       INTEGER NOT NULL,
    PRIMARY KEY (opportunity_id, stage_id, moved_at)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE own_moves;
DROP TABLE routing_outcomes;
DROP TABLE routing_rules;
