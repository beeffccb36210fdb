-- +goose Up
-- The dashboard's text search: a trigram index of each invitation's
-- candidate name, e-mail and assessment title, so a search matches any part
-- of them without reading every row.
CREATE VIRTUAL TABLE invitation_search USING fts5(name, email, title, tokenize = 'trigram');

INSERT INTO invitation_search (rowid, name, email, title)
SELECT i.id, c.name, c.email, i.assessment_title
FROM invitations i JOIN candidates c ON c.opportunity_id = i.opportunity_id;

-- +goose StatementBegin
CREATE TRIGGER invitation_search_insert AFTER INSERT ON invitations BEGIN
    INSERT INTO invitation_search (rowid, name, email, title)
    SELECT NEW.id, c.name, c.email, NEW.assessment_title FROM candidates c WHERE c.opportunity_id = NEW.opportunity_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER invitation_search_title AFTER UPDATE OF assessment_title ON invitations BEGIN
    UPDATE invitation_search SET title = NEW.assessment_title WHERE rowid = NEW.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER invitation_search_candidate AFTER UPDATE OF name, email ON candidates BEGIN
    UPDATE invitation_search SET name = NEW.name, email = NEW.email
    WHERE rowid IN (SELECT id FROM invitations WHERE opportunity_id = NEW.opportunity_id);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER invitation_search_candidate;
DROP TRIGGER invitation_search_title;
DROP TRIGGER invitation_search_insert;
DROP TABLE invitation_search;
