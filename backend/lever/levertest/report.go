package levertest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
)

// The full report's endpoints: files on a candidate, feedback templates,
// and feedback forms.

// File is a file added to an opportunity through the API.
type File struct {
	ID         string
	Name       string
	Content    []byte
	PerformAs  string
	UploadedAt time.Time
}

// FeedbackTemplateField is one field of a feedback template.
type FeedbackTemplateField struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	Text        string `json:"text"`
	Description string `json:"description"`
	Required    bool   `json:"required"`
}

// FeedbackTemplate is a feedback template of the account.
type FeedbackTemplate struct {
	ID           string
	Text         string
	Instructions string
	Fields       []FeedbackTemplateField
	CreatedAt    time.Time
}

// FeedbackValue is one filled field of a feedback form.
type FeedbackValue struct {
	ID    string
	Value any
}

// Feedback is a feedback form added to an opportunity through the API.
type Feedback struct {
	ID             string
	BaseTemplateID string
	Values         []FeedbackValue
	PerformAs      string
	CreatedAt      time.Time
}

// maxFile is the largest file Lever takes.
const maxFile = 30 << 20

// feedbackFieldTypes are the field types Lever's feedback templates have.
var feedbackFieldTypes = []string{"code", "date", "dropdown", "multiple-choice", "multiple-select", "score-system", "score", "scorecard", "text", "textarea", "yes-no"}

func (s *Server) reportRoutes(m *http.ServeMux) {
	m.Handle("GET /v1/opportunities/{id}/files", route(s.listFiles))
	m.Handle("POST /v1/opportunities/{id}/files", route(s.uploadFile))
	m.Handle("GET /v1/feedback_templates", route(s.listFeedbackTemplates))
	m.Handle("POST /v1/feedback_templates", route(s.createFeedbackTemplate))
	m.Handle("GET /v1/opportunities/{id}/feedback", route(s.listFeedback))
	m.Handle("POST /v1/opportunities/{id}/feedback", route(s.addFeedback))
}

// SetFilesPermission grants or withdraws the Files permission of the API
// key (granted when the server starts): without it, Lever answers the file
// endpoints 403.
func (s *Server) SetFilesPermission(granted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.filesDenied = !granted
}

// Files returns the files added to an opportunity, oldest first.
func (s *Server) Files(oppID string) []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.files[oppID])
}

// FeedbackTemplates returns the account's feedback templates.
func (s *Server) FeedbackTemplates() []FeedbackTemplate {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.feedbackTemplates)
}

// Feedback returns the feedback forms added to an opportunity, oldest first.
func (s *Server) Feedback(oppID string) []Feedback {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.feedback[oppID])
}

func (s *Server) fileJSON(f File) map[string]any {
	ext := strings.TrimPrefix(path.Ext(f.Name), ".")
	return map[string]any{
		"id": f.ID, "name": f.Name, "ext": ext, "size": len(f.Content), "status": "processed",
		"downloadUrl": s.URL + "/opportunities/files/" + f.ID + "/download",
		"uploadedAt":  f.UploadedAt.UnixMilli(),
	}
}

func (s *Server) filesAllowed() *refusal {
	if s.filesDenied {
		return refuse(http.StatusForbidden, "This API key does not have access to the files endpoints")
	}
	return nil
}

func (s *Server) listFiles(w http.ResponseWriter, r *http.Request) *refusal {
	return s.withOpportunity(r, func(o *opportunity) *refusal {
		if e := s.filesAllowed(); e != nil {
			return e
		}
		items := []any{}
		for _, f := range s.files[o.ID] {
			items = append(items, s.fileJSON(f))
		}
		s.writeList(w, r, items)
		return nil
	})
}

func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request) *refusal {
	r.Body = http.MaxBytesReader(w, r.Body, maxFile+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return refuse(http.StatusRequestEntityTooLarge, "File is larger than 30 MB")
		}
		return refuse(http.StatusBadRequest, "Expected multipart/form-data with a file field")
	}
	defer r.MultipartForm.RemoveAll()
	part, header, err := r.FormFile("file")
	if err != nil {
		return refuse(http.StatusBadRequest, "Missing file")
	}
	defer part.Close()
	content, err := io.ReadAll(part)
	if err != nil {
		return refuse(http.StatusBadRequest, "Could not read the file")
	}
	if len(content) > maxFile {
		return refuse(http.StatusRequestEntityTooLarge, "File is larger than 30 MB")
	}
	return s.changeOpportunity(r, func(o *opportunity, who string) {
		if e := s.filesAllowed(); e != nil {
			writeError(w, e.status, e.message)
			return
		}
		f := File{ID: newID(), Name: header.Filename, Content: content, PerformAs: who, UploadedAt: s.opts.Now()}
		s.files[o.ID] = append(s.files[o.ID], f)
		writeJSON(w, http.StatusCreated, map[string]any{"data": s.fileJSON(f)})
	})
}

func templateJSON(t FeedbackTemplate) map[string]any {
	return map[string]any{
		"id": t.ID, "text": t.Text, "instructions": t.Instructions, "group": nil, "stage": nil,
		"fields":    t.Fields,
		"createdAt": t.CreatedAt.UnixMilli(), "updatedAt": t.CreatedAt.UnixMilli(),
	}
}

