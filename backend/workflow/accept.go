package workflow

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// ErrReplay is returned for a Lever delivery whose token was already
// accepted: nothing is recorded again, and the receiver answers 200 "already
// received" so that Lever, retrying a delivery whose answer it missed, stops.
var ErrReplay = errors.New("workflow: delivery already received")

// maxAcceptBatch bounds how many Lever deliveries share one transaction.
const maxAcceptBatch = 256

// leverAccept is a Lever delivery waiting to be recorded.
type leverAccept struct {
	d    *lever.Delivery
	act  backend.Activity
	err  error
	done chan struct{}
}

// AcceptLever durably records a verified Lever delivery and, for a move into
// a trigger stage, queues its decision, in one transaction. No Lever or
// Qualified call is made here: the webhook answers fast.
//
// Deliveries that arrive together, as when a recruiter moves many
// candidates at once, are recorded together: each waits for the one
// transaction that holds it (a group commit), so the database's single
// writer is taken once per batch rather than once per delivery. It returns
// once the delivery is committed.
func (e *Engine) AcceptLever(ctx context.Context, d *lever.Delivery) error {
	req := &leverAccept{d: d, done: make(chan struct{})}
	e.lastDelivery.Store(time.Now().UnixNano())
	e.acceptMu.Lock()
	e.accepting = append(e.accepting, req)
	start := !e.draining
	e.draining = true
	e.acceptMu.Unlock()
	if start {
		go e.drainAccepts()
	}
	// The commit is not abandoned when the sender hangs up: it is quick, and
	// the sender's retry then meets a replay rather than a half-recorded
	// delivery.
	<-req.done
	return req.err
}

// drainAccepts records waiting deliveries, a batch per transaction, until
// none is left.
func (e *Engine) drainAccepts() {
	for {
		e.acceptMu.Lock()
		n := min(len(e.accepting), maxAcceptBatch)
		if n == 0 {
			e.draining = false
			e.acceptMu.Unlock()
			return
		}
		batch := e.accepting[:n:n]
		e.accepting = e.accepting[n:]
		e.acceptMu.Unlock()
		e.recordLever(batch)
	}
}

// recordLever commits a batch of deliveries in one transaction. Should the
// batch fail as a whole, each delivery is tried in a transaction of its own,
// so that one bad delivery cannot refuse the others.
func (e *Engine) recordLever(batch []*leverAccept) {
	ctx := context.Background()
	if err := e.recordLeverTx(ctx, batch); err != nil {
		if len(batch) == 1 {
			batch[0].err = err
		} else {
			for _, req := range batch {
				req.err = e.recordLeverTx(ctx, []*leverAccept{req})
			}
		}
	}
	changed := false
	for _, req := range batch {
		changed = changed || req.err == nil
		close(req.done)
	}
	if changed {
		e.wakeInbox()
		e.onChange()
	}
}

