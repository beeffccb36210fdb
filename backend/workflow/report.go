package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// The full report in Lever, after a submission: the results as a note (in
// the assessment's template) or as a feedback form, then Qualified's PDF
// as a file. Each is written once: Lever is always looked at first (the
// note by its marker, the form by the marker in its last field, the file
// by its name, which carries the result id), because a write answered with
// an error may still have happened.

// reportLever is what the full report needs from Lever.
type reportLever interface {
	Files(ctx context.Context, opportunityID string) ([]lever.File, error)
	UploadFile(ctx context.Context, opportunityID, name string, content []byte, performAs string) (lever.File, error)
	FeedbackTemplates(ctx context.Context) ([]lever.FeedbackTemplate, error)
	CreateFeedbackTemplate(ctx context.Context, t lever.FeedbackTemplate) (lever.FeedbackTemplate, error)
	Feedback(ctx context.Context, opportunityID string) ([]lever.Feedback, error)
	AddFeedback(ctx context.Context, opportunityID, templateID string, values []lever.FieldValue, performAs string) (string, error)
}

// templateLock keeps two jobs from creating assessbridge's feedback
// template at once (opportunity ids never look like it).
const templateLock = "\x00feedback-template"

// reportFacts gathers what inv's results are written from.
func (e *Engine) reportFacts(ctx context.Context, inv backend.Invitation, s backend.ReportSettings) (backend.ReportFacts, error) {
	f := backend.ReportFacts{Invitation: inv}
	if a, ok := e.cache.Assessment(ctx, e.provider, inv.AssessmentID); ok {
		f.Cut = a.PassingScore
	}
	if s.Integrity {
		risk, err := e.db.SimilarityRisk(ctx, inv.ID)
		if err != nil {
			return f, err
		}
		f.Integrity = risk
	}
	return f, nil
}

// writeResults writes inv's results in Lever as its assessment's settings
// say: a note, or a feedback form.
func (e *Engine) writeResults(ctx context.Context, row *rivertype.JobRow, inv backend.Invitation) error {
	s, _, err := e.db.ReportSettings(ctx, inv.AssessmentID)
	if err != nil {
		return err
	}
	facts, err := e.reportFacts(ctx, inv, s)
	if err != nil {
		return err
	}
	if s.DeliverAs == backend.DeliverFeedback {
		return e.postFeedback(ctx, row, inv, facts)
	}
	return e.postNote(ctx, row, inv, backend.RenderNote(s.NoteTemplate, facts))
}

// postFeedback fills assessbridge's feedback form with inv's results, once.
func (e *Engine) postFeedback(ctx context.Context, row *rivertype.JobRow, inv backend.Invitation, facts backend.ReportFacts) error {
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "feedback",
		OpportunityID: inv.OpportunityID, InvitationID: inv.ID}
	forms, err := e.lever.Feedback(ctx, inv.OpportunityID)
	if err != nil {
		return e.retryOrFail(ctx, row, act, feedbackFailed("Could not read the candidate's feedback from Lever", err), err)
	}
	if id, found := writtenFeedback(forms, inv.ResultID); found {
		return e.feedbackAdded(ctx, inv, id, act)
	}
	tmpl, err := e.feedbackTemplate(ctx, row, act)
	if err != nil {
		return err
	}
	values, err := feedbackValues(tmpl, facts)
	if err != nil {
		return e.retryOrFail(ctx, row, act, "Could not fill the feedback form in Lever", err)
	}
	if err := e.db.MarkNoteAttempted(ctx, inv.ID); err != nil {
		return err
	}
	performAs, err := e.db.Setting(ctx, sqlite.SettingPerformAs)
	if err != nil {
		return err
	}
	crashPoint(crashBeforeFeedback)
	id, err := e.lever.AddFeedback(ctx, inv.OpportunityID, tmpl.ID, values, performAs)
	if err != nil {
		return e.retryOrFail(ctx, row, act, feedbackFailed("Could not add the results as a feedback form in Lever", err), err)
	}
	crashPoint(crashAfterFeedback)
	return e.feedbackAdded(ctx, inv, id, act)
}

// feedbackFailed says what to grant when Lever refuses the feedback
// endpoints.
func feedbackFailed(what string, err error) string {
	if backend.KindOf(err) == backend.FailureForbidden {
		return what + ": assessbridge's Lever login may not write feedback. In Lever, give the API key the Feedback and Feedback templates permissions (Settings → Integrations and API → API Credentials), or reconnect Lever in Setup, then press Retry"
	}
	return what
}

// feedbackAdded records the form that carries the results, with its line.
func (e *Engine) feedbackAdded(ctx context.Context, inv backend.Invitation, id string, act backend.Activity) error {
	act.Outcome, act.Message = backend.OutcomeOK, fmt.Sprintf("%s: results of %s added as a feedback form in Lever.", inv.Candidate.Name, inv.AssessmentTitle)
	if err := e.db.SetFeedbackWritten(ctx, inv.ID, inv.ResultID, id, act); err != nil {
		return err
	}
	e.onChange()
	return nil
}

