-- +goose Up
-- The Insights screen reads the invitations sent in a period. This index
-- holds, in the order of their sending, everything its figures read of an
-- invitation, so a period of 25,000 invitations is read from the index alone
-- rather than row by row from the table.
CREATE INDEX invitations_insights ON invitations
    (invited_at, assessment_id, opportunity_id, started_at, submitted_at, score, passed, status);

-- The same, for one assessment: its invitations of a period are one range.
-- Without it the planner read the assessment's rows of all time through the
-- dashboard's index by assessment and status, row by row: a chart of one
-- assessment took longer than one of all four.
CREATE INDEX invitations_insights_assessment ON invitations
    (assessment_id, invited_at, opportunity_id, started_at, submitted_at, score, passed, status);

-- The candidates still to start, by when they were invited: a few of all.
CREATE INDEX invitations_waiting ON invitations (invited_at, assessment_id, opportunity_id) WHERE status = 'invited';

-- What Lever said of a candidate, read from the index alone by the triggers
-- that keep each result's group (scored_results, below).
CREATE INDEX lever_lifecycle_outcome ON lever_lifecycle (opportunity_id, hired_at, state);

-- A posting's candidates, found by one range and read from the index alone.
CREATE INDEX candidates_posting_opportunity ON candidates (posting_id, opportunity_id);

-- Each challenge of each scored result, as its own row, kept by triggers
-- from the result's JSON with what the charts filter on (when the
-- invitation was sent, its assessment and candidate): reading the JSON of
-- 15,000 results for a chart took half a second. stopped is 1 on the
-- result's last challenge scored above 0 when a later one was left at 0:
-- where the candidate stopped.
CREATE TABLE challenge_scores (
    invitation_id  INTEGER NOT NULL,
    pos            INTEGER NOT NULL,
    invited_at     INTEGER NOT NULL,
    assessment_id  TEXT NOT NULL,
    opportunity_id TEXT NOT NULL,
    title          TEXT NOT NULL,
    score          REAL NOT NULL,
    stopped        INTEGER NOT NULL,
    PRIMARY KEY (invitation_id, pos)
) WITHOUT ROWID;
CREATE INDEX challenge_scores_period ON challenge_scores (invited_at, assessment_id, opportunity_id, title, pos, score, stopped);

-- Counts kept per day (UTC) and assessment, as invitation_counts are
-- (00006), for a period of whole days without a posting chosen: the
-- funnel (invitations by the day they were sent, and how far they got)
-- and each challenge's results. Counting 50,000 invitations or their
-- 60,000 challenges took 25 to 50 ms a chart; these are a few hundred rows.
CREATE TABLE insight_days (
    day           INTEGER NOT NULL,
    assessment_id TEXT NOT NULL,
    invited       INTEGER NOT NULL,
    started       INTEGER NOT NULL,
    submitted     INTEGER NOT NULL,
    passed        INTEGER NOT NULL,
    PRIMARY KEY (day, assessment_id)
) WITHOUT ROWID;

CREATE TABLE challenge_days (
    day           INTEGER NOT NULL,
    assessment_id TEXT NOT NULL,
    pos           INTEGER NOT NULL,
    title         TEXT NOT NULL,
    n             INTEGER NOT NULL,
    total         REAL NOT NULL,
    blank         INTEGER NOT NULL,
    stopped       INTEGER NOT NULL,
    PRIMARY KEY (day, assessment_id, pos, title)
) WITHOUT ROWID;

INSERT INTO challenge_scores (invitation_id, pos, invited_at, assessment_id, opportunity_id, title, score, stopped)
SELECT i.id, j.key, i.invited_at, i.assessment_id, i.opportunity_id, coalesce(j.value ->> '$.title', ''),
    coalesce(j.value ->> '$.score', 0),
    coalesce(j.key = (SELECT max(k.key) FROM json_each(i.challenges) k WHERE coalesce(k.value ->> '$.score', 0) > 0)
        AND j.key < json_array_length(i.challenges) - 1, 0)
