package adminapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// Reports is what assessbridge writes in Lever when a candidate submits,
// per assessment (reporttypes.go): the settings (*sqlite.DB) and the
// preview (the engine, which renders exactly what it would write).
type Reports interface {
	// ReportSettings returns an assessment's settings; saved is false
	// while it runs on the defaults.
	ReportSettings(ctx context.Context, assessmentID string) (backend.ReportSettings, bool, error)
	// SaveReportSettings keeps them, with the lines given.
	SaveReportSettings(ctx context.Context, s backend.ReportSettings, logged ...backend.Activity) error
	// PreviewReport renders s against the assessment's latest submitted
	// result, or a made-up one.
	PreviewReport(ctx context.Context, s backend.ReportSettings) (workflow.ReportPreview, error)
}

// reportRoutes serves GET/PUT /api/assessments/{id}/report and POST
// /api/assessments/{id}/report/preview.
func (s *Server) reportRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/assessments/{id}/report", s.getReportSettings)
	mux.HandleFunc("PUT /api/assessments/{id}/report", s.putReportSettings)
	mux.HandleFunc("POST /api/assessments/{id}/report/preview", s.previewReport)
}

// Validate checks the change: where the results go, and a template whose
// every {name} is a field and whose braces pair up.
func (c ReportSettingsChange) Validate() error {
	return c.settings("").Validate()
}

func (c ReportSettingsChange) settings(assessmentID string) backend.ReportSettings {
	tmpl := c.NoteTemplate
	// The default, sent back unchanged, is kept as "the default", so a
	// later change of the default reaches it.
	if strings.TrimSpace(tmpl) == strings.TrimSpace(backend.DefaultNoteTemplate) {
		tmpl = ""
	}
	return backend.ReportSettings{AssessmentID: assessmentID, DeliverAs: backend.ReportDelivery(c.DeliverAs),
		AttachReport: c.AttachReport, Integrity: c.Integrity, NoteTemplate: tmpl}
}

func reportSettingsOf(rs backend.ReportSettings, saved bool) ReportSettings {
	fields := make([]ReportField, len(backend.ReportFields))
	for i, f := range backend.ReportFields {
		fields[i] = ReportField{Name: f.Name, Description: f.Description}
	}
	return ReportSettings{AssessmentID: rs.AssessmentID, Saved: saved, DeliverAs: string(rs.DeliverAs),
		AttachReport: rs.AttachReport, Integrity: rs.Integrity, NoteTemplate: rs.NoteTemplate,
		DefaultTemplate: backend.DefaultNoteTemplate, Fields: fields}
}

func (s *Server) getReportSettings(w http.ResponseWriter, r *http.Request) {
	rs, saved, err := s.Reports.ReportSettings(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, reportSettingsOf(rs, saved))
}

func (s *Server) putReportSettings(w http.ResponseWriter, r *http.Request) {
	var body ReportSettingsChange
	if err := decodeBody(r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	rs := body.settings(r.PathValue("id"))
	line := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "report", Outcome: backend.OutcomeOK,
		Message: reportLine(s.assessmentTitle(r.Context(), rs.AssessmentID), rs)}
	if err := s.Reports.SaveReportSettings(r.Context(), rs, line); err != nil {
		s.fail(w, r, err)
		return
	}
	s.Events.Notify(TopicActivity)
	s.getReportSettings(w, r)
}

// reportLine tells, in a line, what the saved settings write.
func reportLine(title string, rs backend.ReportSettings) string {
	what := "a note"
	if rs.NoteTemplate != "" {
		what = "a note in the recruiter's own template"
	}
	if rs.DeliverAs == backend.DeliverFeedback {
		what = "a feedback form"
	}
	var extras []string
	if rs.AttachReport {
		extras = append(extras, "Qualified's PDF report as a file")
	}
	if rs.Integrity {
		extras = append(extras, "the integrity check")
	}
	line := fmt.Sprintf("Results of %s will be written in Lever as %s", title, what)
	if len(extras) > 0 {
		line += ", with " + strings.Join(extras, " and ")
	}
	return line + "."
}

// reportPreviewTimeout bounds the preview's question to Qualified (does the
// PDF exist?): past it, the preview says it could not tell.
const reportPreviewTimeout = 10 * time.Second

func (s *Server) previewReport(w http.ResponseWriter, r *http.Request) {
	var body ReportSettingsChange
	if err := decodeBody(r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), reportPreviewTimeout)
	defer cancel()
	p, err := s.Reports.PreviewReport(ctx, body.settings(r.PathValue("id")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := ReportPreview{Sample: "result", CandidateName: p.CandidateName, Note: p.Note,
		FeedbackTitle: p.FeedbackTitle, FileName: p.FileName, FileNote: p.FileNote}
	if p.Example {
		out.Sample = "example"
	} else if !p.SubmittedAt.IsZero() {
		out.SubmittedAt = p.SubmittedAt.UTC().Format(time.RFC3339)
	}
	for _, f := range p.Feedback {
		out.Feedback = append(out.Feedback, ReportFeedbackField{Text: f[0], Value: f[1]})
	}
	WriteJSON(w, http.StatusOK, out)
}