// feedbackTemplate returns assessbridge's own feedback template in Lever,
// creating it the first time. It is looked for by its kept id, then by its
// name, so a template whose creation answer was lost is not made twice.
func (e *Engine) feedbackTemplate(ctx context.Context, row *rivertype.JobRow, act backend.Activity) (lever.FeedbackTemplate, error) {
	unlock := e.locks.Lock(templateLock)
	defer unlock()
	kept, err := e.db.Setting(ctx, sqlite.SettingFeedbackTemplateID)
	if err != nil {
		return lever.FeedbackTemplate{}, err
	}
	all, err := e.lever.FeedbackTemplates(ctx)
	if err != nil {
		return lever.FeedbackTemplate{}, e.retryOrFail(ctx, row, act, feedbackFailed("Could not read the feedback templates from Lever", err), err)
	}
	if t, found := ownTemplate(all, kept); found {
		if t.ID != kept {
			if err := e.db.SetSetting(ctx, sqlite.SettingFeedbackTemplateID, t.ID); err != nil {
				return lever.FeedbackTemplate{}, err
			}
		}
		return t, nil
	}
	t, err := e.lever.CreateFeedbackTemplate(ctx, newFeedbackTemplate())
	if err != nil {
		return lever.FeedbackTemplate{}, e.retryOrFail(ctx, row, act, feedbackFailed("Could not create assessbridge's feedback template in Lever", err), err)
	}
	if err := e.db.SetSetting(ctx, sqlite.SettingFeedbackTemplateID, t.ID); err != nil {
		return lever.FeedbackTemplate{}, err
	}
	e.logActivity(ctx, backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "feedback", Outcome: backend.OutcomeOK,
		Message: fmt.Sprintf("Created the feedback template %q in Lever for assessment results.", backend.FeedbackTemplateName)})
	return t, nil
}

// attachReport adds Qualified's PDF report of inv's result as a file on the
// candidate, once, when its assessment's settings ask for it. Without a
// PDF in Qualified, the note's (or form's) report link stands for it.
func (e *Engine) attachReport(ctx context.Context, row *rivertype.JobRow, inv backend.Invitation) error {
	if inv.Status != backend.StatusSubmitted || inv.NoteID == "" || inv.ResultID == "" {
		return nil
	}
	s, _, err := e.db.ReportSettings(ctx, inv.AssessmentID)
	if err != nil || !s.AttachReport {
		return err
	}
	w, err := e.db.ReportWritten(ctx, inv.ResultID)
	if err != nil || w.FileState != sqlite.FileToDo {
		return err
	}
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "file",
		OpportunityID: inv.OpportunityID, InvitationID: inv.ID}
	name := backend.ReportFileName(inv.AssessmentTitle, inv.ResultID)
	files, err := e.lever.Files(ctx, inv.OpportunityID)
	if notFound(err) {
		act.Outcome, act.Message = backend.OutcomeSkipped, fmt.Sprintf("%s: Qualified's report was not added as a file: the candidate no longer exists in Lever.", inv.Candidate.Name)
		return e.fileRecorded(ctx, inv, sqlite.FileLinked, "", name, act)
	}
	if err != nil {
		return e.retryOrFail(ctx, row, act, fileFailed("Could not read the candidate's files from Lever", err), err)
	}
	if id, found := writtenFile(files, name); found {
		act.Outcome, act.Message = backend.OutcomeOK, fileAddedLine(inv)
		return e.fileRecorded(ctx, inv, sqlite.FileDone, id, name, act)
	}
	share, err := e.provider.Share(ctx, inv.ResultID)
	if err != nil && !backend.Permanent(err) {
		return e.retryOrFail(ctx, row, act, "Could not ask Qualified for the report's PDF", err)
	}
	if err != nil || share.PDF == "" {
		// Qualified's PDF is a feature of some subscriptions only.
		act.Outcome, act.Message = backend.OutcomeSkipped, fmt.Sprintf("%s: Qualified has no PDF of the %s report for this account, so no file was added; the results in Lever link to the report.", inv.Candidate.Name, inv.AssessmentTitle)
		return e.fileRecorded(ctx, inv, sqlite.FileLinked, "", name, act)
	}
	pdf, err := e.provider.ReportPDF(ctx, share.PDF)
	if err != nil {
		return e.retryOrFail(ctx, row, act, "Could not download the report's PDF from Qualified", err)
	}
	performAs, err := e.db.Setting(ctx, sqlite.SettingPerformAs)
	if err != nil {
		return err
	}
	crashPoint(crashBeforeFile)
	f, err := e.lever.UploadFile(ctx, inv.OpportunityID, name, pdf, performAs)
	if err != nil {
		return e.retryOrFail(ctx, row, act, fileFailed("Could not add Qualified's report as a file in Lever", err), err)
	}
	crashPoint(crashAfterFile)
	act.Outcome, act.Message = backend.OutcomeOK, fileAddedLine(inv)
	return e.fileRecorded(ctx, inv, sqlite.FileDone, f.ID, name, act)
}