FROM invitations i, json_each(i.challenges) j
WHERE i.challenges <> '[]' AND i.invited_at IS NOT NULL AND i.submitted_at IS NOT NULL AND i.score IS NOT NULL;

INSERT INTO insight_days (day, assessment_id, invited, started, submitted, passed)
SELECT invited_at / 86400000, assessment_id, count(*), count(coalesce(started_at, submitted_at)), count(submitted_at),
    sum(submitted_at IS NOT NULL AND coalesce(passed, 0) = 1)
FROM invitations WHERE invited_at IS NOT NULL GROUP BY 1, 2;

INSERT INTO challenge_days (day, assessment_id, pos, title, n, total, blank, stopped)
SELECT invited_at / 86400000, assessment_id, pos, title, count(*), sum(score), sum(score = 0), sum(stopped)
FROM challenge_scores GROUP BY 1, 2, 3, 4;

-- +goose StatementBegin
CREATE TRIGGER challenge_scores_insert AFTER INSERT ON invitations
WHEN new.challenges <> '[]' AND new.invited_at IS NOT NULL AND new.submitted_at IS NOT NULL AND new.score IS NOT NULL
BEGIN
    INSERT INTO challenge_scores (invitation_id, pos, invited_at, assessment_id, opportunity_id, title, score, stopped)
    SELECT new.id, j.key, new.invited_at, new.assessment_id, new.opportunity_id, coalesce(j.value ->> '$.title', ''),
        coalesce(j.value ->> '$.score', 0),
        coalesce(j.key = (SELECT max(k.key) FROM json_each(new.challenges) k WHERE coalesce(k.value ->> '$.score', 0) > 0)
            AND j.key < json_array_length(new.challenges) - 1, 0)
    FROM json_each(new.challenges) j;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER challenge_scores_update AFTER UPDATE OF challenges, score, submitted_at, invited_at, assessment_id, opportunity_id ON invitations
BEGIN
    DELETE FROM challenge_scores WHERE invitation_id = old.id;
    INSERT INTO challenge_scores (invitation_id, pos, invited_at, assessment_id, opportunity_id, title, score, stopped)
    SELECT new.id, j.key, new.invited_at, new.assessment_id, new.opportunity_id, coalesce(j.value ->> '$.title', ''),
        coalesce(j.value ->> '$.score', 0),
        coalesce(j.key = (SELECT max(k.key) FROM json_each(new.challenges) k WHERE coalesce(k.value ->> '$.score', 0) > 0)
            AND j.key < json_array_length(new.challenges) - 1, 0)
    FROM json_each(new.challenges) j
    WHERE new.challenges <> '[]' AND new.invited_at IS NOT NULL AND new.submitted_at IS NOT NULL AND new.score IS NOT NULL;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER challenge_scores_delete AFTER DELETE ON invitations BEGIN
    DELETE FROM challenge_scores WHERE invitation_id = old.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER challenge_days_insert AFTER INSERT ON challenge_scores BEGIN
    INSERT INTO challenge_days (day, assessment_id, pos, title, n, total, blank, stopped)
    VALUES (new.invited_at / 86400000, new.assessment_id, new.pos, new.title, 1, new.score, new.score = 0, new.stopped)
    ON CONFLICT (day, assessment_id, pos, title) DO UPDATE SET
        n = n + 1, total = total + excluded.total, blank = blank + excluded.blank, stopped = stopped + excluded.stopped;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER challenge_days_delete AFTER DELETE ON challenge_scores BEGIN
    UPDATE challenge_days SET n = n - 1, total = total - old.score, blank = blank - (old.score = 0), stopped = stopped - old.stopped
    WHERE day = old.invited_at / 86400000 AND assessment_id = old.assessment_id AND pos = old.pos AND title = old.title;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER insight_days_insert AFTER INSERT ON invitations WHEN new.invited_at IS NOT NULL BEGIN
    INSERT INTO insight_days (day, assessment_id, invited, started, submitted, passed)
    VALUES (new.invited_at / 86400000, new.assessment_id, 1, coalesce(new.started_at, new.submitted_at) IS NOT NULL,
        new.submitted_at IS NOT NULL, new.submitted_at IS NOT NULL AND coalesce(new.passed, 0) = 1)
    ON CONFLICT (day, assessment_id) DO UPDATE SET invited = invited + 1, started = started + excluded.started,
        submitted = submitted + excluded.submitted, passed = passed + excluded.passed;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER insight_days_delete AFTER DELETE ON invitations WHEN old.invited_at IS NOT NULL BEGIN
    UPDATE insight_days SET invited = invited - 1, started = started - (coalesce(old.started_at, old.submitted_at) IS NOT NULL),
        submitted = submitted - (old.submitted_at IS NOT NULL), passed = passed - (old.submitted_at IS NOT NULL AND coalesce(old.passed, 0) = 1)
    WHERE day = old.invited_at / 86400000 AND assessment_id = old.assessment_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER insight_days_update AFTER UPDATE OF invited_at, started_at, submitted_at, passed, assessment_id ON invitations
