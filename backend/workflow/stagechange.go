package workflow

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// StageChangeArgs asks for one opportunity's arrival in a stage to be decided.
type StageChangeArgs struct {
	OpportunityID string `json:"opportunity_id"`
	StageID       string `json:"stage_id"`
	FromStageID   string `json:"from_stage_id,omitempty"`
	// Source says how the change was learnt: "webhook" or "catch-up".
	Source string `json:"source"`
}

// Kind names the job.
func (StageChangeArgs) Kind() string { return "stage_change" }

// Sources of a stage change.
const (
	SourceWebhook = "webhook"
	SourceCatchUp = "catch-up"
	SourceRetry   = "retry"
	// SourceInviteExisting is the recruiter's "Invite these N": candidates
	// already in the stage, invited on purpose (see InviteExisting).
	SourceInviteExisting = "invite-existing"
)

func (e *Engine) workStageChange(ctx context.Context, job *river.Job[StageChangeArgs]) error {
	a := job.Args
	if a.Source == SourceWebhook {
		// Counted before the wait below, so that decisions of a bulk move
		// starting together see one another and read their stage in pages.
		defer e.pages.begin(a.StageID, a.OpportunityID, job.CreatedAt)()
	}
	e.yieldToWebhooks(ctx)
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "stage change", OpportunityID: a.OpportunityID, StageID: a.StageID}
	trigger, err := e.db.TriggerStage(ctx, a.StageID)
	if backend.ErrorCode(err) == backend.ENOTFOUND {
		act.Outcome, act.Message = backend.OutcomeSkipped, skipNotATrigger
		e.logActivity(ctx, act)
		return nil
	}
	if err != nil {
		return err
	}
	unlock := e.locks.Lock(a.OpportunityID)
	defer unlock()

	opp, _, err := e.opportunityForDecision(ctx, a, job.Attempt)
	if notFound(err) {
		act.Outcome, act.Message = backend.OutcomeSkipped, skipCandidateGone
		e.logActivity(ctx, act)
		return nil
	}
	if err != nil {
		return e.retryOrFail(ctx, job.JobRow, act, "Could not read the candidate from Lever", err)
	}
	in := arrivalFrom(opp, a.StageID)
	if a.Source == SourceInviteExisting {
		act.Event = eventInviteExisting
		if in, err = e.existingArrival(ctx, in); err != nil {
			return err
		}
	} else if a.Source != SourceRetry {
		// Under the candidate's lock, so a decision of the same move that ran
		// first is committed by now. A recruiter's Retry decides again.
		if in.DecidedAlready, err = e.db.StageEntryDecided(ctx, a.OpportunityID, a.StageID, in.EnteredAt); err != nil {
			return err
		}
	}
	if in.OwnMove, err = e.db.OwnMoveNear(ctx, a.OpportunityID, a.StageID, in.EnteredAt, ownMoveWindow); err != nil {
		return err
	}
	d, admitted := admit(trigger, in)
	if admitted {
		if err := e.markCameBack(ctx, a.OpportunityID, in.EnteredAt); err != nil {
			return err
		}
		known, jobTags, err := e.tagSources(ctx, opp)
		if err != nil {
			return forCandidate(opp.Name, e.retryOrFail(ctx, job.JobRow, act, "Could not match tags to assessments", err))
		}
		d = decideStageChange(trigger, in, known, jobTags)
	}
	if len(d.Invitations) == 0 {
		return forCandidate(opp.Name, e.skipped(ctx, act, in, d))
	}
	return forCandidate(opp.Name, e.invite(ctx, act, trigger, in, d, candidateFrom(opp)))
}

// tagSources reads what the decision matches tags against: the account's
// assessments, and the tags on the candidate's jobs (a job deleted in Lever
// has none).
func (e *Engine) tagSources(ctx context.Context, opp *lever.Opportunity) ([]backend.Assessment, []string, error) {
	known, err := e.cache.Assessments(ctx, e.provider)
	if err != nil {
		return nil, nil, err
	}
	var jobTags []string
	for _, pid := range opp.PostingIDs {
		p, err := e.cache.Posting(ctx, e.lever, pid)
		if notFound(err) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		jobTags = append(jobTags, p.Tags...)
	}
	return known, jobTags, nil
}

// skipped writes the line of a decision that invites nobody, and remembers
// the stage entry with it when the decision says so: a decision is never
// logged twice or remembered without its line.
func (e *Engine) skipped(ctx context.Context, act backend.Activity, a arrival, d stageDecision) error {
	act.Outcome, act.Message = backend.OutcomeSkipped, d.Skipped
	if d.Entry == "" {
		e.logActivity(ctx, act)
		return nil
	}
	return e.dbChange(ctx, func(tx *sql.Tx) error {
		now := e.now()
		if err := sqlite.LogActivity(ctx, tx, act, now); err != nil {
			return err
		}
		return sqlite.RecordStageEntry(ctx, tx, a.OpportunityID, act.StageID, a.EnteredAt, d.Entry, now)
	})
}