func fileAddedLine(inv backend.Invitation) string {
	return fmt.Sprintf("%s: Qualified's report of %s added as a file in Lever.", inv.Candidate.Name, inv.AssessmentTitle)
}

// fileFailed says what to grant when Lever refuses the files endpoints.
func fileFailed(what string, err error) string {
	if backend.KindOf(err) == backend.FailureForbidden {
		return what + ": assessbridge's Lever login may not add files. In Lever, give the API key the Files permission (Settings → Integrations and API → API Credentials), or reconnect Lever in Setup, then press Retry"
	}
	return what
}

func (e *Engine) fileRecorded(ctx context.Context, inv backend.Invitation, state, id, name string, act backend.Activity) error {
	if err := e.db.SetReportFile(ctx, inv.ID, inv.ResultID, state, id, name, act); err != nil {
		return err
	}
	e.onChange()
	return nil
}

// ReportPreview is exactly what would be written in Lever for one result
// with the settings given.
type ReportPreview struct {
	// Example is true when the assessment has no submitted result yet and
	// a made-up candidate stands in.
	Example       bool
	CandidateName string
	SubmittedAt   time.Time
	Note          string
	FeedbackTitle string
	Feedback      [][2]string // field title, value
	FileName      string
	FileNote      string
}

// PreviewReport renders what s would write for the assessment's latest
// submitted result, or for a made-up candidate when there is none.
func (e *Engine) PreviewReport(ctx context.Context, s backend.ReportSettings) (ReportPreview, error) {
	inv, found, err := e.db.LatestSubmitted(ctx, s.AssessmentID)
	if err != nil {
		return ReportPreview{}, err
	}
	var facts backend.ReportFacts
	if found {
		if facts, err = e.reportFacts(ctx, inv, s); err != nil {
			return ReportPreview{}, err
		}
	} else {
		facts = e.exampleFacts(ctx, s)
		inv = facts.Invitation
	}
	p := ReportPreview{Example: !found, CandidateName: inv.Candidate.Name, SubmittedAt: inv.SubmittedAt}
	if s.DeliverAs == backend.DeliverFeedback {
		p.FeedbackTitle = backend.FeedbackTemplateName
		for i, v := range backend.FeedbackValues(facts) {
			p.Feedback = append(p.Feedback, [2]string{backend.FeedbackFieldTitles[i], v})
		}
	} else {
		p.Note = backend.RenderNote(s.NoteTemplate, facts)
	}
	if s.AttachReport {
		p.FileName = backend.ReportFileName(inv.AssessmentTitle, inv.ResultID)
		p.FileNote = e.pdfNote(ctx, inv, found)
	}
	return p, nil
}

// pdfNote says whether Qualified has the PDF of a result, asking it.
func (e *Engine) pdfNote(ctx context.Context, inv backend.Invitation, real bool) string {
	if !real {
		return "This is an example: whether Qualified has a PDF of the report shows once a candidate has submitted. Without one, the results in Lever link to the report instead."
	}
	share, err := e.provider.Share(ctx, inv.ResultID)
	switch {
	case err != nil && !backend.Permanent(err):
		return "The preview could not tell whether Qualified has a PDF of this report (Qualified did not answer). Without one, the results in Lever link to the report instead."
	case err != nil || share.PDF == "":
		return "Qualified has no PDF of this report for your account, so no file will be added; the results in Lever link to the report instead."
	}
	return "Qualified has a PDF of this report: it will be added to the candidate as this file."
}

// exampleFacts is a made-up submission of the assessment, for a preview
// before anyone has submitted it.
func (e *Engine) exampleFacts(ctx context.Context, s backend.ReportSettings) backend.ReportFacts {
	title, cut := "the assessment", 0.0
	if a, ok := e.cache.Assessment(ctx, e.provider, s.AssessmentID); ok {
		title, cut = a.Title, a.PassingScore
	}
	score, passed := 82.0, true
	if cut > score {
		passed = false
	}
	inv := backend.Invitation{
		AssessmentID: s.AssessmentID, AssessmentTitle: title, ResultID: "example-result",
		Status: backend.StatusSubmitted, Score: &score, Passed: &passed, TimeSpent: 47 * time.Minute,
		Challenges:  []backend.ChallengeScore{{Title: "Rate limiter", Language: "python", Score: 90}, {Title: "Log parser", Language: "python", Score: 74}},
		ReportURL:   "https://www.qualified.io/share/example",
		Candidate:   backend.Candidate{Name: "Alex Example (made up)"},
		SubmittedAt: e.now(),
	}
	f := backend.ReportFacts{Invitation: inv, Cut: cut}
	if s.Integrity {
		f.Integrity = "medium"
	}
	return f
}
