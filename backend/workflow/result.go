package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
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
	inv, unlock, err := e.lockInvitation(ctx, func() (backend.Invitation, error) { return e.db.InvitationByResult(ctx, job.Args.ResultID) })
	if inv == nil {
		return err
	}
	defer unlock()
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "result",
		OpportunityID: inv.OpportunityID, InvitationID: inv.ID}
	// Never trust a webhook body: the result is read from Qualified itself.
	r, err := e.provider.Result(ctx, job.Args.ResultID)
	if err != nil {
		return e.retryOrFail(ctx, job.JobRow, act, "Could not read the result from Qualified", err)
	}
	// The line is written with the change it tells of, so neither is seen
	// or kept without the other.
	act.Outcome, act.Message = backend.OutcomeOK, resultLine(*inv, r, job.Args.Source)
	changed, err := e.db.ApplyResult(ctx, inv.ID, r, act)
	if err != nil {
		return err
	}
	if changed {
		e.onChange()
	}
	after, err := e.db.Invitation(ctx, inv.ID)
	if err != nil {
		return err
	}
	if err := e.syncTags(ctx, job.JobRow, after); err != nil {
		return err
	}
	switch nextNote(after, r) {
	case noteWait:
		return river.JobSnooze(scoringWait)
	case noteWrite:
		if err := e.writeResults(ctx, job.JobRow, after); err != nil {
			return err
		}
		if after, err = e.db.Invitation(ctx, inv.ID); err != nil {
			return err
		}
	}
	// The note (or form) first, then routing, then the report's file: a
	// file Lever refuses (no Files permission) holds back neither the
	// results nor the candidate's next step.
	if err := e.routeSubmission(ctx, job.JobRow, after); err != nil {
		return err
	}
	if after, err = e.db.Invitation(ctx, inv.ID); err != nil {
		return err
	}
	return e.attachReport(ctx, job.JobRow, after)
}

// lockInvitation reads an invitation and takes its opportunity's lock. A nil
// invitation (with the read's error, or none when it is gone) means there
// is nothing to do; otherwise the caller calls unlock.
func (e *Engine) lockInvitation(ctx context.Context, read func() (backend.Invitation, error)) (*backend.Invitation, func(), error) {
	inv, err := read()
	if err != nil {
		return nil, nil, unlessGone(err)
	}
	unlock := e.locks.Lock(inv.OpportunityID)
	// Read again under the lock: a job that held it may have moved the
	// invitation on (a second go gives it a new result, so a late job of the
	// old result finds nothing and must not apply it).
	if inv, err = read(); err != nil {
		unlock()
		return nil, nil, unlessGone(err)
	}
	return &inv, unlock, nil
}

// lockedInvitation takes the lock of invitation id's opportunity and reads
// the invitation again under it: another job may have moved it on
// meanwhile. A nil unlock means there is nothing to do (the invitation is
// gone) or err says why not.
func (e *Engine) lockedInvitation(ctx context.Context, id int64) (backend.Invitation, func(), error) {
	inv, unlock, err := e.lockInvitation(ctx, func() (backend.Invitation, error) { return e.db.Invitation(ctx, id) })
	if inv == nil {
		return backend.Invitation{}, nil, err
	}
	return *inv, unlock, nil
}

// scoringWait is how long a note waits while Qualified scores a submission.
const scoringWait = 30 * time.Second

// SourcePoll marks a result found by polling rather than by webhook.
const SourcePoll = "poll"

// postNote writes the results note (rendered from the assessment's
// template, report.go) on the candidate in Lever, once. It always
// looks for the note's marker among the candidate's notes first (see
// writtenNote), and the client never sends a note twice by itself. One read
// per note is the price.
func (e *Engine) postNote(ctx context.Context, row *rivertype.JobRow, inv backend.Invitation, note string) error {
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "note",
		OpportunityID: inv.OpportunityID, InvitationID: inv.ID}
	notes, err := e.lever.Notes(ctx, inv.OpportunityID)
	if err != nil {
		return e.retryOrFail(ctx, row, act, "Could not read the candidate's notes from Lever", err)
	}
	if id, found := writtenNote(notes, inv.ResultID); found {
		return e.noteAdded(ctx, inv, id, act)
	}
	if err := e.db.MarkNoteAttempted(ctx, inv.ID); err != nil {
		return err
	}
	performAs, err := e.db.Setting(ctx, sqlite.SettingPerformAs)
	if err != nil {
		return err
	}
	crashPoint(crashBeforeNote)
	id, err := e.lever.AddNote(ctx, inv.OpportunityID, note, performAs)
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