// invite records a decision's invitations, queues those due to be sent, and
// writes their lines and the stage entry, all in one transaction: a reader
// never sees a failed invitation before its line, and a stop cannot lose
// the line.
func (e *Engine) invite(ctx context.Context, act backend.Activity, trigger backend.TriggerStage, a arrival, d stageDecision, cand backend.Candidate) error {
	if cand.PostingID != "" {
		// Already cached by the tag match: no extra call.
		if p, err := e.cache.Posting(ctx, e.lever, cand.PostingID); err == nil {
			cand.PostingTitle = p.Text
		}
	}
	now := e.now()
	return e.dbChange(ctx, func(tx *sql.Tx) error {
		if err := sqlite.UpsertCandidate(ctx, tx, cand, now); err != nil {
			return err
		}
		var lines []backend.Activity
		for _, inv := range d.Invitations {
			inv, isDue, err := sqlite.EnsureInvitation(ctx, tx, inv, now)
			if err != nil {
				return err
			}
			if !isDue {
				continue
			}
			if inv.Status == backend.StatusPending {
				if _, err := e.river.InsertTx(ctx, tx, InviteArgs{InvitationID: inv.ID, Attempt: inv.Attempt}, nil); err != nil {
					return fmt.Errorf("workflow: queue invitation: %w", err)
				}
			}
			line := act
			line.InvitationID = inv.ID
			line.Outcome, line.Message = invitationLine(a.Name, trigger, inv)
			if a.InviteExisting && line.Outcome == backend.OutcomeOK {
				line.Message = existingInvitationLine(a.Name, trigger, inv)
			}
			lines = append(lines, line)
		}
		if len(lines) == 0 {
			line := act
			line.Outcome, line.Message = backend.OutcomeIgnored, alreadyInvited(a.Name)
			lines = append(lines, line)
		}
		if err := sqlite.LogActivities(ctx, tx, lines, now); err != nil {
			return err
		}
		record := sqlite.RecordStageEntry
		if a.InviteExisting {
			// Replaces "already there": a second "Invite these N" sees it.
			record = sqlite.MarkStageEntry
		}
		return record(ctx, tx, a.OpportunityID, act.StageID, a.EnteredAt, d.Entry, now)
	})
}

// dbChange runs fn in a transaction and tells the dashboard once it is
// committed.
func (e *Engine) dbChange(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := e.db.Tx(ctx, fn); err != nil {
		return err
	}
	e.onChange()
	return nil
}

// retryOrFail logs a failed call to Lever or Qualified and returns it as
// the job's error, saying what could not be done. Before the last attempt
// the line says it will be tried again and River retries with backoff;
// the last attempt, or an answer that retrying will not change, is
// recorded for the recruiter, with a Retry, by the one handler every job
// failure passes through (lastAttempt), so it is written once.
func (e *Engine) retryOrFail(ctx context.Context, row *rivertype.JobRow, act backend.Activity, what string, err error) error {
	if p := e.pause(ctx, err); p != nil {
		return p
	}
	act.Message = fmt.Sprintf("%s: %v", what, err)
	if row.Attempt < row.MaxAttempts && !permanent(err) {
		line := act
		line.Outcome = backend.OutcomeRetrying
		line.Message += fmt.Sprintf(" (attempt %d of %d; trying again)", row.Attempt, row.MaxAttempts)
		e.logActivity(ctx, line)
	}
	return &stepFailure{act: act, what: what, err: err}
}

// permanent reports a failure that trying again by itself will not change:
// the service refused the request, what it was about is gone, a permission
// is missing, or Qualified refuses its key. Lever refusing the login is not
// one: that work waits for the recruiter to reconnect (see pause).
func permanent(err error) bool {
	switch backend.KindOf(err) {
	case backend.FailureRetryLater:
		return false
	case backend.FailureNeedsReconnect:
		return !errors.Is(err, backend.ErrLeverLoginNeeded)
	}
	return true
}

// notFound reports an answer that what was asked about is not there.
func notFound(err error) bool { return backend.KindOf(err) == backend.FailureNotFound }

// pauseWait is how long work that needs Lever waits before looking again
// whether the recruiter has reconnected.
const pauseWait = time.Minute

// pause holds a job back, without spending an attempt, while Lever refuses
// assessbridge's login; nil for any other error.
func (e *Engine) pause(ctx context.Context, err error) error {
	if !errors.Is(err, backend.ErrLeverLoginNeeded) {
		return nil
	}
	e.pausedMu.Lock()
	first := !e.paused
	e.paused = true
	e.pausedMu.Unlock()
	if first {
		e.logActivity(ctx, backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "paused",
			Outcome: backend.OutcomeRetrying, Message: "Lever no longer accepts assessbridge's login, so work that needs Lever is waiting. Reconnect Lever in Setup; nothing is lost."})
	}
	return river.JobSnooze(pauseWait)
}

// Resume is called after Lever is reconnected: waiting work goes ahead now
// rather than when its wait runs out, and Lever is asked at once for
// candidates who entered a trigger stage meanwhile. That catch-up also
// queues again a decision that was being put off just as the recruiter
// reconnected, which the list below cannot see yet.
func (e *Engine) Resume(ctx context.Context) {
	e.pausedMu.Lock()
	e.paused = false
	e.pausedMu.Unlock()
	if _, err := e.river.Insert(ctx, CatchUpArgs{}, nil); err != nil {
		e.log.Error("catch-up after reconnecting not queued; it runs at the next poll", "err", err)
	}
	params := river.NewJobListParams().States(rivertype.JobStateScheduled).
		Kinds(StageChangeArgs{}.Kind(), InviteArgs{}.Kind(), ResultArgs{}.Kind(), LifecycleArgs{}.Kind())
	err := e.eachJob(ctx, params, func(j *rivertype.JobRow) error {
		_, err := e.river.JobRetry(ctx, j.ID)
		return err
	})
	if err != nil {
		e.log.Error("waiting work not resumed; it goes ahead when its wait runs out", "err", err)
	}
}
