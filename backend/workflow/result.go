package workflow

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
)

// ResultArgs asks for one Qualified result to be re-read and acted on.
type ResultArgs struct {
	ResultID string `json:"result_id"`
	// Source: "webhook" or "poll".
	Source string `json:"source"`
}

// Kind names the job.
func (ResultArgs) Kind() string { return "result" }

func (e *Engine) workResult(ctx context.Context, job *river.Job[ResultArgs]) error {
	inv, err := e.db.InvitationByResult(ctx, job.Args.ResultID)
	if backend.ErrorCode(err) == backend.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	unlock := e.locks.Lock(inv.OpportunityID)
	defer unlock()
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "result",
		OpportunityID: inv.OpportunityID, InvitationID: inv.ID}
	// Never trust a webhook body: the result is read from Qualified itself.
	r, err := e.provider.Result(ctx, job.Args.ResultID)
	if err != nil {
		return e.retryOrFail(ctx, job.JobRow, act, "Could not read the result from Qualified", err)
	}
	// The line is written with the change it tells of, so neither is seen
	// or kept without the other. A result takes its status and, when it has
	// one, its score.
	after := inv
	after.Status = r.Status
	if r.Score != nil {
		after.Score = r.Score
	}
	act.Outcome, act.Message = backend.OutcomeOK, statusLine(after)
	if job.Args.Source == SourcePoll {
		act.Message += " (found by polling Qualified)"
	}
	changed, err := e.db.ApplyResult(ctx, inv.ID, r, act)
	if err != nil {
		return err
	}
	if changed {
		e.onChange()
	}
	if inv, err = e.db.Invitation(ctx, inv.ID); err != nil {
		return err
	}
	if err := e.syncTags(ctx, job.JobRow, inv); err != nil {
		return err
	}
	if inv.Status == backend.StatusSubmitted && inv.NoteID == "" {
		if inv.Score == nil && r.State == "submitting" {
			// Qualified is still scoring: the note waits for the score.
			return river.JobSnooze(scoringWait)
		}
		return e.postNote(ctx, job.JobRow, inv)
	}
	return nil
}

// scoringWait is how long a note waits while Qualified scores a submission.
const scoringWait = 30 * time.Second

// SourcePoll marks a result found by polling rather than by webhook.
const SourcePoll = "poll"

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

// postNote writes the results on the candidate in Lever, once. It always
// looks for the note's marker among the candidate's notes first: a note
// whose answer was lost (a gateway's 502 after Lever stored it, a timeout, a
// crash) or that a restored backup does not know of is there already, and
// the client never sends a note twice by itself. One read per note is the
// price.
func (e *Engine) postNote(ctx context.Context, row *rivertype.JobRow, inv backend.Invitation) error {
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "note",
		OpportunityID: inv.OpportunityID, InvitationID: inv.ID}
	marker := backend.NoteMarker(inv.ResultID)
	notes, err := e.lever.Notes(ctx, inv.OpportunityID)
	if err != nil {
		return e.retryOrFail(ctx, row, act, "Could not read the candidate's notes from Lever", err)
	}
	for _, n := range notes {
		if strings.Contains(n.Value, marker) {
			return e.noteAdded(ctx, inv, n.ID, act)
		}
	}
	if err := e.db.MarkNoteAttempted(ctx, inv.ID); err != nil {
		return err
	}
	var cut float64
	if a, ok := e.cache.Assessment(ctx, e.provider, inv.AssessmentID); ok {
		cut = a.PassingScore
	}
	performAs, err := e.db.Setting(ctx, "perform_as")
	if err != nil {
		return err
	}
	crashPoint(crashBeforeNote)
	id, err := e.lever.AddNote(ctx, inv.OpportunityID, backend.ResultNote(inv, cut), performAs)
	if err != nil {
		return e.retryOrFail(ctx, row, act, "Could not add the results note in Lever", err)
	}
	crashPoint(crashAfterNote)
	return e.noteAdded(ctx, inv, id, act)
}

// noteAdded records the note that carries the results, with its line.
func (e *Engine) noteAdded(ctx context.Context, inv backend.Invitation, noteID string, act backend.Activity) error {
	act.Outcome, act.Message = backend.OutcomeOK, fmt.Sprintf("%s: results of %s added as a note in Lever.", inv.Candidate.Name, inv.AssessmentTitle)
	if err := e.db.SetNoteID(ctx, inv.ID, noteID, act); err != nil {
		return err
	}
	e.onChange()
	return nil
}
