package workflow

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// LifecycleArgs asks for a Lever event about a candidate (archived or
// unarchived, deleted, hired) to be acted on.
type LifecycleArgs struct {
	OpportunityID string `json:"opportunity_id"`
	Event         string `json:"event"`
	// TriggeredAt is when Lever sent it, in Unix milliseconds: the hire's
	// date when Lever's opportunity does not tell it.
	TriggeredAt int64 `json:"triggered_at"`
}

// Kind names the job.
func (LifecycleArgs) Kind() string { return "lever_lifecycle" }

// acceptLifecycle is what AcceptLever records of a lifecycle event: its
// line, and the job that acts on it (none for Lever's test ping, which
// names no candidate).
func acceptLifecycle(d *lever.Delivery, act *backend.Activity) (river.JobArgs, bool) {
	if d.Data.OpportunityID == "" {
		act.Outcome, act.Message = backend.OutcomeIgnored, fmt.Sprintf("Lever event %q without a candidate (Lever's test button sends one): nothing to do.", d.Event)
		return nil, false
	}
	act.Outcome = backend.OutcomeOK
	switch d.Event {
	case lever.EventCandidateArchiveChange:
		act.Message = "A candidate was archived or unarchived in Lever."
	case lever.EventCandidateDeleted:
		act.Message = "A candidate was deleted in Lever."
	default:
		act.Message = "A candidate was hired in Lever."
	}
	return LifecycleArgs{OpportunityID: d.Data.OpportunityID, Event: d.Event, TriggeredAt: d.TriggeredAt}, true
}

// Crash points of the lifecycle job (see CrashPointEnv).
const (
	crashBeforeArchiveCancel = "before-archive-cancel"
	crashAfterArchiveCancel  = "after-archive-cancel"
)

// CancelOnArchive reports the recruiter's setting: on unless turned off.
func (e *Engine) CancelOnArchive(ctx context.Context) (bool, error) {
	v, err := e.db.Setting(ctx, sqlite.SettingCancelOnArchive)
	return v != "off", err
}

// workLifecycle acts on one Lever event about a candidate, under the
// candidate's lock: an invitation being sent is sent first, then withdrawn.
// Every step may be repeated after a stop: a withdrawal is recorded with
// its line once, and Qualified's cancel may be asked again (it is no error
// for an invitation already withdrawn).
func (e *Engine) workLifecycle(ctx context.Context, job *river.Job[LifecycleArgs]) error {
	e.yieldToWebhooks(ctx)
	a := job.Args
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: lifecycleWord(a.Event), OpportunityID: a.OpportunityID}
	unlock := e.locks.Lock(a.OpportunityID)
	defer unlock()
	if gone, err := e.db.Forgotten(ctx, a.OpportunityID); err != nil {
		return err
	} else if gone {
		act.Outcome, act.Message = backend.OutcomeIgnored, "This candidate was deleted in Lever and is no longer kept: nothing to do."
		e.logActivity(ctx, act)
		return nil
	}
	invs, err := e.db.InvitationsForOpportunity(ctx, a.OpportunityID)
	if err != nil {
		return err
	}
	if len(invs) == 0 {
		// Nothing kept, nothing to withdraw: Lever is not asked.
		act.Outcome, act.Message = backend.OutcomeIgnored, "assessbridge has not invited this candidate: nothing to do."
		e.logActivity(ctx, act)
		return nil
	}
	name := invs[0].Candidate.Name
	ev := lifeEvent{Event: a.Event}
	opp, err := e.lever.Opportunity(ctx, a.OpportunityID)
	switch {
	case notFound(err):
		ev.Gone = true
	case err != nil:
		return forCandidate(name, e.retryOrFail(ctx, job.JobRow, act, "Could not read the candidate from Lever", err))
	default:
		ev.Archived = opp.Archived != nil
	}
	life, err := e.db.Lifecycle(ctx, a.OpportunityID)
	if err != nil {
		return err
	}
	ev.Recorded, ev.HiredRecorded = life.State, !life.HiredAt.IsZero()
	if ev.CancelOnArchive, err = e.CancelOnArchive(ctx); err != nil {
		return err
	}
	for _, inv := range invs {
		ev.Invitations = append(ev.Invitations, lifeInvitation{ID: inv.ID, AssessmentTitle: inv.AssessmentTitle,
			Status: inv.Status, ProviderInvitationID: inv.ProviderInvitationID, AppliedTag: inv.AppliedTag})
	}
	d := decideLifecycle(ev)
	for _, c := range d.Cancels {
		line := act
		line.InvitationID = c.Invitation.ID
		if c.AskQualified {
			crashPoint(crashBeforeArchiveCancel)
			if err := e.provider.Cancel(ctx, c.Invitation.ProviderInvitationID); err != nil && !notFound(err) {
				what := fmt.Sprintf("Could not cancel the invitation to %s in Qualified", c.Invitation.AssessmentTitle)
				return forCandidate(name, e.retryOrFail(ctx, job.JobRow, line, what, err))
			}
			crashPoint(crashAfterArchiveCancel)
		}
		if len(c.RemoveTags) > 0 {
			// Before the cancel is recorded, so that a stop in between
			// asks again (taking off a tag no longer there changes
			// nothing) rather than leaving the tag behind.
			if err := e.removeTags(ctx, a.OpportunityID, c.RemoveTags); err != nil {
				what := fmt.Sprintf("Could not remove the tag %q in Lever", c.Invitation.AppliedTag)
				return forCandidate(name, e.retryOrFail(ctx, job.JobRow, line, what, err))
			}
		}
		line.Outcome, line.Message = backend.OutcomeOK, cancelLine(name, c, d.Reason)
		if _, err := e.db.MarkCancelled(ctx, c.Invitation.ID, d.Reason, c.AskQualified, line); err != nil {
			return err
		}
		if len(c.RemoveTags) > 0 {
			if err := e.db.SetAppliedTag(ctx, c.Invitation.ID, ""); err != nil {
				return err
			}
		}
		e.onChange()
	}
	switch {
	case d.RecordState != "":
		at := e.now()
		if opp != nil && opp.Archived != nil && opp.Archived.ArchivedAt > 0 {
			at = time.UnixMilli(opp.Archived.ArchivedAt)
		}
		act.Outcome, act.Message = backend.OutcomeOK, stateLine(name, d.RecordState, d.Kept)
		if err := e.db.SetArchiveState(ctx, a.OpportunityID, d.RecordState, at, act); err != nil {
			return err
		}
	case d.RecordHired:
		at := time.UnixMilli(a.TriggeredAt)
		if opp != nil && opp.Archived != nil && opp.Archived.ArchivedAt > 0 {
			at = time.UnixMilli(opp.Archived.ArchivedAt)
		}
		act.Outcome, act.Message = backend.OutcomeOK, hiredLine(name, at, len(invs))
		if _, err := e.db.SetHired(ctx, a.OpportunityID, at, act); err != nil {
			return err
		}
	case d.Forget:
		act.Outcome, act.Message = backend.OutcomeOK, fmt.Sprintf("Deleted in Lever: this candidate's %d invitation(s) and personal data were removed; the counts keep them.", len(invs))
		if _, err := e.db.ForgetCandidate(ctx, a.OpportunityID, act); err != nil {
			return err
		}
	case len(d.Cancels) == 0:
		act.Outcome, act.Message = backend.OutcomeIgnored, noLifecycleChange(name, a.Event, d.Kept)
		e.logActivity(ctx, act)
		return nil
	}
	e.onChange()
	return nil
}

