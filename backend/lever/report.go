package lever

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"

	"github.com/assessbridge/assessbridge/backend/apicall"
)

// The full report in Lever: a file on the candidate, and a feedback form
// of assessbridge's own template. None of the writes here is repeated by
// the client: each is looked for first by the caller (a file by its name,
// a form by the marker in one of its values, a template by its name).

// File is a file on an opportunity.
type File struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	DownloadURL string `json:"downloadUrl"`
}

// MaxFile is the largest file Lever takes.
const MaxFile = 30 << 20

// Files returns the files on an opportunity.
func (c *Client) Files(ctx context.Context, opportunityID string) ([]File, error) {
	return list[File](ctx, c, "/opportunities/"+url.PathEscape(opportunityID)+"/files", nil)
}

// UploadFile adds a file to an opportunity, shown as added by performAs
// (empty: the API key's owner). A second call is a second file: the
// caller looks for the file by its name before trying again.
func (c *Client) UploadFile(ctx context.Context, opportunityID, name string, content []byte, performAs string) (File, error) {
	if len(content) > MaxFile {
		return File{}, errors.New("lever: upload file: larger than the 30 MB Lever takes")
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreateFormFile("file", name)
	if err != nil {
		return File{}, err
	}
	if _, err := part.Write(content); err != nil {
		return File{}, err
	}
	if err := mw.Close(); err != nil {
		return File{}, err
	}
	var out json.RawMessage
	path := "/opportunities/" + url.PathEscape(opportunityID) + "/files"
	if err := c.do(ctx, http.MethodPost, path, performAsQuery(performAs), "", apicall.Raw{ContentType: mw.FormDataContentType(), Data: buf.Bytes()}, &out); err != nil {
		return File{}, err
	}
	var f File
	if err := unwrap(out, &f); err != nil || f.ID == "" {
		return File{}, errors.New("lever: upload file: answer carried no file id")
	}
	return f, nil
}

// FeedbackField is one field of a feedback template or form. Value is set
// on a filled form only.
type FeedbackField struct {
	ID          string          `json:"id,omitempty"`
	Type        string          `json:"type"`
	Text        string          `json:"text"`
	Description string          `json:"description,omitempty"`
	Required    bool            `json:"required"`
	Value       json.RawMessage `json:"value,omitempty"`
}

// FeedbackTemplate is one of the account's feedback templates.
type FeedbackTemplate struct {
	ID           string          `json:"id"`
	Text         string          `json:"text"`
	Instructions string          `json:"instructions"`
	Fields       []FeedbackField `json:"fields"`
}

// FeedbackTemplates returns the account's feedback templates.
func (c *Client) FeedbackTemplates(ctx context.Context) ([]FeedbackTemplate, error) {
	return list[FeedbackTemplate](ctx, c, "/feedback_templates", nil)
}

// CreateFeedbackTemplate creates a feedback template (its fields' ids are
// Lever's, in the answer). A second call is a second template: the caller
// looks for it by its name before trying again.
func (c *Client) CreateFeedbackTemplate(ctx context.Context, t FeedbackTemplate) (FeedbackTemplate, error) {
	for i := range t.Fields {
		t.Fields[i].ID, t.Fields[i].Value = "", nil
	}
	body := struct {
		Text         string          `json:"text"`
		Instructions string          `json:"instructions,omitempty"`
		Fields       []FeedbackField `json:"fields"`
	}{t.Text, t.Instructions, t.Fields}
	var out json.RawMessage
	if err := c.do(ctx, http.MethodPost, "/feedback_templates", nil, "", body, &out); err != nil {
		return FeedbackTemplate{}, err
	}
	var made FeedbackTemplate
	if err := unwrap(out, &made); err != nil || made.ID == "" {
		return FeedbackTemplate{}, errors.New("lever: create feedback template: answer carried no template id")
	}
	return made, nil
}

// Feedback is a feedback form on an opportunity.
type Feedback struct {
	ID             string          `json:"id"`
	BaseTemplateID string          `json:"baseTemplateId"`
	Text           string          `json:"text"`
	Fields         []FeedbackField `json:"fields"`
}

// Contains reports whether one of the form's text values holds s.
func (f Feedback) Contains(s string) bool {
	for _, fl := range f.Fields {
		var v string
		if json.Unmarshal(fl.Value, &v) == nil && bytes.Contains([]byte(v), []byte(s)) {
			return true
		}
	}
	return false
}

// Feedback returns the feedback forms on an opportunity.
func (c *Client) Feedback(ctx context.Context, opportunityID string) ([]Feedback, error) {
	return list[Feedback](ctx, c, "/opportunities/"+url.PathEscape(opportunityID)+"/feedback", nil)
}

// FieldValue fills one field of a feedback form.
type FieldValue struct {
	ID    string `json:"id"`
	Value any    `json:"value"`
}

// AddFeedback fills a feedback form of template templateID on an
// opportunity, as performAs, and returns its id. A second call is a second
// form: the caller looks for the form before trying again.
func (c *Client) AddFeedback(ctx context.Context, opportunityID, templateID string, values []FieldValue, performAs string) (string, error) {
	body := struct {
		BaseTemplateID string       `json:"baseTemplateId"`
		FieldValues    []FieldValue `json:"fieldValues"`
	}{templateID, values}
	var out json.RawMessage
	path := "/opportunities/" + url.PathEscape(opportunityID) + "/feedback"
	if err := c.do(ctx, http.MethodPost, path, performAsQuery(performAs), "", body, &out); err != nil {
		return "", err
	}
	var f Feedback
	if err := unwrap(out, &f); err != nil || f.ID == "" {
		return "", errors.New("lever: add feedback: answer carried no id")
	}
	return f.ID, nil
}

// unwrap reads a single resource, inside Lever's {"data": ...} envelope or
// bare.
func unwrap(raw json.RawMessage, out any) error {
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return err
	}
	if len(env.Data) > 0 && string(env.Data) != "null" {
		return json.Unmarshal(env.Data, out)
	}
	return json.Unmarshal(raw, out)
}