func (e *Engine) recordLeverTx(ctx context.Context, batch []*leverAccept) error {
	now := e.now()
	return e.db.Tx(ctx, func(tx *sql.Tx) error {
		tokens := make([]string, len(batch))
		for i, req := range batch {
			tokens[i] = req.d.Token
		}
		fresh, err := sqlite.RememberDeliveries(ctx, tx, tokens, now)
		if err != nil {
			return err
		}
		var changes []StageChangeArgs
		var jobs []river.JobArgs
		lines := make([]backend.Activity, 0, len(batch))
		// A bulk move sends one stage to every delivery: it is looked up once.
		type triggerStage struct {
			name      string
			isTrigger bool
		}
		stages := map[string]triggerStage{}
		for i, req := range batch {
			req.err = nil
			d := req.d
			req.act = backend.Activity{Kind: backend.KindWebhook, Source: "lever", Event: d.Event, OpportunityID: d.Data.OpportunityID}
			if !fresh[i] {
				req.err = ErrReplay
				continue
			}
			act := &req.act
			switch {
			case lifecycleEvent(d.Event):
				if job, ok := acceptLifecycle(d, act); ok {
					jobs = append(jobs, job)
				}
			case d.Event != lever.EventCandidateStageChange:
				act.Outcome, act.Message = backend.OutcomeIgnored, fmt.Sprintf("Lever event %q needs nothing from assessbridge.", d.Event)
			case d.Data.OpportunityID == "" || d.Data.ToStageID == "":
				act.Outcome, act.Message = backend.OutcomeIgnored, "Stage change without an opportunity or stage."
			default:
				st, ok := stages[d.Data.ToStageID]
				if !ok {
					name, isTrigger, err := sqlite.TriggerStageName(ctx, tx, d.Data.ToStageID)
					if err != nil {
						return err
					}
					st = triggerStage{name, isTrigger}
					stages[d.Data.ToStageID] = st
				}
				if !st.isTrigger {
					act.Outcome, act.Message = backend.OutcomeIgnored, fmt.Sprintf("Moved to stage %s, which is not a trigger stage.", d.Data.ToStageID)
					break
				}
				changes = append(changes, StageChangeArgs{OpportunityID: d.Data.OpportunityID, StageID: d.Data.ToStageID,
					FromStageID: d.Data.FromStageID, Source: SourceWebhook})
				act.Outcome, act.Message = backend.OutcomeOK, fmt.Sprintf("Moved into the trigger stage %s.", st.name)
			}
			lines = append(lines, *act)
		}
		if len(lines) == 0 {
			return nil
		}
		if err := sqlite.LogActivities(ctx, tx, lines, now); err != nil {
			return err
		}
		if err := sqlite.SetSettingTx(ctx, tx, sqlite.SettingLastLeverDelivery, now.UTC().Format(time.RFC3339Nano), now); err != nil {
			return err
		}
		switch len(changes) {
		case 0:
		case 1:
			jobs = append(jobs, changes[0])
		default:
			// A batch is one job, split into a decision per candidate once
			// the webhooks are answered.
			jobs = append(jobs, StageChangesArgs{Changes: changes})
		}
		return e.keepInInbox(ctx, tx, jobs)
	})
}

// StageChangesArgs carries the stage changes of Lever deliveries recorded
// together, to be split into a StageChangeArgs each.
type StageChangesArgs struct {
	Changes []StageChangeArgs `json:"changes"`
}

// Kind names the job.
func (StageChangesArgs) Kind() string { return "stage_changes" }

// workStageChanges queues a decision for each stage change of a batch, and
// completes the batch in the same transaction: each decision is queued
// once, whenever the process stops.
func (e *Engine) workStageChanges(ctx context.Context, job *river.Job[StageChangesArgs]) error {
	e.yieldToWebhooks(ctx)
	jobs := make([]river.InsertManyParams, len(job.Args.Changes))
	byStage := map[string][]string{}
	for i, c := range job.Args.Changes {
		jobs[i] = river.InsertManyParams{Args: c}
		if c.Source == SourceWebhook {
			byStage[c.StageID] = append(byStage[c.StageID], c.OpportunityID)
		}
	}
	// The decisions wait together: the page reader is told before they
	// can start, so that the first of them reads their stage in pages for
	// all (pagedread.go) rather than each candidate being read on its own.
	for stage, ids := range byStage {
		e.pages.expect(stage, ids, job.CreatedAt)
	}
	err := e.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := e.river.InsertManyFastTx(ctx, tx, jobs); err != nil {
			return err
		}
		_, err := river.JobCompleteTx[*riversqlite.Driver](ctx, tx, job)
		return err
	})
	if err != nil {
		for stage, ids := range byStage {
			e.pages.unexpect(stage, ids)
		}
		return fmt.Errorf("workflow: queue %d stage changes: %w", len(jobs), err)
	}
	return nil
}

// Webhooks come first: while Lever is delivering, as during a bulk move,
// it waits for each answer, and its sender gives up after a while. So the
// work that follows a delivery waits until deliveries have paused for
// webhookQuiet, and at most maxYield, before it takes the processor and the
// database's writer.
const (
	webhookQuiet = 20 * time.Millisecond
	maxYield     = time.Second
)

// yieldToWebhooks waits until no Lever delivery has arrived for
// webhookQuiet, for at most maxYield.
func (e *Engine) yieldToWebhooks(ctx context.Context) {
	deadline := time.Now().Add(maxYield)
	for {
		now := time.Now()
		wait := time.Unix(0, e.lastDelivery.Load()).Add(webhookQuiet).Sub(now)
		if wait <= 0 || !now.Before(deadline) {
			return
		}
		t := time.NewTimer(min(wait, deadline.Sub(now)))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return
		}
	}
}

