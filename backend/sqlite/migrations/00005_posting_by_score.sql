-- +goose Up
-- A posting's invitations are found through its candidates. With the score
-- beside each candidate's invitations in this index, sorting them by score
-- reads the index alone, not every invitation's whole row.
CREATE INDEX invitations_opportunity_score ON invitations (opportunity_id, score);

-- +goose Down
DROP INDEX invitations_opportunity_score;
