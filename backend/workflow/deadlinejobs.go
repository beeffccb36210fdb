package workflow

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// ExpireArgs looks for invitations past their deadline without a
// submission and marks each expired (periodic, every SweepInterval).
type ExpireArgs struct{}

// Kind names the job.
func (ExpireArgs) Kind() string { return "expire" }

// ActionArgs carries out one click of the recruiter on an invitation.
type ActionArgs struct {
	ActionID int64 `json:"action_id"`
}

// Kind names the job.
func (ActionArgs) Kind() string { return "invitation_action" }

// InsertOpts makes a click one job, however often it is queued.
func (ActionArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// addDeadlineWorkers registers the deadline jobs and their periodic sweep.
func (e *Engine) addDeadlineWorkers(workers *river.Workers) {
	river.AddWorker(workers, river.WorkFunc(e.workExpire))
	river.AddWorker(workers, river.WorkFunc(e.workAction))
}

// SaveDeadlineRule sets an assessment's deadline rule, with a line in the
// activity log.
func (e *Engine) SaveDeadlineRule(ctx context.Context, r sqlite.DeadlineRule, title string) error {
	msg := fmt.Sprintf("Deadlines for %s: off.", title)
	switch {
	case r.QualifiedDefaults:
		msg = fmt.Sprintf("Deadlines for %s: Qualified's own expiry and reminder for this assessment.", title)
	case r.On():
		msg = fmt.Sprintf("Deadlines for %s: expire after %d days, remind after %d days (0: none).", title, r.ExpireDays, r.RemindDays)
	}
	err := e.db.SaveDeadlineRule(ctx, r, backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "deadline_rule",
		Outcome: backend.OutcomeOK, Message: msg})
	if err == nil {
		e.onChange()
	}
	return err
}

// DeadlineRules lists the rules that are set.
func (e *Engine) DeadlineRules(ctx context.Context) ([]sqlite.DeadlineRule, error) {
	return e.db.DeadlineRules(ctx)
}

// Deadlines returns the deadlines of the invitations ids.
func (e *Engine) Deadlines(ctx context.Context, ids []int64) (map[int64]sqlite.Deadline, error) {
	return e.db.Deadlines(ctx, ids)
}

// QueueActions records one click per invitation and queues its job;
// an invitation the action does not fit is skipped, with the reason.
func (e *Engine) QueueActions(ctx context.Context, action string, ids []int64, days int) (queued []int64, skipped map[int64]string, err error) {
	skipped = map[int64]string{}
	marks, err := e.db.Deadlines(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	for _, id := range ids {
		inv, err := e.db.Invitation(ctx, id)
		if err != nil {
			skipped[id] = backend.ErrorMessage(err)
			continue
		}
		if ok, why := actionAllowed(action, inv.Status, !marks[id].CameBackAt.IsZero()); !ok {
			skipped[id] = fmt.Sprintf("%s: %s.", inv.Candidate.Name, why)
			continue
		}
		_, err = e.db.NewInvitationAction(ctx, id, action, days, func(tx *sql.Tx, aid int64) error {
			_, err := e.river.InsertTx(ctx, tx, ActionArgs{ActionID: aid}, nil)
			return err
		})
		if err != nil {
			return queued, skipped, err
		}
		queued = append(queued, id)
	}
	e.onChange()
	return queued, skipped, nil
}

func (e *Engine) workExpire(ctx context.Context, _ *river.Job[ExpireArgs]) error {
	now := e.now()
	due, err := e.db.PastDeadline(ctx, now)
	if err != nil {
		return err
	}
	marks, err := e.db.Deadlines(ctx, ids(due))
	if err != nil {
		return err
	}
	behind, err := e.db.ExpiredTagsBehind(ctx)
	if err != nil {
		return err
	}
	for _, inv := range behind {
		if err := e.expire(ctx, inv.ID, "earlier"); err != nil {
			e.log.Warn("expire", "invitation", inv.ID, "err", err)
		}
	}
	for _, inv := range due {
		if !expiryDue(inv.Status, marks[inv.ID].ExpiresAt, now) {
			continue
		}
		if err := e.expire(ctx, inv.ID, marks[inv.ID].ExpiresAt.Format("2 Jan 2006 15:04 MST")); err != nil {
			e.log.Warn("expire", "invitation", inv.ID, "err", err)
		}
	}
	return nil
}

// expire marks one invitation expired and moves its tag. A tag Lever did
// not take is tried again by the next round (the status is recorded, and
// expired invitations whose tag is behind are looked at again).
func (e *Engine) expire(ctx context.Context, id int64, when string) error {
	inv, unlock, err := e.lockedInvitation(ctx, id)
	if unlock == nil {
		return err
	}
	defer unlock()
	line := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "expire", OpportunityID: inv.OpportunityID,
		InvitationID: inv.ID, Outcome: backend.OutcomeOK,
		Message: fmt.Sprintf("%s did not hand in %s by its deadline (%s): marked expired.", inv.Candidate.Name, inv.AssessmentTitle, when)}
	if _, err := e.db.SetStatus(ctx, inv.ID, []backend.Status{backend.StatusInvited, backend.StatusStarted}, backend.StatusExpired, "deadline passed", line); err != nil {
		return err
	}
	e.onChange()
	if inv, err = e.db.Invitation(ctx, id); err != nil {
		return err
	}
	if inv.Status != backend.StatusExpired {
		return nil
	}
	if err := e.suggestArchivingExpired(ctx, inv); err != nil {
		return err
	}
	add, remove, due := tagChange(inv)
	if !due {
		return nil
	}
	return e.retagAction(ctx, inv, add, remove)
}

