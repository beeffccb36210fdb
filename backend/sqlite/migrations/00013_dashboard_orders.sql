-- +goose Up
-- The dashboard filters by posting and sorts by name, both of which are the
-- candidate's: each invitation keeps its candidate's posting and name beside
-- it, kept by triggers, so a page is found in one index of invitations
-- rather than by joining every candidate and sorting what matched.
ALTER TABLE invitations ADD COLUMN posting_id TEXT NOT NULL DEFAULT '';
ALTER TABLE invitations ADD COLUMN candidate_name TEXT NOT NULL DEFAULT '';

UPDATE invitations SET (posting_id, candidate_name) =
    (SELECT c.posting_id, c.name FROM candidates c WHERE c.opportunity_id = invitations.opportunity_id);

-- A new invitation takes its candidate's posting and name, unless it was
-- written with them.
-- +goose StatementBegin
CREATE TRIGGER invitations_candidate_insert AFTER INSERT ON invitations
WHEN NOT EXISTS (SELECT 1 FROM candidates c WHERE c.opportunity_id = new.opportunity_id
    AND c.posting_id = new.posting_id AND c.name = new.candidate_name)
BEGIN
    UPDATE invitations SET (posting_id, candidate_name) =
        (SELECT c.posting_id, c.name FROM candidates c WHERE c.opportunity_id = new.opportunity_id)
    WHERE id = new.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER invitations_candidate_moved AFTER UPDATE OF opportunity_id ON invitations
WHEN NOT EXISTS (SELECT 1 FROM candidates c WHERE c.opportunity_id = new.opportunity_id
    AND c.posting_id = new.posting_id AND c.name = new.candidate_name)
BEGIN
    UPDATE invitations SET (posting_id, candidate_name) =
        (SELECT c.posting_id, c.name FROM candidates c WHERE c.opportunity_id = new.opportunity_id)
    WHERE id = new.id;
END;
-- +goose StatementEnd

-- A candidate who moves to another posting, or is renamed, moves their invitations too.
-- +goose StatementBegin
CREATE TRIGGER invitations_candidate_update AFTER UPDATE OF posting_id, name ON candidates
WHEN old.posting_id IS NOT new.posting_id OR old.name IS NOT new.name
BEGIN
    UPDATE invitations SET posting_id = new.posting_id, candidate_name = new.name
    WHERE opportunity_id = new.opportunity_id;
END;
-- +goose StatementEnd

-- The dashboard's total under any filter but a text search, kept as
-- migration 00006 keeps the funnel's counts: one row per posting, assessment
-- and status. Rows whose count falls to zero stay.
CREATE TABLE invitation_filter_counts (
    posting_id    TEXT NOT NULL,
    assessment_id TEXT NOT NULL,
    status        TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (posting_id, assessment_id, status)
) WITHOUT ROWID;

INSERT INTO invitation_filter_counts (posting_id, assessment_id, status, n)
SELECT posting_id, assessment_id, status, count(*) FROM invitations GROUP BY posting_id, assessment_id, status;

-- +goose StatementBegin
CREATE TRIGGER invitation_filter_counts_insert AFTER INSERT ON invitations BEGIN
    INSERT INTO invitation_filter_counts (posting_id, assessment_id, status, n)
    VALUES (new.posting_id, new.assessment_id, new.status, 1)
    ON CONFLICT (posting_id, assessment_id, status) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER invitation_filter_counts_delete AFTER DELETE ON invitations BEGIN
    UPDATE invitation_filter_counts SET n = n - 1
    WHERE posting_id = old.posting_id AND assessment_id = old.assessment_id AND status = old.status;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER invitation_filter_counts_update AFTER UPDATE OF posting_id, assessment_id, status ON invitations
WHEN old.posting_id IS NOT new.posting_id OR old.assessment_id IS NOT new.assessment_id OR old.status IS NOT new.status
BEGIN
    UPDATE invitation_filter_counts SET n = n - 1
    WHERE posting_id = old.posting_id AND assessment_id = old.assessment_id AND status = old.status;
    INSERT INTO invitation_filter_counts (posting_id, assessment_id, status, n)
    VALUES (new.posting_id, new.assessment_id, new.status, 1)
    ON CONFLICT (posting_id, assessment_id, status) DO UPDATE SET n = n + 1;
END;
-- +goose StatementEnd

-- Each order the dashboard offers, with the filters' columns beside it: a
-- page under a filter that most invitations pass is read in order from the
-- index alone, skipping those that do not pass, without sorting. The
-- indexes of migrations 00001 and 00004 by creation and update alone are
-- replaced by these.
DROP INDEX invitations_created;
DROP INDEX invitations_updated;
CREATE INDEX invitations_created_list ON invitations (created_at DESC, id DESC, status, assessment_id, posting_id);
CREATE INDEX invitations_updated_list ON invitations (updated_at DESC, id DESC, status, assessment_id, posting_id);
-- SQLite puts a missing score last in a descending order, as the dashboard does.
CREATE INDEX invitations_score_list ON invitations (score DESC, id DESC, status, assessment_id, posting_id);
CREATE INDEX invitations_name_list ON invitations (candidate_name COLLATE NOCASE, id, status, assessment_id, posting_id);

-- Only submitted invitations have a score: the others all come last in its
-- order. Each status's invitations in score order, a range each.
CREATE INDEX invitations_status_score ON invitations (status, score DESC, id DESC, assessment_id, posting_id);

-- A posting's invitations, by assessment and status, with each order's key:
-- a posting's page is one range, sorted without reading the table.
CREATE INDEX invitations_posting_list ON invitations
    (posting_id, assessment_id, status, updated_at, created_at, score, candidate_name);

-- A text search's matches, each found by its id with what the filters and
-- orders read: a few pages of this index rather than each match's whole row.
CREATE INDEX invitations_search_list ON invitations
    (id, status, assessment_id, posting_id, updated_at, created_at, score, candidate_name);

-- +goose Down
DROP INDEX invitations_search_list;
DROP INDEX invitations_posting_list;
DROP INDEX invitations_name_list;
DROP INDEX invitations_status_score;
DROP INDEX invitations_score_list;
DROP INDEX invitations_updated_list;
DROP INDEX invitations_created_list;
CREATE INDEX invitations_updated ON invitations (updated_at DESC, id DESC);
CREATE INDEX invitations_created ON invitations (created_at DESC, id DESC);
DROP TRIGGER invitation_filter_counts_update;
DROP TRIGGER invitation_filter_counts_delete;
DROP TRIGGER invitation_filter_counts_insert;
DROP TABLE invitation_filter_counts;
DROP TRIGGER invitations_candidate_update;
DROP TRIGGER invitations_candidate_moved;
DROP TRIGGER invitations_candidate_insert;
ALTER TABLE invitations DROP COLUMN candidate_name;
ALTER TABLE invitations DROP COLUMN posting_id;
