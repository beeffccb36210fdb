package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// PollResultsArgs asks Qualified about every invitation still in flight:
// the safety net for result webhooks that never arrived.
type PollResultsArgs struct{}

// Kind names the job.
func (PollResultsArgs) Kind() string { return "poll_results" }

// CatchUpArgs asks Lever which candidates entered a trigger stage since the
// last look: the safety net for stage changes missed while the app was away.
type CatchUpArgs struct{}

// Kind names the job.
func (CatchUpArgs) Kind() string { return "catch_up" }

// catchUpOverlap is how far before the last look each catch-up starts, so
// that clocks that disagree, and a laptop that slept, lose nothing. Entries
// already decided are recognised and skipped.
const catchUpOverlap = time.Hour

// webhookGrace is how recent a stage entry the catch-up leaves to its
// webhook. A catch-up that ran between Lever's move and the recording of
// its webhook queued a second decision, which only read the candidate again.
const webhookGrace = 5 * time.Second

// deliveryMemory is how long accepted Lever delivery tokens are remembered;
// well beyond the receiver's staleness limit.
const deliveryMemory = 48 * time.Hour

// resultBatch is how many results are re-read per call.
const resultBatch = 100

func (e *Engine) workPollResults(ctx context.Context, job *river.Job[PollResultsArgs]) error {
	invs, err := e.db.InFlightInvitations(ctx)
	if err != nil || len(invs) == 0 {
		return err
	}
	byResult := map[string]backend.Invitation{}
	ids := make([]string, 0, len(invs))
	anyBehind := false
	for _, inv := range invs {
		byResult[inv.ResultID] = inv
		ids = append(ids, inv.ResultID)
		anyBehind = anyBehind || tagBehind(inv)
	}
	// A tag or note behind its status, with no news from Qualified, is
	// queued again only when nothing is doing it and it has not been shown
	// failed since its last change: otherwise each round would add a job,
	// and a failure line, for the same stuck step. Asked only when a tag is
	// behind at all, which in a quiet round none is.
	notDone := map[int64]bool{}
	var jobs invitationJobs
	if anyBehind {
		unfinished, err := e.db.UnfinishedInvitations(ctx)
		if err != nil {
			return err
		}
		for _, inv := range unfinished {
			notDone[inv.ID] = true
		}
		if jobs, err = e.invitationJobs(ctx); err != nil {
			return err
		}
	}
	var due []ResultArgs
	for start := 0; start < len(ids); start += resultBatch {
		results, err := e.provider.ResultsByIDs(ctx, ids[start:min(start+resultBatch, len(ids))])
		if err != nil {
			return err
		}
		for _, r := range results {
			inv, ok := byResult[r.ID]
			if !ok {
				continue
			}
			behind := tagBehind(inv) && notDone[inv.ID] && !jobs.queuedResult[inv.ResultID] && !jobs.queuedInvite[inv.ID]
			if inv.Status.Advances(r.Status) || behind {
				due = append(due, ResultArgs{ResultID: r.ID, Source: SourcePoll})
			}
		}
	}
	if len(due) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(due))
	for i, a := range due {
		params[i] = river.InsertManyParams{Args: a}
	}
	_, err = e.river.InsertMany(ctx, params)
	return err
}