func ids(invs []backend.Invitation) []int64 {
	out := make([]int64, len(invs))
	for i, inv := range invs {
		out[i] = inv.ID
	}
	return out
}

func (e *Engine) workAction(ctx context.Context, job *river.Job[ActionArgs]) error {
	a, err := e.db.InvitationActionByID(ctx, job.Args.ActionID)
	if err != nil {
		return unlessGone(err)
	}
	if nextActionStep(a) == stepNone {
		return nil
	}
	// Read both again under the lock: the click may be dealt with already.
	inv, unlock, err := e.lockedInvitation(ctx, a.InvitationID)
	if unlock == nil {
		return err
	}
	defer unlock()
	if a, err = e.db.InvitationActionByID(ctx, a.ID); err != nil {
		return err
	}
	step := nextActionStep(a)
	if step == stepNone {
		return nil
	}
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: a.Action, OpportunityID: inv.OpportunityID, InvitationID: inv.ID}
	end := func(state string, outcome backend.Outcome, msg string) error {
		act.Outcome, act.Message = outcome, msg
		if err := e.db.SetActionState(ctx, a.ID, state, msg, act); err != nil {
			return err
		}
		e.onChange()
		return nil
	}
	who := inv.Candidate.Name
	if step == stepCall {
		marks, err := e.db.Deadlines(ctx, []int64{inv.ID})
		if err != nil {
			return err
		}
		if ok, why := actionAllowed(a.Action, inv.Status, !marks[inv.ID].CameBackAt.IsZero()); !ok {
			return end("failed", backend.OutcomeSkipped, fmt.Sprintf("%s: nothing done: %s.", who, why))
		}
		if a.Action == ActionCancel && inv.Status == backend.StatusPending {
			// Not sent yet: withdrawn here, and the invite job, which looks
			// at the status under the same lock, sends nothing.
			line := act
			line.Outcome, line.Message = backend.OutcomeOK, fmt.Sprintf("Cancelled %s's invitation to %s before it was sent.", who, inv.AssessmentTitle)
			if _, err := e.db.SetStatus(ctx, inv.ID, []backend.Status{backend.StatusPending}, backend.StatusClosed, "cancelled", line); err != nil {
				return err
			}
			return end("done", backend.OutcomeOK, "Cancelled before it was sent.")
		}
		if err := e.db.SetActionState(ctx, a.ID, "calling", ""); err != nil {
			return err
		}
	}
	switch a.Action {
	case ActionResend:
		return e.resend(ctx, job, inv, step, end)
	case ActionCancel:
		return e.cancel(ctx, job, inv, end)
	default:
		return e.invitAgain(ctx, job, inv, a, end)
	}
}

type endAction func(state string, outcome backend.Outcome, msg string) error

