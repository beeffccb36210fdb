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