func (e *Engine) workCatchUp(ctx context.Context, job *river.Job[CatchUpArgs]) error {
	stages, err := e.db.TriggerStages(ctx)
	if err != nil || len(stages) == 0 {
		return err
	}
	started := e.now()
	byID := map[string]backend.TriggerStage{}
	ids := make([]string, len(stages))
	for i, s := range stages {
		byID[s.StageID], ids[i] = s, s.StageID
	}
	// A checkpoint later than now was taken by a clock that ran ahead (a
	// laptop that woke with a wrong time, then corrected it): it says nothing
	// about what was seen, so everything since the stages became triggers is
	// looked at again. The pruning keeps stage entries by the same rule.
	cp, _ := e.db.Setting(ctx, sqlite.SettingCatchUpCheckpoint)
	since, _ := catchUpSince(stages, cp, started)
	active := false
	opps, err := e.lever.Opportunities(ctx, lever.OpportunityFilter{StageIDs: ids, AdvancedAtStart: since, Archived: &active})
	if err != nil {
		e.logActivity(ctx, backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "catch-up",
			Outcome: backend.OutcomeRetrying, Message: fmt.Sprintf("Could not ask Lever for candidates who entered trigger stages: %v", err)})
		return err
	}
	var queued map[[2]string]bool
	if len(opps) > 0 {
		if queued, err = e.queuedStageChanges(ctx); err != nil {
			return err
		}
	}
	var missed []river.InsertManyParams
	recent := false
	for i := range opps {
		opp := &opps[i]
		ts, ok := byID[opp.StageID]
		if !ok {
			continue
		}
		// The decision's own first half: an archived candidate, or one there
		// since before the stage became a trigger, is not worth a job.
		in := arrivalFrom(opp, opp.StageID)
		if _, admitted := admit(ts, in); !admitted {
			continue
		}
		entered := in.EnteredAt
		if age := started.Sub(entered); age >= 0 && age < webhookGrace {
			// Lever's webhook for this move is likely on its way, or being
			// recorded: a catch-up once the grace is over takes it if the
			// webhook never came. An entry dated ahead of this clock (a
			// laptop that woke with a wrong time) is not waited for.
			recent = true
			continue
		}
		if queued[[2]string{opp.ID, opp.StageID}] {
			// A webhook's decision is already waiting: a second one would
			// only read the candidate from Lever again.
			continue
		}
		if done, err := e.db.StageEntryDecided(ctx, opp.ID, opp.StageID, entered); err != nil || done {
			continue
		}
		missed = append(missed, river.InsertManyParams{Args: StageChangeArgs{OpportunityID: opp.ID, StageID: opp.StageID, Source: SourceCatchUp}})
	}
	jobs := missed
	if recent {
		jobs = append(slices.Clip(jobs), river.InsertManyParams{Args: CatchUpArgs{}, InsertOpts: &river.InsertOpts{ScheduledAt: started.Add(webhookGrace)}})
	}
	if len(jobs) > 0 {
		if _, err := e.river.InsertMany(ctx, jobs); err != nil {
			return err
		}
	}
	if err := e.db.SetSetting(ctx, sqlite.SettingCatchUpCheckpoint, started.UTC().Format(time.RFC3339Nano)); err != nil {
		return err
	}
	// Tokens of deliveries this old are refused as stale anyway.
	if err := e.db.ForgetDeliveriesBefore(ctx, started.Add(-deliveryMemory)); err != nil {
		return err
	}
	if len(missed) > 0 {
		e.logActivity(ctx, backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "catch-up",
			Outcome: backend.OutcomeOK, Message: fmt.Sprintf("Found %d candidate(s) who entered a trigger stage without a webhook; handling them now.", len(missed))})
	}
	return nil
}

// queuedStageChanges is every opportunity and stage with a decision queued
// or under way. A decision put off while Lever refused the login
// (scheduled for later) is not counted: the catch-up that follows
// reconnecting queues it again, to go ahead at once.
func (e *Engine) queuedStageChanges(ctx context.Context) (map[[2]string]bool, error) {
	queued := map[[2]string]bool{}
	add := func(kind string, args []byte) {
		var batch StageChangesArgs
		if kind == batch.Kind() {
			json.Unmarshal(args, &batch)
		} else {
			var a StageChangeArgs
			if json.Unmarshal(args, &a) == nil {
				batch.Changes = append(batch.Changes, a)
			}
		}
		for _, a := range batch.Changes {
			queued[[2]string{a.OpportunityID, a.StageID}] = true
		}
	}
	// The inbox before the queue: a row queued in between is then seen in
	// the queue, never in neither.
	waiting, err := e.db.InboxJobs(ctx, StageChangeArgs{}.Kind(), StageChangesArgs{}.Kind())
	if err != nil {
		return nil, err
	}
	for _, j := range waiting {
		add(j.Kind, j.Args)
	}
	params := river.NewJobListParams().Kinds(StageChangeArgs{}.Kind(), StageChangesArgs{}.Kind()).
		States(rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable, rivertype.JobStateRunning)
	err = e.eachJob(ctx, params, func(j *rivertype.JobRow) error {
		add(j.Kind, j.EncodedArgs)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("workflow: list queued stage changes: %w", err)
	}
	return queued, nil
}

// jobPage is how many jobs eachJob asks River for at a time.
const jobPage = 1000

// eachJob calls fn for every job params finds, a page at a time, stopping
// at fn's first error.
func (e *Engine) eachJob(ctx context.Context, params *river.JobListParams, fn func(*rivertype.JobRow) error) error {
	params = params.First(jobPage)
	for {
		res, err := e.river.JobList(ctx, params)
		if err != nil {
			return err
		}
		for _, j := range res.Jobs {
			if err := fn(j); err != nil {
				return err
			}
		}
		if len(res.Jobs) < jobPage {
			return nil
		}
		params = params.After(res.LastCursor)
	}
}
