package workflow

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/sqlite"
)

// A webhook's work reaches the job queue through an inbox. AcceptLever keeps
// each batch's jobs as rows of the inbox table, in the batch's own
// transaction, and the inbox's mover hands them to the queue once the
// deliveries pause (yieldToWebhooks), many batches in one transaction.
// Queuing a job in the webhook's transaction held the database's single
// writer for about a quarter of each delivery's time (River's insert: its
// SQL templating and the job table's indexes), and every delivery of the
// next batch waited for it; a row of the inbox costs a few microseconds.
//
// Nothing is lost or doubled across a stop: a row is deleted in the
// transaction that queues its job, and the mover runs at every start.

// inboxBatch bounds how many inbox rows are queued in one transaction.
const inboxBatch = 500

// inboxRetry is the wait before the mover tries again after a failure (the
// database busy or full): the rows stay, and a new delivery also wakes it.
const inboxRetry = 5 * time.Second

// Crash point of the inbox (see CrashPointEnv): deliveries recorded, their
// jobs not yet queued.
const crashBeforeQueue = "before-queue"

// inboxKinds are the jobs a webhook queues.
var inboxKinds = map[string]bool{
	StageChangeArgs{}.Kind():  true,
	StageChangesArgs{}.Kind(): true,
	LifecycleArgs{}.Kind():    true,
}

// keepInInbox adds jobs to the inbox inside a webhook batch's transaction.
func (e *Engine) keepInInbox(ctx context.Context, tx *sql.Tx, jobs []river.JobArgs) error {
	if len(jobs) == 0 {
		return nil
	}
	rows := make([]sqlite.InboxJob, len(jobs))
	for i, j := range jobs {
		if !inboxKinds[j.Kind()] {
			return fmt.Errorf("workflow: %s is not a webhook's job", j.Kind())
		}
		args, err := json.Marshal(j)
		if err != nil {
			return fmt.Errorf("workflow: inbox: %w", err)
		}
		rows[i] = sqlite.InboxJob{Kind: j.Kind(), Args: args}
	}
	return sqlite.AddToInbox(ctx, tx, rows)
}

// wakeInbox tells the mover that rows arrived.
func (e *Engine) wakeInbox() {
	select {
	case e.inboxWake <- struct{}{}:
	default: // already woken
	}
}

// runInbox is the mover: it queues the inbox's rows whenever deliveries
// pause, until ctx ends.
func (e *Engine) runInbox(ctx context.Context) {
	defer close(e.inboxDone)
	for {
		e.yieldToWebhooks(ctx)
		var retry <-chan time.Time
		if err := e.moveInbox(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			e.log.Error("webhooks' work not yet queued; trying again", "err", err)
			retry = time.After(inboxRetry)
		}
		select {
		case <-ctx.Done():
			return
		case <-e.inboxWake:
		case <-retry:
		}
	}
}

// moveInbox queues every row of the inbox.
func (e *Engine) moveInbox(ctx context.Context) error {
	for {
		n, err := e.db.TakeInbox(ctx, inboxBatch, func(tx *sql.Tx, rows []sqlite.InboxJob) error {
			crashPoint(crashBeforeQueue)
			jobs := make([]river.InsertManyParams, 0, len(rows))
			for _, r := range rows {
				if !inboxKinds[r.Kind] {
					// Only a newer version of assessbridge could have left it.
					e.log.Error("an unknown job in the inbox is dropped", "kind", r.Kind)
					if err := sqlite.LogActivity(ctx, tx, backend.Activity{Kind: backend.KindAction, Source: "assessbridge", Event: "webhook",
						Outcome: backend.OutcomeFailed, Message: fmt.Sprintf("A webhook's work of kind %q is unknown to this version of assessbridge and was not done.", r.Kind)}, e.now()); err != nil {
						return err
					}
					continue
				}
				jobs = append(jobs, river.InsertManyParams{Args: inboxArgs{kind: r.Kind, args: r.Args}})
			}
			if len(jobs) == 0 {
				return nil
			}
			if _, err := e.river.InsertManyFastTx(ctx, tx, jobs); err != nil {
				return fmt.Errorf("workflow: queue the webhooks' work: %w", err)
			}
			return nil
		})
		if err != nil || n < inboxBatch {
			return err
		}
	}
}

// inboxArgs is a job from the inbox, queued as it was kept: its worker reads
// the arguments into its own type.
type inboxArgs struct {
	kind string
	args json.RawMessage
}

func (a inboxArgs) Kind() string                 { return a.kind }
func (a inboxArgs) MarshalJSON() ([]byte, error) { return a.args, nil }
