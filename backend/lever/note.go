package lever

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
)

// Note is a note on an opportunity.
type Note struct {
	ID string
	// Value is the note's text.
	Value     string
	CreatedAt int64
}

// UnmarshalJSON reads Lever's note, whose text sits in its first field
// ({"fields": [{"type": "note", "text": "Note", "value": "..."}]}); a
// top-level "value" is read when there are no fields.
func (n *Note) UnmarshalJSON(b []byte) error {
	var w struct {
		ID        string `json:"id"`
		Value     string `json:"value"`
		CreatedAt int64  `json:"createdAt"`
		Fields    []struct {
			Value json.RawMessage `json:"value"`
		} `json:"fields"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*n = Note{ID: w.ID, Value: w.Value, CreatedAt: w.CreatedAt}
	if len(w.Fields) > 0 {
		// Score fields carry numbers; only a string is the note's text.
		var s string
		if json.Unmarshal(w.Fields[0].Value, &s) == nil {
			n.Value = s
		}
	}
	return nil
}

// AddNote posts a note on an opportunity and returns its id. performAs is
// the Lever user id the note is shown as written by; empty means the API
// key's owner.
func (c *Client) AddNote(ctx context.Context, opportunityID, value, performAs string) (string, error) {
	body := struct {
		Value string `json:"value"`
	}{value}
	var out data[struct {
		NoteID string `json:"noteId"`
	}]
	path := "/opportunities/" + url.PathEscape(opportunityID) + "/notes"
	if err := c.do(ctx, http.MethodPost, path, performAsQuery(performAs), "", body, &out); err != nil {
		return "", err
	}
	if out.Data.NoteID == "" {
		return "", errors.New("lever: add note: answer carried no noteId")
	}
	return out.Data.NoteID, nil
}

// Notes returns every note on an opportunity.
func (c *Client) Notes(ctx context.Context, opportunityID string) ([]Note, error) {
	return list[Note](ctx, c, "/opportunities/"+url.PathEscape(opportunityID)+"/notes", nil)
}
