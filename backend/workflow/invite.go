package workflow

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/riverqueue/river"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// InviteArgs asks for one recorded invitation to be sent. Attempt makes a
// retry after a failure a new job, while duplicates of one attempt collapse.
type InviteArgs struct {
	InvitationID int64 `json:"invitation_id"`
	Attempt      int   `json:"attempt"`
	// Swept counts the times the sweep queued this attempt again after its
	// job ended without finishing (see workSweep).
	Swept int `json:"swept,omitempty"`
}

// Kind names the job.
func (InviteArgs) Kind() string { return "invite" }

// InsertOpts makes each attempt of an invitation unique.
func (InviteArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

func (e *Engine) workInvite(ctx context.Context, job *river.Job[InviteArgs]) error {
	e.yieldToWebhooks(ctx)
	// Read again under the lock: another job may have sent it meanwhile.
	inv, unlock, err := e.lockedInvitation(ctx, job.Args.InvitationID)
	if unlock == nil {
		return err
	}
	defer unlock()
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "invite",
		OpportunityID: inv.OpportunityID, InvitationID: inv.ID}
	who := inv.Candidate.Name
	if inv.Status != backend.StatusPending {
		// Invited already (a retry after a crash): only the tags may be behind.
		return e.syncTags(ctx, job.JobRow, inv)
	}
	email := inv.Candidate.Email
	retry := inviteRetried(job.Args, job.Attempt)
	if email == "" || retry {
		// The recruiter may have added an address since; ask Lever again.
		// A retry looks too, whatever the address: the candidate may have
		// been archived or deleted since the first try.
		opp, err := e.lever.Opportunity(ctx, inv.OpportunityID)
		if reason := notToInvite(retry, err, opp); reason != "" {
			c := lifeCancel{Invitation: lifeInvitation{ID: inv.ID, AssessmentTitle: inv.AssessmentTitle, Status: inv.Status}}
			act.Outcome, act.Message = backend.OutcomeSkipped, cancelLine(who, c, reason)
			if _, err := e.db.MarkCancelled(ctx, inv.ID, reason, false, act); err != nil {
				return err
			}
			e.onChange()
			return nil
		}
		if err != nil {
			return e.retryOrFail(ctx, job.JobRow, act, "Could not read the candidate from Lever", err)
		}
		cand := candidateFrom(opp)
		cand.PostingTitle = inv.Candidate.PostingTitle
		if err := e.db.Tx(ctx, func(tx *sql.Tx) error { return sqlite.UpsertCandidate(ctx, tx, cand, e.now()) }); err != nil {
			return err
		}
		if email = cand.Email; email == "" {
			act.Outcome, act.Message = backend.OutcomeFailed, notInvited(who, inv.AssessmentTitle, noEmail)
			if err := e.db.MarkFailed(ctx, inv.ID, noEmail, act); err != nil {
				return err
			}
			e.onChange()
			return nil
		}
	}
	first, last := splitName(inv.Candidate.Name)
	rule, err := e.db.DeadlineRule(ctx, inv.AssessmentID)
	if err != nil {
		return err
	}
	crashPoint(crashBeforeInvite)
	p, err := e.provider.Invite(ctx, deadlineRequest(rule, e.now(), backend.InviteRequest{
		AssessmentID: inv.AssessmentID, Email: email, FirstName: first, LastName: last, AlternateID: inv.OpportunityID,
	}))
	if err != nil {
		return e.retryOrFail(ctx, job.JobRow, act, "Qualified did not accept the invitation", err)
	}
	crashPoint(crashAfterInvite)
	if rule.On() && (!p.ExpiresAt.IsZero() || !p.ReminderAt.IsZero()) {
		// Before MarkInvited: a crash between leaves the invitation pending,
		// and the retry writes the same deadline again.
		if err := e.db.SetDeadline(ctx, inv.ID, p.ExpiresAt, p.ReminderAt); err != nil {
			return err
		}
	}
	act.Outcome, act.Message = backend.OutcomeOK, fmt.Sprintf("Invited %s <%s> to %s.", who, email, inv.AssessmentTitle)
	if err := e.db.MarkInvited(ctx, inv.ID, p, act); err != nil {
		return err
	}
	e.onChange()
	inv.Status, inv.ResultID = backend.StatusInvited, p.ResultID
	return e.syncTags(ctx, job.JobRow, inv)
}

// inviteRetried reports an invite job that is not the invitation's first
// try: the recruiter's Retry of a failed invitation (a later attempt
// number), the job's own retry after an error (River's attempt), or the
// sweep's requeue of a job that stopped without finishing.
func inviteRetried(a InviteArgs, jobAttempt int) bool {
	return a.Attempt > 1 || jobAttempt > 1 || a.Swept > 0
}

// notToInvite is why a retry sends no invitation ("archived" or "deleted",
// as the lifecycle job says it), given Lever's answer for the candidate;
// "" to go on. A first try does not look (it follows the stage change
// just read).
func notToInvite(retry bool, err error, opp *lever.Opportunity) string {
	switch {
	case !retry:
		return ""
	case notFound(err):
		return "deleted"
	case err == nil && opp != nil && opp.Archived != nil:
		return "archived"
	}
	return ""
}

// splitName splits "Ada Lovelace" into first and last name for the e-mail greeting.
func splitName(name string) (string, string) {
	name = strings.TrimSpace(name)
	if i := strings.LastIndexByte(name, ' '); i > 0 {
		return strings.TrimSpace(name[:i]), name[i+1:]
	}
	return name, ""
}