// resend e-mails the invitation again, once per click: a click whose call
// was made and whose answer is not recorded is never sent again.
func (e *Engine) resend(ctx context.Context, job *river.Job[ActionArgs], inv backend.Invitation, step actionStep, end endAction) error {
	who := inv.Candidate.Name
	if step == stepLook {
		return end("unsure", backend.OutcomeSkipped, fmt.Sprintf("%s: Qualified may have sent the invitation to %s again; "+
			"it is not sent a second time, so that %s is never e-mailed twice. Resend once more if they did not receive it.",
			who, inv.AssessmentTitle, who))
	}
	first, last := splitName(who)
	crashPoint("before-resend")
	_, err := e.provider.Resend(ctx, backend.InviteRequest{AssessmentID: inv.AssessmentID, Email: inv.Candidate.Email,
		FirstName: first, LastName: last, AlternateID: inv.OpportunityID})
	crashPoint("after-resend")
	switch {
	case err == nil:
		return end("done", backend.OutcomeOK, fmt.Sprintf("Sent %s <%s> the invitation to %s again.", who, inv.Candidate.Email, inv.AssessmentTitle))
	case permanent(err) || backend.KindOf(err) == backend.FailureNeedsReconnect:
		// Qualified refused: nothing was sent.
		return end("failed", backend.OutcomeFailed, fmt.Sprintf("%s: Qualified did not send the invitation to %s again: %v", who, inv.AssessmentTitle, err))
	}
	return end("unsure", backend.OutcomeFailed, fmt.Sprintf("%s: Qualified's answer to the resend of %s was lost (%v); it may have been sent. "+
		"It is not sent a second time, so that %s is never e-mailed twice.", who, inv.AssessmentTitle, err, who))
}

// failOrRetry ends a cancel or a second go whose call failed: tried again
// while a retry may help (Qualified answers a repeat of either as the
// first), else failed, with a line.
func (e *Engine) failOrRetry(job *river.Job[ActionArgs], end endAction, what string, err error) error {
	if !permanent(err) && job.Attempt < job.MaxAttempts {
		return err
	}
	return end("failed", backend.OutcomeFailed, fmt.Sprintf("%s: %v. Nothing was changed here; try again from the dashboard.", what, err))
}

// cancel withdraws the invitation in Qualified, then here, then its tag in
// Lever: the status tag goes and none takes its place.
func (e *Engine) cancel(ctx context.Context, job *river.Job[ActionArgs], inv backend.Invitation, end endAction) error {
	who := inv.Candidate.Name
	if inv.Status != backend.StatusClosed {
		if err := e.provider.Cancel(ctx, inv.ProviderInvitationID); err != nil && !notFound(err) {
			return e.failOrRetry(job, end, fmt.Sprintf("%s: Qualified did not cancel the invitation to %s", who, inv.AssessmentTitle), err)
		}
		crashPoint("after-cancel")
		line := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "cancel", OpportunityID: inv.OpportunityID,
			InvitationID: inv.ID, Outcome: backend.OutcomeOK,
			Message: fmt.Sprintf("Cancelled %s's invitation to %s in Qualified.", who, inv.AssessmentTitle)}
		if _, err := e.db.SetStatus(ctx, inv.ID, []backend.Status{backend.StatusInvited, backend.StatusStarted, backend.StatusExpired},
			backend.StatusClosed, "cancelled", line); err != nil {
			return err
		}
		e.onChange()
	}
	if remove := cancelTags(inv.AppliedTag); len(remove) > 0 {
		if err := e.retagAction(ctx, inv, "", remove); err != nil {
			return e.failOrRetry(job, end, fmt.Sprintf("%s: could not remove the tag %q in Lever", who, inv.AppliedTag), err)
		}
	}
	return end("done", backend.OutcomeOK, fmt.Sprintf("%s: invitation to %s cancelled; tag %q removed.", who, inv.AssessmentTitle, inv.AppliedTag))
}

// invitAgain gives the candidate a second go (Qualified's retry_action
// "retake"), with the rule's deadline or a.Days.
func (e *Engine) invitAgain(ctx context.Context, job *river.Job[ActionArgs], inv backend.Invitation, a sqlite.InvitationAction, end endAction) error {
	who := inv.Candidate.Name
	rule, err := e.db.DeadlineRule(ctx, inv.AssessmentID)
	if err != nil {
		return err
	}
	if a.Days > 0 {
		rule = sqlite.DeadlineRule{ExpireDays: a.Days}
	}
	first, last := splitName(who)
	req := deadlineRequest(rule, e.now(), backend.InviteRequest{AssessmentID: inv.AssessmentID, Email: inv.Candidate.Email,
		FirstName: first, LastName: last, AlternateID: inv.OpportunityID})
	p, err := e.provider.Retry(ctx, req, backend.RetryRetake)
	if err != nil {
		return e.failOrRetry(job, end, fmt.Sprintf("%s: Qualified did not invite again to %s", who, inv.AssessmentTitle), err)
	}
	crashPoint("after-retry")
	due := "no deadline"
	if !p.ExpiresAt.IsZero() {
		due = "due " + p.ExpiresAt.Format("2 Jan 2006")
	}
	line := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "retry", OpportunityID: inv.OpportunityID,
		InvitationID: inv.ID, Outcome: backend.OutcomeOK,
		Message: fmt.Sprintf("Invited %s <%s> to %s again, for a second go (%s).", who, inv.Candidate.Email, inv.AssessmentTitle, due)}
	if err := e.db.MarkReinvited(ctx, inv.ID, p, line); err != nil {
		return err
	}
	e.onChange()
	add, remove := reinviteTags(inv.AssessmentTitle)
	if err := e.retagAction(ctx, inv, add, remove); err != nil {
		return e.failOrRetry(job, end, fmt.Sprintf("%s: could not tag %q in Lever", who, add), err)
	}
	return end("done", backend.OutcomeOK, fmt.Sprintf("%s: invited to %s again (%s).", who, inv.AssessmentTitle, due))
}

