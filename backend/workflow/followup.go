package workflow

import (
	"fmt"
	"strings"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
)

// The rules that follow an invitation once it is sent: which tags its status
// calls for, and when its results become a note in Lever. Plain values in
// and out; the jobs in tags.go and result.go do the calls.

// tagChange is what brings the candidate's tag for one assessment in line
// with the invitation's status: the tag to add, then the ones it replaces,
// so the candidate is never without one. It reports false when the tag is
// already in place or the status calls for none.
func tagChange(inv backend.Invitation) (add string, remove []string, due bool) {
	add = backend.TagFor(inv.AssessmentTitle, inv.Status)
	if add == "" || add == inv.AppliedTag {
		return "", nil, false
	}
	remove = backend.TagsReplacedBy(inv.AssessmentTitle, inv.Status)
	// The candidate's own tag that named the assessment gives way too; a
	// job's tag belongs to every candidate for the job and is left alone.
	if inv.TagPlace == backend.TagOnCandidate && inv.MatchedTag != "" && inv.MatchedTag != add {
		remove = append([]string{inv.MatchedTag}, remove...)
	}
	return add, remove, true
}

// tagBehind reports an invitation whose tag in Lever is not yet the one its
// status calls for.
func tagBehind(inv backend.Invitation) bool {
	return inv.AppliedTag != backend.TagFor(inv.AssessmentTitle, inv.Status)
}

// noteStep is what the results note of an invitation needs next.
type noteStep int

const (
	// noteNone: no note is due (not submitted), or it is written already.
	noteNone noteStep = iota
	// noteWait: submitted, but Qualified is still scoring; the note waits
	// for the score, so that no recruiter reads 0% for a candidate not yet
	// scored.
	noteWait
	// noteWrite: the note is due.
	noteWrite
)

// nextNote says what inv's note needs, given the result just read.
func nextNote(inv backend.Invitation, r backend.Result) noteStep {
	switch {
	case inv.Status != backend.StatusSubmitted || inv.NoteID != "":
		return noteNone
	case inv.Score == nil && r.State == "submitting":
		return noteWait
	}
	return noteWrite
}

// writtenNote finds a result's note among the candidate's notes in Lever by
// its marker: a note whose answer was lost, or that a restored backup does
// not know of, is there already and is not written again.
func writtenNote(notes []lever.Note, resultID string) (id string, found bool) {
	marker := backend.NoteMarker(resultID)
	for _, n := range notes {
		if strings.Contains(n.Value, marker) {
			return n.ID, true
		}
	}
	return "", false
}

// resultLine is the activity line of a result read from Qualified: inv as
// it becomes with r (its status and, when r has one, its score).
func resultLine(inv backend.Invitation, r backend.Result, source string) string {
	inv.Status = r.Status
	if r.Score != nil {
		inv.Score = r.Score
	}
	line := statusLine(inv)
	if r.Status == backend.StatusClosed && r.ClosedReason == backend.ClosedInvitationCanceled {
		// Closed by a cancel (ours, or one made in Qualified), not left unfinished.
		line = fmt.Sprintf("%s's invitation to %s was cancelled.", inv.Candidate.Name, inv.AssessmentTitle)
	}
	if source == SourcePoll {
		line += " (found by polling Qualified)"
	}
	return line
}

func statusLine(inv backend.Invitation) string {
	switch inv.Status {
	case backend.StatusStarted:
		return fmt.Sprintf("%s started %s.", inv.Candidate.Name, inv.AssessmentTitle)
	case backend.StatusSubmitted:
		s := fmt.Sprintf("%s submitted %s", inv.Candidate.Name, inv.AssessmentTitle)
		if inv.Score != nil {
			s += fmt.Sprintf(": %.0f%%", *inv.Score)
		}
		return s + "."
	case backend.StatusClosed:
		return fmt.Sprintf("%s's %s was closed without a submission.", inv.Candidate.Name, inv.AssessmentTitle)
	}
	return fmt.Sprintf("%s: %s is %s.", inv.Candidate.Name, inv.AssessmentTitle, inv.Status)
}

// writtenFile finds the report's file among the candidate's files in Lever
// by its name, which carries the result id: a file whose upload answer was
// lost is there already and is not added again.
func writtenFile(files []lever.File, name string) (id string, found bool) {
	for _, f := range files {
		if f.Name == name {
			return f.ID, true
		}
	}
	return "", false
}

// writtenFeedback finds a result's feedback form among the candidate's
// forms in Lever by the marker in one of its values.
func writtenFeedback(forms []lever.Feedback, resultID string) (id string, found bool) {
	marker := backend.NoteMarker(resultID)
	for _, f := range forms {
		if f.Contains(marker) {
			return f.ID, true
		}
	}
	return "", false
}

// ownTemplate finds assessbridge's feedback template among the account's:
// by the id kept, else by its name (one created by an answer that was lost).
func ownTemplate(all []lever.FeedbackTemplate, keptID string) (lever.FeedbackTemplate, bool) {
	if keptID != "" {
		for _, t := range all {
			if t.ID == keptID {
				return t, true
			}
		}
	}
	for _, t := range all {
		if t.Text == backend.FeedbackTemplateName {
			return t, true
		}
	}
	return lever.FeedbackTemplate{}, false
}

// newFeedbackTemplate is assessbridge's feedback template, one field per
// line of the results.
func newFeedbackTemplate() lever.FeedbackTemplate {
	t := lever.FeedbackTemplate{Text: backend.FeedbackTemplateName,
		Instructions: "Filled in by assessbridge when a candidate submits a Qualified assessment."}
	for _, title := range backend.FeedbackFieldTitles {
		f := lever.FeedbackField{Type: "text", Text: title}
		switch title {
		case "Challenges", "Integrity":
			f.Type = "textarea"
		case "Reference":
			f.Description = "How assessbridge finds this form again; leave it as it is."
		}
		t.Fields = append(t.Fields, f)
	}
	return t
}

// feedbackValues fills template t's fields with facts, field by field by
// title. A template missing one of the fields (changed by hand in Lever)
// cannot carry the marker, and is an error.
func feedbackValues(t lever.FeedbackTemplate, facts backend.ReportFacts) ([]lever.FieldValue, error) {
	values := backend.FeedbackValues(facts)
	out := make([]lever.FieldValue, 0, len(values))
	for i, title := range backend.FeedbackFieldTitles {
		id := ""
		for _, f := range t.Fields {
			if f.Text == title {
				id = f.ID
				break
			}
		}
		if id == "" {
			return nil, backend.Errorf(backend.EINVALID, "the feedback template %q in Lever has no field %q; restore it, or delete the template so assessbridge makes it again", t.Text, title)
		}
		out = append(out, lever.FieldValue{ID: id, Value: values[i]})
	}
	return out, nil
}
