-- +goose Up
-- The dashboard lists the most recently updated first unless told otherwise:
-- these indexes hold that order, alone and after a status or an assessment
-- and status filter, so a page is read in order rather than every matching
-- invitation sorted for it.
CREATE INDEX invitations_updated ON invitations (updated_at DESC, id DESC);
CREATE INDEX invitations_status_updated ON invitations (status, updated_at DESC, id DESC);
CREATE INDEX invitations_assessment_updated ON invitations (assessment_id, status, updated_at DESC, id DESC);

-- +goose Down
DROP INDEX invitations_assessment_updated;
DROP INDEX invitations_status_updated;
DROP INDEX invitations_updated;
