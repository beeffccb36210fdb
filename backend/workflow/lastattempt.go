package workflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// lastAttempt is River's error handler for the engine: every way a job can
// end without success passes through it (an error of any kind, a timeout, a
// panic), and on the attempt after which River gives up, the work is shown
// to the recruiter as failed, with a Retry. Handlers just return errors.
//
// It is an ErrorHandler rather than a WorkEnd hook because River calls
// WorkEnd hooks only when Work returns: a panic skips them, but reaches
// HandlePanic. A job that ends itself with JobCancel or JobSnooze never
// comes here; the engine's jobs use neither for a failure.
type lastAttempt struct{ e *Engine }

// HandleError records the failure when the job will not be tried again:
// its attempts are spent, or the answer was one that retrying will not
// change (then the job is also cancelled at once).
func (h lastAttempt) HandleError(ctx context.Context, job *rivertype.JobRow, err error) *river.ErrorHandlerResult {
	if !recorded(job.Kind) {
		return nil
	}
	perm := permanent(err)
	if job.Attempt < job.MaxAttempts && !perm {
		return nil
	}
	h.e.jobFailed(context.WithoutCancel(ctx), job, err)
	return &river.ErrorHandlerResult{SetCancelled: perm}
}

// HandlePanic records a job that panicked on its last attempt.
func (h lastAttempt) HandlePanic(ctx context.Context, job *rivertype.JobRow, panicVal any, trace string) *river.ErrorHandlerResult {
	if !recorded(job.Kind) || job.Attempt < job.MaxAttempts {
		return nil
	}
	h.e.jobFailed(context.WithoutCancel(ctx), job, internalError{panicVal})
	return nil
}

// recorded reports whether a job kind does work for a candidate, whose
// failure the recruiter must see. The periodic safety nets simply run again.
func recorded(kind string) bool {
	switch kind {
	case InviteArgs{}.Kind(), ResultArgs{}.Kind(), StageChangeArgs{}.Kind(), StageChangesArgs{}.Kind(), LifecycleArgs{}.Kind(), ArchiveArgs{}.Kind():
		return true
	}
	return false
}

// stepFailure is a call to Lever or Qualified that failed, with the line
// that tells of it.
type stepFailure struct {
	act  backend.Activity
	what string
	err  error
}

func (f *stepFailure) Error() string { return f.what + ": " + f.err.Error() }
func (f *stepFailure) Unwrap() error { return f.err }

// asStep finds the failed call behind a job's error.
func asStep(err error) (*stepFailure, bool) {
	var f *stepFailure
	return f, errors.As(err, &f)
}

// candidateFailure is a job's error with the name of the candidate it was
// for, learnt from Lever before it failed, so that its line can name them.
type candidateFailure struct {
	name string
	err  error
}

func (f *candidateFailure) Error() string { return f.err.Error() }
func (f *candidateFailure) Unwrap() error { return f.err }

// forCandidate names the candidate behind err (nil stays nil).
func forCandidate(name string, err error) error {
	if err == nil {
		return nil
	}
	return &candidateFailure{name: name, err: err}
}

// internalError is a job that panicked: a bug in assessbridge.
type internalError struct{ v any }

func (p internalError) Error() string { return fmt.Sprintf("panic: %v", p.v) }

// jobFailed writes the failure of a job that will not be tried again. When
// the database refuses this too, the work stays unfinished with its job
// ended: the sweep finds an invitation's again (see workSweep), the
// catch-up a stage change's while it is within its window.
func (e *Engine) jobFailed(ctx context.Context, job *rivertype.JobRow, err error) {
	var werr error
	switch job.Kind {
	case InviteArgs{}.Kind():
		var a InviteArgs
		if werr = json.Unmarshal(job.EncodedArgs, &a); werr == nil {
			werr = e.inviteFailed(ctx, a.InvitationID, err)
		}
	case ResultArgs{}.Kind():
		var a ResultArgs
		if werr = json.Unmarshal(job.EncodedArgs, &a); werr == nil {
			werr = e.resultFailed(ctx, a.ResultID, err)
		}
	case StageChangeArgs{}.Kind():
		var a StageChangeArgs
		if werr = json.Unmarshal(job.EncodedArgs, &a); werr == nil {
			werr = e.stageChangeFailed(ctx, a, err)
		}
	case LifecycleArgs{}.Kind():
		var a LifecycleArgs
		if werr = json.Unmarshal(job.EncodedArgs, &a); werr == nil {
			werr = e.lifecycleFailed(ctx, a, err)
		}
	case ArchiveArgs{}.Kind():
		var a ArchiveArgs
		if werr = json.Unmarshal(job.EncodedArgs, &a); werr == nil {
			werr = e.archiveFailed(ctx, a.InvitationID, err)
		}
	case StageChangesArgs{}.Kind():
		var a StageChangesArgs
		if werr = json.Unmarshal(job.EncodedArgs, &a); werr == nil {
			for _, c := range a.Changes {
				werr = errors.Join(werr, e.stageChangeFailed(ctx, c, err))
			}
		}
	}
	if werr != nil {
		e.log.Error("a job that failed for good could not be shown as failed; the sweep or the catch-up takes its work up again",
			"kind", job.Kind, "job", job.ID, "err", err, "record_err", werr)
		return
	}
	e.onChange()
}

