package workflow_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// reportSettings saves the Backend Challenge's report settings.
func (r *rig) reportSettings(s backend.ReportSettings) {
	r.t.Helper()
	s.AssessmentID = r.ids["Backend Challenge"]
	if s.DeliverAs == "" {
		s.DeliverAs = backend.DeliverNote
	}
	if err := r.db.SaveReportSettings(context.Background(), s); err != nil {
		r.t.Fatal(err)
	}
}

// written returns what was recorded for id's result besides its note.
func (r *rig) written(id string) sqlite.ReportWrite {
	r.t.Helper()
	w, err := r.db.ReportWritten(context.Background(), r.invitation(id, "Backend Challenge").ResultID)
	if err != nil {
		r.t.Fatal(err)
	}
	return w
}

// fileRecordedOnce waits for id's report file to be recorded as state, and
// checks what Lever holds.
func (r *rig) fileRecordedOnce(id, state string) {
	r.t.Helper()
	r.eventually(30*time.Second, func() bool { return r.written(id).FileState == state }, r.describe(id))
	r.waitIdle()
	files := r.lev.Files(id)
	inv := r.invitation(id, "Backend Challenge")
	switch state {
	case sqlite.FileDone:
		if len(files) != 1 {
			r.t.Fatalf("%d files in Lever, want exactly 1", len(files))
		}
		if want := backend.ReportFileName("Backend Challenge", inv.ResultID); files[0].Name != want {
			r.t.Errorf("file named %q, want %q", files[0].Name, want)
		}
		if !bytes.HasPrefix(files[0].Content, []byte("%PDF-")) {
			r.t.Errorf("file holds %q, want Qualified's PDF", files[0].Content)
		}
		if w := r.written(id); w.FileID != files[0].ID {
			r.t.Errorf("recorded file %q, Lever has %q", w.FileID, files[0].ID)
		}
	default:
		if len(files) != 0 {
			r.t.Fatalf("%d files in Lever, want none", len(files))
		}
	}
}

func TestReportFileAddedOnceWhenLeverAnswers502AfterStoring(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.reportSettings(backend.ReportSettings{AttachReport: true})
	r.invited("opp-file")
	r.lev.FaultNext("POST", "/opportunities/opp-file/files", 1, levertest.Fault{Status: http.StatusBadGateway})
	r.submitted("opp-file", 88)
	r.noteRecordedOnce("opp-file")
	r.fileRecordedOnce("opp-file", sqlite.FileDone)
	if n := r.lev.Stats().ByRoute["POST /opportunities/:id/files"]; n != 1 {
		t.Errorf("%d file uploads reached Lever, want 1", n)
	}
	if !r.hasExactly("opp-file", "Backend Challenge - Submitted") {
		t.Errorf("tags %v", r.tags("opp-file"))
	}
}

func TestReportWithoutPDFLinksInTheNoteAndAddsNoFile(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.qual.SetPDFReports(false)
	r.reportSettings(backend.ReportSettings{AttachReport: true})
	r.invited("opp-nopdf")
	r.submitted("opp-nopdf", 64)
	r.noteRecordedOnce("opp-nopdf")
	r.fileRecordedOnce("opp-nopdf", sqlite.FileLinked)
	note := r.lev.Notes("opp-nopdf")[0].Value
	if !strings.Contains(note, "Report: "+r.qual.WebURL+"/share/") {
		t.Errorf("note does not link to the shared report:\n%s", note)
	}
	if n := r.lev.Stats().ByRoute["POST /opportunities/:id/files"]; n != 0 {
		t.Errorf("%d file uploads, want none", n)
	}
	found := false
	for _, m := range r.messages(backend.OutcomeSkipped) {
		found = found || strings.Contains(m, "no PDF")
	}
	if !found {
		t.Errorf("no line says Qualified has no PDF: %q", r.messages(backend.OutcomeSkipped))
	}
}

func TestReportFileRefusedByLeverFailsWithALineAndRetryAfterGrantingAddsIt(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.lev.SetFilesPermission(false)
	r.reportSettings(backend.ReportSettings{AttachReport: true})
	r.routed(backend.ArchiveSuggest)
	r.invited("opp-403")
	r.submitted("opp-403", 91)
	r.noteRecordedOnce("opp-403")
	// A refused file holds back neither the results nor the next step.
	r.eventually(30*time.Second, func() bool { return r.routedState("opp-403").MoveState == sqlite.StepDone }, r.describe("opp-403"))
	var failed backend.Activity
	r.eventually(30*time.Second, func() bool {
		for _, a := range r.activity(backend.OutcomeFailed) {
			if a.OpportunityID == "opp-403" && strings.Contains(a.Message, "Files permission") {
				failed = a
				return true
			}
		}
		return false
	}, r.describe("opp-403"))
	if !workflow.Retryable(failed) {
		t.Fatalf("failed line %q offers no Retry", failed.Message)
	}
	if w := r.written("opp-403"); w.FileState != sqlite.FileToDo {
		t.Fatalf("file recorded as %q after a refusal", w.FileState)
	}
	r.lev.SetFilesPermission(true)
	if err := r.eng.RetryActivity(context.Background(), failed.ID); err != nil {
		t.Fatal(err)
	}
	r.fileRecordedOnce("opp-403", sqlite.FileDone)
	if n := len(r.lev.Notes("opp-403")); n != 1 {
		t.Errorf("%d notes after the Retry, want 1", n)
	}
	if m := r.lev.Moves("opp-403"); len(m) != 1 {
		t.Errorf("%d moves after the Retry, want 1", len(m))
	}
}