// AcceptQualified queues a re-read of the result a Qualified delivery names.
// The body is never trusted beyond the result id. Results that belong to no
// invitation of ours are ignored.
func (e *Engine) AcceptQualified(ctx context.Context, ev backend.ResultNotice) error {
	now := e.now()
	act := backend.Activity{Kind: backend.KindWebhook, Source: "qualified", Event: ev.Event}
	inv, err := e.db.InvitationByResult(ctx, ev.ResultID)
	switch {
	case backend.ErrorCode(err) == backend.ENOTFOUND:
		act.Outcome, act.Message = backend.OutcomeIgnored, fmt.Sprintf("Result %s is not from an invitation sent by assessbridge.", ev.ResultID)
		return e.db.LogActivity(ctx, act)
	case err != nil:
		return err
	}
	act.OpportunityID, act.InvitationID = inv.OpportunityID, inv.ID
	err = e.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := e.river.InsertTx(ctx, tx, ResultArgs{ResultID: ev.ResultID, Source: SourceWebhook}, nil); err != nil {
			return fmt.Errorf("workflow: queue result: %w", err)
		}
		act.Outcome, act.Message = backend.OutcomeOK, fmt.Sprintf("%s: %s is now %q.", inv.Candidate.Name, inv.AssessmentTitle, ev.State)
		return sqlite.LogActivity(ctx, tx, act, now)
	})
	if err == nil {
		e.onChange()
	}
	return err
}

// LogRejected records a refused delivery in the activity log.
func (e *Engine) LogRejected(ctx context.Context, source, reason string) {
	e.logActivity(ctx, backend.Activity{Kind: backend.KindWebhook, Source: source, Event: "delivery",
		Outcome: backend.OutcomeRejected, Message: reason})
}

// RetryInvitation tries a failed invitation again.
func (e *Engine) RetryInvitation(ctx context.Context, id int64) error {
	now := e.now()
	err := e.db.Tx(ctx, func(tx *sql.Tx) error {
		attempt, err := sqlite.RetryInvitation(ctx, tx, id, now)
		if err != nil {
			return err
		}
		_, err = e.river.InsertTx(ctx, tx, InviteArgs{InvitationID: id, Attempt: attempt}, nil)
		return err
	})
	if err != nil {
		return err
	}
	e.logActivity(ctx, backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "retry", InvitationID: id,
		Outcome: backend.OutcomeOK, Message: "Retrying the invitation."})
	return nil
}

// Recheck asks for an opportunity's arrival in a trigger stage to be decided
// again (the activity log's retry for a failed stage change).
func (e *Engine) Recheck(ctx context.Context, opportunityID, stageID string) error {
	if _, err := e.river.Insert(ctx, StageChangeArgs{OpportunityID: opportunityID, StageID: stageID, Source: SourceRetry}, nil); err != nil {
		return err
	}
	e.onChange()
	return nil
}

// RetryActivity retries the failed action behind a line of the activity log:
// a failed invitation is sent again, a result re-read (tags and note follow),
// a stage change decided again.
func (e *Engine) RetryActivity(ctx context.Context, id int64) error {
	act, err := e.db.Activity(ctx, id)
	if err != nil {
		return err
	}
	if !Retryable(act) {
		return backend.Errorf(backend.ECONFLICT, "Only a failed action can be retried.")
	}
	if la, ok := lifecycleRetry(act); ok {
		if _, err := e.river.Insert(ctx, la, nil); err != nil {
			return err
		}
		e.onChange()
		return nil
	}
	if act.InvitationID != 0 {
		inv, err := e.db.Invitation(ctx, act.InvitationID)
		if err != nil {
			return err
		}
		switch {
		case inv.Status == backend.StatusFailed:
			return e.RetryInvitation(ctx, inv.ID)
		case inv.ResultID != "":
			if _, err := e.river.Insert(ctx, ResultArgs{ResultID: inv.ResultID, Source: SourceRetry}, nil); err != nil {
				return err
			}
		case inv.Status == backend.StatusPending:
			if _, err := e.river.Insert(ctx, InviteArgs{InvitationID: inv.ID, Attempt: inv.Attempt}, nil); err != nil {
				return err
			}
		}
		e.onChange()
		return nil
	}
	return e.Recheck(ctx, act.OpportunityID, act.StageID)
}

// Retryable reports whether an activity line offers a retry.
func Retryable(a backend.Activity) bool {
	return a.Outcome == backend.OutcomeFailed && a.Kind == backend.KindAction &&
		(a.InvitationID != 0 || (a.StageID != "" && a.OpportunityID != "") || isLifecycleRetry(a))
}
