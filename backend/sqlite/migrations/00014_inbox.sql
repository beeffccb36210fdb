-- +goose Up
-- Work a Lever webhook accepted, kept in the webhook's own transaction and
-- handed to the job queue once the deliveries pause (workflow/inbox.go). A
-- webhook's answer then costs one small row here rather than a queued job,
-- whose insert held the database's writer for a quarter of a delivery's time
-- (the profile is in docs/benchmarks.md). The queue takes each row in the
-- transaction that deletes it: a row is queued once, whenever the process stops.
CREATE TABLE inbox (
    id   INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    args TEXT NOT NULL
);

-- +goose Down
DROP TABLE inbox;