// noLifecycleChange is the line of an event that changed nothing.
func noLifecycleChange(name, event, kept string) string {
	if kept != "" {
		return name + ": " + kept
	}
	if event == lever.EventCandidateHired {
		return name + ": the hire was recorded already."
	}
	return name + ": nothing to change; every invitation is settled or was already handled."
}

// lifecycleWord is the activity log's name of a lifecycle event.
func lifecycleWord(event string) string {
	switch event {
	case lever.EventCandidateArchiveChange:
		return "archive"
	case lever.EventCandidateDeleted:
		return "delete"
	}
	return "hired"
}

// lifecycleFailed writes the failed line of a lifecycle job that will not
// be tried again; its Retry queues the event again.
func (e *Engine) lifecycleFailed(ctx context.Context, a LifecycleArgs, err error) error {
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: lifecycleWord(a.Event),
		OpportunityID: a.OpportunityID, Outcome: backend.OutcomeFailed}
	if f, ok := asStep(err); ok {
		act = f.act
		act.Outcome, act.InvitationID = backend.OutcomeFailed, 0
	} else {
		act.Message = fmt.Sprintf("Lever's %q could not be acted on: %s", a.Event, failureReason(err))
	}
	act.Message += " Use Retry to try again."
	return e.db.LogActivity(ctx, act)
}

// lifecycleRetry is the job a failed lifecycle line's Retry queues.
func lifecycleRetry(a backend.Activity) (LifecycleArgs, bool) {
	if a.OpportunityID == "" || a.Kind != backend.KindAction {
		return LifecycleArgs{}, false
	}
	for _, ev := range []string{lever.EventCandidateArchiveChange, lever.EventCandidateDeleted, lever.EventCandidateHired} {
		if a.Event == lifecycleWord(ev) {
			return LifecycleArgs{OpportunityID: a.OpportunityID, Event: ev, TriggeredAt: a.At.UnixMilli()}, true
		}
	}
	return LifecycleArgs{}, false
}

// isLifecycleRetry reports a lifecycle line whose Retry queues the event again.
func isLifecycleRetry(a backend.Activity) bool {
	_, ok := lifecycleRetry(a)
	return ok && a.InvitationID == 0
}
