-- +goose Up
-- The dashboard's funnel counts every invitation by assessment: this index
-- holds all it reads, in the order it groups, so the count reads the index
-- alone rather than every row of the table.
CREATE INDEX invitations_funnel ON invitations (assessment_id, assessment_title, invited_at, started_at, status);

-- +goose Down
DROP INDEX invitations_funnel;
