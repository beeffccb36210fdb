-- +goose Up
-- The full report in Lever: what each assessment's submissions write there.
-- One row per assessment whose settings the recruiter saved; none means the
-- defaults (a note in the default template, no file, no integrity line).
CREATE TABLE report_settings (
    assessment_id  TEXT PRIMARY KEY,
    deliver_as     TEXT NOT NULL DEFAULT 'note' CHECK (deliver_as IN ('note', 'feedback')),
    attach_report  INTEGER NOT NULL DEFAULT 0,
    integrity      INTEGER NOT NULL DEFAULT 0,
    note_template  TEXT NOT NULL DEFAULT '',
    updated_at     INTEGER NOT NULL
);

-- Qualified's highest code-similarity risk across the solutions of the
-- invitation's result: 'low', 'medium', 'high', or '' where none was given.
ALTER TABLE invitations ADD COLUMN similarity_risk TEXT NOT NULL DEFAULT '';

-- What was written in Lever for one result besides its note, each once:
--   file_state:  '' (to do), 'done' (file_id is the file), 'linked' (no
--                PDF in Qualified: the note's report link stands for it)
--   feedback_id: the feedback form that carries the results, when they
--                went as a form
CREATE TABLE report_writes (
    result_id      TEXT PRIMARY KEY,
    invitation_id  INTEGER NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    file_state     TEXT NOT NULL DEFAULT '' CHECK (file_state IN ('', 'done', 'linked')),
    file_id        TEXT NOT NULL DEFAULT '',
    file_name      TEXT NOT NULL DEFAULT '',
    feedback_id    TEXT NOT NULL DEFAULT '',
    updated_at     INTEGER NOT NULL
);
CREATE INDEX report_writes_invitation ON report_writes (invitation_id);

-- +goose Down
DROP TABLE report_writes;
ALTER TABLE invitations DROP COLUMN similarity_risk;
DROP TABLE report_settings;