BEGIN
    UPDATE insight_days SET invited = invited - 1, started = started - (coalesce(old.started_at, old.submitted_at) IS NOT NULL),
        submitted = submitted - (old.submitted_at IS NOT NULL), passed = passed - (old.submitted_at IS NOT NULL AND coalesce(old.passed, 0) = 1)
    WHERE old.invited_at IS NOT NULL AND day = old.invited_at / 86400000 AND assessment_id = old.assessment_id;
    INSERT INTO insight_days (day, assessment_id, invited, started, submitted, passed)
    SELECT new.invited_at / 86400000, new.assessment_id, 1, coalesce(new.started_at, new.submitted_at) IS NOT NULL,
        new.submitted_at IS NOT NULL, new.submitted_at IS NOT NULL AND coalesce(new.passed, 0) = 1
    WHERE new.invited_at IS NOT NULL
    ON CONFLICT (day, assessment_id) DO UPDATE SET invited = invited + 1, started = started + excluded.started,
        submitted = submitted + excluded.submitted, passed = passed + excluded.passed;
END;
-- +goose StatementEnd

-- Each scored result, with what became of its candidate in Lever (grp:
-- 'hired', 'notHired' for archived without a hire, 'open'), kept by
-- triggers on both: calibration read every result beside its candidate's
-- lifecycle, 45 to 65 ms for a year of 50,000 invitations.
CREATE TABLE scored_results (
    invitation_id  INTEGER PRIMARY KEY,
    invited_at     INTEGER NOT NULL,
    assessment_id  TEXT NOT NULL,
    opportunity_id TEXT NOT NULL,
    score          REAL NOT NULL,
    passed         INTEGER NOT NULL,
    grp            TEXT NOT NULL
);
CREATE INDEX scored_results_period ON scored_results (invited_at, assessment_id, opportunity_id, grp, score, passed);
CREATE INDEX scored_results_candidate ON scored_results (opportunity_id);

INSERT INTO scored_results (invitation_id, invited_at, assessment_id, opportunity_id, score, passed, grp)
SELECT i.id, i.invited_at, i.assessment_id, i.opportunity_id, i.score, coalesce(i.passed, 0), coalesce((SELECT CASE WHEN l.hired_at IS NOT NULL THEN 'hired' WHEN l.state = 'archived' THEN 'notHired' END
        FROM lever_lifecycle l WHERE l.opportunity_id = i.opportunity_id), 'open')
FROM invitations i WHERE i.invited_at IS NOT NULL AND i.submitted_at IS NOT NULL AND i.score IS NOT NULL;

