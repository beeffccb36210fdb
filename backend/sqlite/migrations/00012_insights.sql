-- +goose Up
-- The Insights screen reads the invitations sent in a period. This index
-- holds, in the order of their sending, everything its figures read of an
-- invitation, so a period of 25,000 invitations is read from the index alone
-- rather than row by row from the table. One assessment's or posting's are
-- read from the same range: a second index, led by the assessment, would
-- slow every write of an invitation to spare a chart a few milliseconds.
CREATE INDEX invitations_insights ON invitations
    (invited_at, assessment_id, opportunity_id, started_at, submitted_at, score, passed, status);

-- The candidates still to start, by when they were invited: a few of all.
CREATE INDEX invitations_waiting ON invitations (invited_at, assessment_id, opportunity_id) WHERE status = 'invited';

-- What Lever said of a candidate, read beside each of their results from
-- the index alone.
CREATE INDEX lever_lifecycle_outcome ON lever_lifecycle (opportunity_id, hired_at, state);

-- A posting's candidates, found by one range and read from the index alone.
CREATE INDEX candidates_posting_opportunity ON candidates (posting_id, opportunity_id);

-- Each challenge of each result, as its own row, kept by triggers from the
-- result's JSON: reading the JSON of 15,000 results for a chart took half a
-- second. stopped is 1 on the result's last challenge scored above 0 when a
-- later one was left at 0: where the candidate stopped.
CREATE TABLE challenge_scores (
    invitation_id INTEGER NOT NULL,
    pos           INTEGER NOT NULL,
    title         TEXT NOT NULL,
    score         REAL NOT NULL,
    stopped       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (invitation_id, pos)
) WITHOUT ROWID;

INSERT INTO challenge_scores (invitation_id, pos, title, score)
SELECT i.id, j.key, coalesce(j.value ->> '$.title', ''), coalesce(j.value ->> '$.score', 0)
FROM invitations i, json_each(i.challenges) j WHERE i.challenges <> '[]';

UPDATE challenge_scores AS c SET stopped = 1
WHERE c.pos = (SELECT max(pos) FROM challenge_scores s WHERE s.invitation_id = c.invitation_id AND s.score > 0)
  AND c.pos < (SELECT max(pos) FROM challenge_scores s WHERE s.invitation_id = c.invitation_id);

-- +goose StatementBegin
CREATE TRIGGER challenge_scores_insert AFTER INSERT ON invitations WHEN new.challenges <> '[]' BEGIN
    INSERT INTO challenge_scores (invitation_id, pos, title, score)
    SELECT new.id, j.key, coalesce(j.value ->> '$.title', ''), coalesce(j.value ->> '$.score', 0) FROM json_each(new.challenges) j;
    UPDATE challenge_scores SET stopped = 1
    WHERE invitation_id = new.id
      AND pos = (SELECT max(pos) FROM challenge_scores WHERE invitation_id = new.id AND score > 0)
      AND pos < (SELECT max(pos) FROM challenge_scores WHERE invitation_id = new.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER challenge_scores_update AFTER UPDATE OF challenges ON invitations WHEN old.challenges IS NOT new.challenges BEGIN
    DELETE FROM challenge_scores WHERE invitation_id = old.id;
    INSERT INTO challenge_scores (invitation_id, pos, title, score)
    SELECT new.id, j.key, coalesce(j.value ->> '$.title', ''), coalesce(j.value ->> '$.score', 0) FROM json_each(new.challenges) j
    WHERE new.challenges <> '[]';
    UPDATE challenge_scores SET stopped = 1
    WHERE invitation_id = new.id
      AND pos = (SELECT max(pos) FROM challenge_scores WHERE invitation_id = new.id AND score > 0)
      AND pos < (SELECT max(pos) FROM challenge_scores WHERE invitation_id = new.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER challenge_scores_delete AFTER DELETE ON invitations BEGIN
    DELETE FROM challenge_scores WHERE invitation_id = old.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER challenge_scores_delete;
DROP TRIGGER challenge_scores_update;
DROP TRIGGER challenge_scores_insert;
DROP TABLE challenge_scores;
DROP INDEX candidates_posting_opportunity;
DROP INDEX lever_lifecycle_outcome;
DROP INDEX invitations_waiting;
DROP INDEX invitations_insights;