// inviteFailed marks a pending invitation failed; an invitation already
// sent had only its tag left to set, and gets a failed line of its own.
func (e *Engine) inviteFailed(ctx context.Context, id int64, err error) error {
	inv, ierr := e.db.Invitation(ctx, id)
	if ierr != nil {
		return unlessGone(ierr)
	}
	act := lineFor(inv, "invite", err)
	if inv.Status == backend.StatusPending || inv.Status == backend.StatusFailed {
		reason := failureReason(err)
		act.Message = notInvited(inv.Candidate.Name, inv.AssessmentTitle, reason)
		return e.db.MarkFailed(ctx, inv.ID, reason, act)
	}
	if _, ok := asStep(err); !ok {
		act.Event = "tags"
		act.Message = fmt.Sprintf("%s: not tagged for %s. %s", inv.Candidate.Name, inv.AssessmentTitle, failureReason(err))
	}
	return e.db.LogActivity(ctx, act)
}

// resultFailed writes a failed line for a result whose status, tag or note
// could not be brought up to date; its Retry reads the result again.
func (e *Engine) resultFailed(ctx context.Context, resultID string, err error) error {
	inv, ierr := e.db.InvitationByResult(ctx, resultID)
	if ierr != nil {
		return unlessGone(ierr)
	}
	act := lineFor(inv, "result", err)
	if _, ok := asStep(err); !ok {
		act.Message = notCarried(inv, failureReason(err))
	}
	return e.db.LogActivity(ctx, act)
}

// notCarried is the line of a result whose status, tag or note could not be
// brought up to date.
func notCarried(inv backend.Invitation, reason string) string {
	return fmt.Sprintf("%s: the result of %s was not carried to Lever (status, tag and note). %s", inv.Candidate.Name, inv.AssessmentTitle, reason)
}

// unlessGone is err, or nil when err says that what the work was for is
// gone: nothing is left to do or to show.
func unlessGone(err error) error {
	if backend.ErrorCode(err) == backend.ENOTFOUND {
		return nil
	}
	return err
}

// stageChangeFailed writes a failed line for a move into a trigger stage
// that could not be decided; its Retry decides it again.
func (e *Engine) stageChangeFailed(ctx context.Context, a StageChangeArgs, err error) error {
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "stage change",
		OpportunityID: a.OpportunityID, StageID: a.StageID, Outcome: backend.OutcomeFailed}
	if f, ok := asStep(err); ok {
		act.Message = f.act.Message
	}
	var name string
	if c := (*candidateFailure)(nil); errors.As(err, &c) {
		name = c.name
	}
	if name == "" {
		name, _ = e.db.CandidateName(ctx, a.OpportunityID)
	}
	if name == "" {
		name = "Candidate " + a.OpportunityID
	}
	stage := a.StageID
	if t, err := e.db.TriggerStage(ctx, a.StageID); err == nil {
		stage = stageName(t)
	}
	reason := failureReason(err)
	if act.Message == "" {
		act.Message = fmt.Sprintf("%s: entered %s, but nothing was decided. %s", name, stage, reason)
	} else {
		act.Message = fmt.Sprintf("%s: entered %s, but nothing was decided. %s.", name, stage, act.Message)
	}
	return e.db.LogActivity(ctx, act)
}

// lineFor is the failed line of a job for an invitation: the one the
// failed call described, or a new one.
func lineFor(inv backend.Invitation, event string, err error) backend.Activity {
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: event,
		OpportunityID: inv.OpportunityID, InvitationID: inv.ID}
	if f, ok := asStep(err); ok {
		act = f.act
		act.OpportunityID, act.InvitationID = inv.OpportunityID, inv.ID
	}
	act.Outcome = backend.OutcomeFailed
	return act
}

// failureReason says, in the recruiter's words, why work stopped and when
// to press Retry.
func failureReason(err error) string {
	var p internalError
	switch f, ok := asStep(err); {
	case ok:
		return f.Error()
	case sqlite.IsBusy(err):
		return "assessbridge could not save its work: another program kept its database locked. It will not try again by itself; press Retry once that program has let go of the database."
	case sqlite.IsFull(err):
		return "assessbridge could not save its work: the disk or the database is full. It will not try again by itself; press Retry once there is room on the disk."
	case sqlite.IsDatabaseError(err):
		return fmt.Sprintf("assessbridge could not save its work in its database (%v). It will not try again by itself; press Retry once the database is working again.", err)
	case errors.Is(err, context.DeadlineExceeded):
		return "The step took too long and was stopped. assessbridge will not try again by itself; press Retry to try once more."
	case errors.As(err, &p):
		return fmt.Sprintf("assessbridge ran into an internal error (%v). It will not try again by itself; press Retry to try once more.", p.v)
	}
	return fmt.Sprintf("%v. assessbridge will not try again by itself; press Retry to try once more.", err)
}