-- +goose StatementBegin
CREATE TRIGGER scored_results_insert AFTER INSERT ON invitations
WHEN new.invited_at IS NOT NULL AND new.submitted_at IS NOT NULL AND new.score IS NOT NULL
BEGIN
    INSERT INTO scored_results (invitation_id, invited_at, assessment_id, opportunity_id, score, passed, grp)
    VALUES (new.id, new.invited_at, new.assessment_id, new.opportunity_id, new.score, coalesce(new.passed, 0), coalesce((SELECT CASE WHEN l.hired_at IS NOT NULL THEN 'hired' WHEN l.state = 'archived' THEN 'notHired' END
        FROM lever_lifecycle l WHERE l.opportunity_id = new.opportunity_id), 'open'));
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER scored_results_update AFTER UPDATE OF score, passed, submitted_at, invited_at, assessment_id, opportunity_id ON invitations
BEGIN
    DELETE FROM scored_results WHERE invitation_id = old.id;
    INSERT INTO scored_results (invitation_id, invited_at, assessment_id, opportunity_id, score, passed, grp)
    SELECT new.id, new.invited_at, new.assessment_id, new.opportunity_id, new.score, coalesce(new.passed, 0), coalesce((SELECT CASE WHEN l.hired_at IS NOT NULL THEN 'hired' WHEN l.state = 'archived' THEN 'notHired' END
        FROM lever_lifecycle l WHERE l.opportunity_id = new.opportunity_id), 'open')
    WHERE new.invited_at IS NOT NULL AND new.submitted_at IS NOT NULL AND new.score IS NOT NULL;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER scored_results_delete AFTER DELETE ON invitations BEGIN
    DELETE FROM scored_results WHERE invitation_id = old.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER scored_results_life_insert AFTER INSERT ON lever_lifecycle BEGIN
    UPDATE scored_results SET grp = coalesce((SELECT CASE WHEN l.hired_at IS NOT NULL THEN 'hired' WHEN l.state = 'archived' THEN 'notHired' END
        FROM lever_lifecycle l WHERE l.opportunity_id = new.opportunity_id), 'open') WHERE opportunity_id = new.opportunity_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER scored_results_life_update AFTER UPDATE ON lever_lifecycle BEGIN
    UPDATE scored_results SET grp = coalesce((SELECT CASE WHEN l.hired_at IS NOT NULL THEN 'hired' WHEN l.state = 'archived' THEN 'notHired' END
        FROM lever_lifecycle l WHERE l.opportunity_id = new.opportunity_id), 'open') WHERE opportunity_id = new.opportunity_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER scored_results_life_delete AFTER DELETE ON lever_lifecycle BEGIN
    UPDATE scored_results SET grp = 'open' WHERE opportunity_id = old.opportunity_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER scored_results_life_delete;
DROP TRIGGER scored_results_life_update;
DROP TRIGGER scored_results_life_insert;
DROP TRIGGER scored_results_delete;
DROP TRIGGER scored_results_update;
DROP TRIGGER scored_results_insert;
DROP INDEX scored_results_candidate;
DROP INDEX scored_results_period;
DROP TABLE scored_results;
DROP TRIGGER insight_days_update;
DROP TRIGGER insight_days_delete;
DROP TRIGGER insight_days_insert;
DROP TRIGGER challenge_days_delete;
DROP TRIGGER challenge_days_insert;
DROP TRIGGER challenge_scores_delete;
DROP TRIGGER challenge_scores_update;
DROP TRIGGER challenge_scores_insert;
DROP TABLE challenge_days;
DROP TABLE insight_days;
DROP INDEX challenge_scores_period;
DROP TABLE challenge_scores;
DROP INDEX candidates_posting_opportunity;
DROP INDEX lever_lifecycle_outcome;
DROP INDEX invitations_waiting;
DROP INDEX invitations_insights_assessment;
DROP INDEX invitations_insights;