func (s *Server) listFeedbackTemplates(w http.ResponseWriter, r *http.Request) *refusal {
	s.mu.Lock()
	defer s.mu.Unlock()
	items := []any{}
	for _, t := range s.feedbackTemplates {
		items = append(items, templateJSON(t))
	}
	s.writeList(w, r, items)
	return nil
}

func (s *Server) createFeedbackTemplate(w http.ResponseWriter, r *http.Request) *refusal {
	var body struct {
		Text         string                  `json:"text"`
		Instructions string                  `json:"instructions"`
		Fields       []FeedbackTemplateField `json:"fields"`
	}
	if e := decodeBody(w, r, &body); e != nil {
		return e
	}
	if strings.TrimSpace(body.Text) == "" {
		return refuse(http.StatusBadRequest, "Missing text")
	}
	if len(body.Fields) == 0 {
		return refuse(http.StatusBadRequest, "Missing fields: a template needs at least one")
	}
	for i := range body.Fields {
		f := &body.Fields[i]
		if !slices.Contains(feedbackFieldTypes, f.Type) {
			return refuse(http.StatusBadRequest, "Invalid field type: "+f.Type)
		}
		if strings.TrimSpace(f.Text) == "" {
			return refuse(http.StatusBadRequest, "Missing field text")
		}
		f.ID = newID()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := FeedbackTemplate{ID: newID(), Text: body.Text, Instructions: body.Instructions, Fields: body.Fields, CreatedAt: s.opts.Now()}
	s.feedbackTemplates = append(s.feedbackTemplates, t)
	writeJSON(w, http.StatusCreated, map[string]any{"data": templateJSON(t)})
	return nil
}

func (s *Server) feedbackJSON(f Feedback) map[string]any {
	var t FeedbackTemplate
	for _, x := range s.feedbackTemplates {
		if x.ID == f.BaseTemplateID {
			t = x
		}
	}
	fields := []map[string]any{}
	for _, tf := range t.Fields {
		var value any
		for _, v := range f.Values {
			if v.ID == tf.ID {
				value = v.Value
			}
		}
		fields = append(fields, map[string]any{"id": tf.ID, "type": tf.Type, "text": tf.Text,
			"description": tf.Description, "required": tf.Required, "value": value})
	}
	var user any
	if f.PerformAs != "" {
		user = f.PerformAs
	}
	return map[string]any{
		"id": f.ID, "type": "feedback", "text": t.Text, "instructions": t.Instructions,
		"baseTemplateId": f.BaseTemplateID, "fields": fields, "user": user, "panel": nil, "interview": nil,
		"createdAt": f.CreatedAt.UnixMilli(), "completedAt": f.CreatedAt.UnixMilli(), "deletedAt": nil,
	}
}

func (s *Server) listFeedback(w http.ResponseWriter, r *http.Request) *refusal {
	return s.withOpportunity(r, func(o *opportunity) *refusal {
		items := []any{}
		for _, f := range s.feedback[o.ID] {
			items = append(items, s.feedbackJSON(f))
		}
		s.writeList(w, r, items)
		return nil
	})
}

func (s *Server) addFeedback(w http.ResponseWriter, r *http.Request) *refusal {
	var body struct {
		BaseTemplateID string `json:"baseTemplateId"`
		FieldValues    []struct {
			ID    string          `json:"id"`
			Value json.RawMessage `json:"value"`
		} `json:"fieldValues"`
	}
	if e := decodeBody(w, r, &body); e != nil {
		return e
	}
	return s.withOpportunity(r, func(o *opportunity) *refusal {
		who, e := s.performAs(r)
		if e != nil {
			return e
		}
		if who == "" {
			return refuse(http.StatusBadRequest, "Missing perform_as: feedback must be written by a user")
		}
		i := slices.IndexFunc(s.feedbackTemplates, func(t FeedbackTemplate) bool { return t.ID == body.BaseTemplateID })
		if i < 0 {
			return refuse(http.StatusBadRequest, "Invalid baseTemplateId: no feedback template "+body.BaseTemplateID)
		}
		t := s.feedbackTemplates[i]
		f := Feedback{ID: newID(), BaseTemplateID: t.ID, PerformAs: who, CreatedAt: s.opts.Now()}
		for _, v := range body.FieldValues {
			if !slices.ContainsFunc(t.Fields, func(tf FeedbackTemplateField) bool { return tf.ID == v.ID }) {
				return refuse(http.StatusBadRequest, "Invalid field id: "+v.ID)
			}
			var value any
			if err := json.Unmarshal(v.Value, &value); err != nil {
				return refuse(http.StatusBadRequest, "Invalid value for field "+v.ID)
			}
			f.Values = append(f.Values, FeedbackValue{ID: v.ID, Value: value})
		}
		s.feedback[o.ID] = append(s.feedback[o.ID], f)
		writeJSON(w, http.StatusCreated, map[string]any{"data": s.feedbackJSON(f)})
		return nil
	})
}
