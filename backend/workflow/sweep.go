package workflow

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// SweepArgs asks for work that is neither done nor queued to be found and
// queued again: the safety net for a job that ended without its failure
// being shown (the database refused that too, the process stopped, a job
// was lost).
type SweepArgs struct{}

// Kind names the job.
func (SweepArgs) Kind() string { return "sweep" }

// SourceSweep marks work queued again by the sweep.
const SourceSweep = "sweep"

// sweepTries is how often the sweep queues the same work again before it
// shows it to the recruiter as failed instead.
const sweepTries = 3

// sweepNamed bounds how many candidates the sweep's line names.
const sweepNamed = 5

func (e *Engine) workSweep(ctx context.Context, job *river.Job[SweepArgs]) error {
	// Invitations are read before the jobs: work whose job finishes in
	// between is then at worst queued once more, which repeats nothing
	// (each step is idempotent), rather than missed.
	invs, err := e.db.UnfinishedInvitations(ctx)
	if err != nil || len(invs) == 0 {
		return err
	}
	jobs, err := e.invitationJobs(ctx)
	if err != nil {
		return err
	}
	var again []river.InsertManyParams
	var named []string
	for _, inv := range invs {
		if jobs.queuedInvite[inv.ID] || (inv.ResultID != "" && jobs.queuedResult[inv.ResultID]) {
			continue
		}
		var args river.JobArgs
		var tries int
		if inv.Status == backend.StatusPending {
			k := inviteKey{inv.ID, inv.Attempt}
			tries = jobs.sweptInvite[k]
			args = InviteArgs{InvitationID: inv.ID, Attempt: inv.Attempt, Swept: jobs.lastSwept[k] + 1}
		} else {
			tries = jobs.sweptResult[inv.ResultID]
			args = ResultArgs{ResultID: inv.ResultID, Source: SourceSweep}
		}
		if tries >= sweepTries {
			e.sweptInVain(ctx, inv, tries)
			continue
		}
		again = append(again, river.InsertManyParams{Args: args})
		if len(named) < sweepNamed {
			named = append(named, fmt.Sprintf("%s (%s)", inv.Candidate.Name, inv.AssessmentTitle))
		}
	}
	if len(again) == 0 {
		return nil
	}
	if len(again) > len(named) {
		named = append(named, fmt.Sprintf("and %d more", len(again)-len(named)))
	}
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "sweep", Outcome: backend.OutcomeOK,
		Message: fmt.Sprintf("Found %d unfinished piece(s) of work that nothing was doing; handling them again now: %s.",
			len(again), strings.Join(named, ", "))}
	err = e.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := e.river.InsertManyTx(ctx, tx, again); err != nil {
			return fmt.Errorf("workflow: queue unfinished work again: %w", err)
		}
		return sqlite.LogActivity(ctx, tx, act, e.now())
	})
	if err != nil {
		return err
	}
	e.log.Info("sweep queued unfinished work again", "jobs", len(again))
	e.onChange()
	return nil
}

// sweptInVain shows as failed work that the sweep queued again sweepTries
// times without it ever finishing.
func (e *Engine) sweptInVain(ctx context.Context, inv backend.Invitation, tries int) {
	reason := fmt.Sprintf("assessbridge queued this again %d times and it never finished. It will not try again by itself; press Retry to try once more.", tries)
	act := backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "sweep", Outcome: backend.OutcomeFailed,
		OpportunityID: inv.OpportunityID, InvitationID: inv.ID}
	var err error
	if inv.Status == backend.StatusPending {
		act.Message = notInvited(inv.Candidate.Name, inv.AssessmentTitle, reason)
		err = e.db.MarkFailed(ctx, inv.ID, reason, act)
	} else {
		act.Message = notCarried(inv, reason)
		err = e.db.LogActivity(ctx, act)
	}
	if err != nil {
		e.log.Error("unfinished work not shown as failed; the next sweep tries again", "invitation", inv.ID, "err", err)
		return
	}
	e.onChange()
}

type inviteKey struct {
	id      int64
	attempt int
}

// invitationJobs is what River holds for invitations: which have a job
// queued or under way, and how often the sweep's own jobs for each ended
// without success.
type invitationJobs struct {
	queuedInvite map[int64]bool
	queuedResult map[string]bool
	sweptInvite  map[inviteKey]int
	lastSwept    map[inviteKey]int
	sweptResult  map[string]int
}

func (e *Engine) invitationJobs(ctx context.Context) (invitationJobs, error) {
	j := invitationJobs{queuedInvite: map[int64]bool{}, queuedResult: map[string]bool{},
		sweptInvite: map[inviteKey]int{}, lastSwept: map[inviteKey]int{}, sweptResult: map[string]int{}}
	// A job put off for later (scheduled: retrying after a wait, waiting for
	// a score or for the recruiter to reconnect Lever) is queued too.
	params := river.NewJobListParams().Kinds(InviteArgs{}.Kind(), ResultArgs{}.Kind()).
		States(rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning,
			rivertype.JobStateScheduled, rivertype.JobStateDiscarded, rivertype.JobStateCancelled)
	err := e.eachJob(ctx, params, func(row *rivertype.JobRow) error {
		ended := row.State == rivertype.JobStateDiscarded || row.State == rivertype.JobStateCancelled
		if row.Kind == (InviteArgs{}).Kind() {
			var a InviteArgs
			if json.Unmarshal(row.EncodedArgs, &a) != nil {
				return nil
			}
			k := inviteKey{a.InvitationID, a.Attempt}
			j.lastSwept[k] = max(j.lastSwept[k], a.Swept)
			switch {
			case !ended:
				j.queuedInvite[a.InvitationID] = true
			case a.Swept > 0:
				j.sweptInvite[k]++
			}
			return nil
		}
		var a ResultArgs
		if json.Unmarshal(row.EncodedArgs, &a) != nil {
			return nil
		}
		switch {
		case !ended:
			j.queuedResult[a.ResultID] = true
		case a.Source == SourceSweep:
			j.sweptResult[a.ResultID]++
		}
		return nil
	})
	if err != nil {
		return j, fmt.Errorf("workflow: list queued invitation work: %w", err)
	}
	return j, nil
}