// retagAction adds add (when set) and removes remove on the candidate, and
// records the status tag now on them.
func (e *Engine) retagAction(ctx context.Context, inv backend.Invitation, add string, remove []string) error {
	if add != "" {
		performAs, err := e.db.Setting(ctx, sqlite.SettingPerformAs)
		if err != nil {
			return err
		}
		if err := e.lever.AddTags(ctx, inv.OpportunityID, []string{add}, performAs); err != nil && !notFound(err) {
			return err
		}
	}
	if err := e.removeTags(ctx, inv.OpportunityID, remove); err != nil {
		return err
	}
	return e.db.SetAppliedTag(ctx, inv.ID, add)
}

// removeTags takes tags off a candidate in Lever; a candidate Lever no
// longer has has none to take off.
func (e *Engine) removeTags(ctx context.Context, opportunityID string, remove []string) error {
	performAs, err := e.db.Setting(ctx, sqlite.SettingPerformAs)
	if err != nil {
		return err
	}
	if err := e.lever.RemoveTags(ctx, opportunityID, remove, performAs); err != nil && !notFound(err) {
		return err
	}
	return nil
}

// markCameBack records an invited candidate's new entry into a trigger
// stage, with a line: the rule stays one invitation per candidate and
// assessment, and the recruiter may invite again.
func (e *Engine) markCameBack(ctx context.Context, opportunityID string, at time.Time) error {
	if at.IsZero() {
		return nil
	}
	n, err := e.db.MarkCameBack(ctx, opportunityID, at)
	if err != nil || n == 0 {
		return err
	}
	e.logActivity(ctx, backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "came_back", OpportunityID: opportunityID,
		Outcome: backend.OutcomeOK, Message: "Came back to a trigger stage after being invited: not invited twice; \"Invite again\" is offered on the dashboard."})
	return nil
}

// ExpireNow queues a look for invitations past their deadline now, rather
// than at the next round.
func (e *Engine) ExpireNow(ctx context.Context) error {
	_, err := e.river.Insert(ctx, ExpireArgs{}, nil)
	return err
}

// suggestArchivingExpired puts an expired candidate among the dashboard's
// suggested archives when the assessment's deadline rule asks for it: the
// same suggestion, approval and look-first archive as a fail, with the
// archive reason chosen in the assessment's routing rules. Once: a
// suggestion already kept for the invitation stays as it is.
func (e *Engine) suggestArchivingExpired(ctx context.Context, inv backend.Invitation) error {
	rule, err := e.db.DeadlineRule(ctx, inv.AssessmentID)
	if err != nil || !rule.SuggestArchive {
		return err
	}
	routing, _, err := e.db.RoutingRules(ctx, inv.AssessmentID)
	if err != nil {
		return err
	}
	line := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "archive", OpportunityID: inv.OpportunityID,
		InvitationID: inv.ID, Outcome: backend.OutcomeOK}
	r := sqlite.Routed{InvitationID: inv.ID, Outcome: backend.ScoreExpired, ArchiveMode: backend.ArchiveSuggest,
		ArchiveReasonID: routing.FailReasonID, ArchiveState: sqlite.StepSuggested}
	if routing.FailReasonID == "" {
		// Nothing to approve without a reason: say so, once.
		r.ArchiveMode, r.ArchiveState = backend.ArchiveOff, ""
		line.Outcome = backend.OutcomeSkipped
		line.Message = fmt.Sprintf("%s let %s expire. No archive is suggested: choose an archive reason in the assessment's routing rules first.",
			inv.Candidate.Name, inv.AssessmentTitle)
	} else {
		line.Message = fmt.Sprintf("%s let %s expire: suggested for archiving (%s) on the Candidates dashboard.",
			inv.Candidate.Name, inv.AssessmentTitle, nameOr(routing.FailReasonText, routing.FailReasonID))
	}
	if _, err := e.db.RecordRouting(ctx, r, line); err != nil {
		return err
	}
	e.onChange()
	return nil
}