func TestFeedbackFormWrittenOnceWhenLeverAnswers502AfterStoring(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.reportSettings(backend.ReportSettings{DeliverAs: backend.DeliverFeedback})
	r.invited("opp-fb")
	r.lev.FaultNext("POST", "/opportunities/opp-fb/feedback", 1, levertest.Fault{Status: http.StatusBadGateway})
	r.submitted("opp-fb", 77)
	r.feedbackRecordedOnce("opp-fb")
	if n := r.lev.Stats().ByRoute["POST /opportunities/:id/feedback"]; n != 1 {
		t.Errorf("%d feedback POSTs reached Lever, want 1", n)
	}
}

func TestFeedbackTemplateCreatedOnceWhenItsAnswerIsLost(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.reportSettings(backend.ReportSettings{DeliverAs: backend.DeliverFeedback})
	r.invited("opp-tmpl")
	r.lev.FaultNext("POST", "/feedback_templates", 1, levertest.Fault{Status: http.StatusBadGateway})
	r.submitted("opp-tmpl", 81)
	r.feedbackRecordedOnce("opp-tmpl")
	if n := len(r.lev.FeedbackTemplates()); n != 1 {
		t.Fatalf("%d feedback templates in Lever, want 1", n)
	}
	kept, err := r.db.Setting(context.Background(), sqlite.SettingFeedbackTemplateID)
	if err != nil || kept != r.lev.FeedbackTemplates()[0].ID {
		t.Errorf("kept template id %q (%v), Lever has %q", kept, err, r.lev.FeedbackTemplates()[0].ID)
	}
	// A second candidate uses the same template.
	r.invited("opp-tmpl2")
	r.submitted("opp-tmpl2", 50)
	r.feedbackRecordedOnce("opp-tmpl2")
	if n := len(r.lev.FeedbackTemplates()); n != 1 {
		t.Errorf("%d feedback templates after a second form, want 1", n)
	}
}

// feedbackRecordedOnce waits for id's results to be recorded as a form,
// and checks one form in Lever with the marker, and no note.
func (r *rig) feedbackRecordedOnce(id string) {
	r.t.Helper()
	r.eventually(30*time.Second, func() bool { return r.written(id).FeedbackID != "" }, r.describe(id))
	r.waitIdle()
	forms := r.lev.Feedback(id)
	if len(forms) != 1 {
		r.t.Fatalf("%d feedback forms in Lever, want exactly 1", len(forms))
	}
	inv := r.invitation(id, "Backend Challenge")
	if inv.NoteID != forms[0].ID || r.written(id).FeedbackID != forms[0].ID {
		r.t.Errorf("recorded %q / %q, Lever has %q", inv.NoteID, r.written(id).FeedbackID, forms[0].ID)
	}
	marker := false
	for _, v := range forms[0].Values {
		s, _ := v.Value.(string)
		marker = marker || s == backend.NoteMarker(inv.ResultID)
	}
	if !marker {
		r.t.Errorf("form %+v carries no marker", forms[0].Values)
	}
	if n := len(r.lev.Notes(id)); n != 0 {
		r.t.Errorf("%d notes in feedback mode, want none", n)
	}
	if !r.hasExactly(id, "Backend Challenge - Submitted") {
		r.t.Errorf("tags %v", r.tags(id))
	}
}

func TestNoteTemplateAndIntegrityWrittenAsTheRecruiterSetThem(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.reportSettings(backend.ReportSettings{Integrity: true, NoteTemplate: "{title}: {score} ({verdict})\nIntegrity: {integrity}"})
	res := r.invited("opp-tpl")
	if err := r.qual.SetSimilarityRisk(res.ID, "low", "high"); err != nil {
		t.Fatal(err)
	}
	r.submitted("opp-tpl", 90)
	r.noteRecordedOnce("opp-tpl")
	inv := r.invitation("opp-tpl", "Backend Challenge")
	want := "Backend Challenge: 90% (passed; cut 70%)\nIntegrity: " + backend.IntegritySentence("high") + "\n" + backend.NoteMarker(inv.ResultID)
	if got := r.lev.Notes("opp-tpl")[0].Value; got != want {
		t.Errorf("note:\n%s\nwant:\n%s", got, want)
	}
	if risk, _ := r.db.SimilarityRisk(context.Background(), inv.ID); risk != "high" {
		t.Errorf("stored risk %q, want high", risk)
	}
}
