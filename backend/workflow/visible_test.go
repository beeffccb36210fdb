package workflow_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// faultAttempts is how often a job is tried in these tests before its
// failure is shown: a few tenths of a second in all.
const faultAttempts = 3

// faultRigOptions: the sweep's and the result polling's intervals (an hour
// when zero), and what stands between the engine and the Qualified client.
type faultRigOptions struct {
	sweep, poll time.Duration
	wrap        func(backend.Provider) backend.Provider
}

// newFaultRig is newRig with few attempts per job, once the safety nets'
// runs at start are over.
func newFaultRig(t testing.TB, o faultRigOptions) *rig {
	t.Helper()
	if o.sweep == 0 {
		o.sweep = time.Hour
	}
	r := newRig(t, rigOptions{pollInterval: o.poll, sweep: o.sweep, maxAttempts: faultAttempts, wrap: o.wrap})
	// The safety nets run once at start; they are let finish first, so that
	// what a test counts comes from the work it starts.
	r.eventually(30*time.Second, func() bool {
		return r.jobsIn("poll_results", rivertype.JobStateCompleted) > 0 && r.jobsIn("catch_up", rivertype.JobStateCompleted) > 0 &&
			r.jobsIn("sweep", rivertype.JobStateCompleted) > 0
	}, func() string { return "the safety nets did not run at start" })
	return r
}

// breakWrites and healWrites are BreakWrites and HealWrites on the rig's database.
func (r *rig) breakWrites(name, on, when string) {
	r.t.Helper()
	workflow.BreakWrites(r.t, r.db, name, on, when)
}
func (r *rig) healWrites(names ...string) { r.t.Helper(); workflow.HealWrites(r.t, r.db, names...) }

// failedLine waits for the failed line about opportunity id.
func (r *rig) failedLine(id string) backend.Activity {
	r.t.Helper()
	var line backend.Activity
	r.eventually(30*time.Second, func() bool {
		for _, a := range r.activity(backend.OutcomeFailed) {
			if a.OpportunityID == id {
				line = a
				return true
			}
		}
		return false
	}, r.describe(id))
	return line
}

func TestNoCandidateMissedWhenTheDatabaseFailsEveryAttempt(t *testing.T) {
	for _, tc := range []struct {
		name string
		// before brings the candidate to the step that fails; fault is the
		// write refused; step makes the job run; after checks the step done.
		before      func(r *rig, id string)
		on, when    string
		step        func(r *rig, id string)
		want        []string
		invFailed   bool
		lineSays    string
		doneInLever func(r *rig, id string) bool
	}{
		{
			name: "invite", on: "UPDATE OF status ON invitations", when: "NEW.status = 'invited'",
			step: func(r *rig, id string) { r.move(id) }, invFailed: true,
			lineSays: "not invited to Backend Challenge. assessbridge could not save its work",
			doneInLever: func(r *rig, id string) bool {
				return r.hasExactly(id, "Backend Challenge - Invited")
			},
		},
		{
			name: "tags", on: "UPDATE OF applied_tag ON invitations", when: "NEW.applied_tag <> ''",
			step:     func(r *rig, id string) { r.move(id) },
			lineSays: "not tagged for Backend Challenge. assessbridge could not save its work",
			doneInLever: func(r *rig, id string) bool {
				return r.invitation(id, "Backend Challenge").AppliedTag == "Backend Challenge - Invited"
			},
		},
		{
			name:   "result",
			before: func(r *rig, id string) { r.move(id); r.invitedOnce(id) },
			on:     "UPDATE OF status ON invitations", when: "NEW.status = 'started'",
			step: func(r *rig, id string) {
				r.started(id)
			},
			lineSays: "the result of Backend Challenge was not carried to Lever",
			doneInLever: func(r *rig, id string) bool {
				return r.hasExactly(id, "Backend Challenge - Started") &&
					r.invitation(id, "Backend Challenge").AppliedTag == "Backend Challenge - Started"
			},
		},
		{
			name:   "note",
			before: func(r *rig, id string) { r.move(id); r.invitedOnce(id) },
			on:     "UPDATE OF note_id ON invitations", when: "NEW.note_id <> ''",
			step: func(r *rig, id string) {
				r.submitted(id, 90)
			},
			lineSays: "the result of Backend Challenge was not carried to Lever",
			doneInLever: func(r *rig, id string) bool {
				return r.hasExactly(id, "Backend Challenge - Submitted") && r.invitation(id, "Backend Challenge").NoteID != ""
			},
		},
		{
			name: "stage change", on: "INSERT ON stage_entries", when: "1",
			step:     func(r *rig, id string) { r.move(id) },
			lineSays: "Cand opp-db-stage-change: entered Coding assessment, but nothing was decided. assessbridge could not save its work",
			doneInLever: func(r *rig, id string) bool {
				return r.hasExactly(id, "Backend Challenge - Invited")
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newFaultRig(t, faultRigOptions{})
			id := "opp-db-" + strings.ReplaceAll(tc.name, " ", "-")
			r.candidate(id, "Backend Challenge")
			if tc.before != nil {
				tc.before(r, id)
			}
			r.breakWrites("fault", tc.on, tc.when)
			tc.step(r, id)

			// Every attempt fails; the last one is shown, with a Retry.
			line := r.failedLine(id)
			r.waitIdle()
			if !workflow.Retryable(line) || !strings.Contains(line.Message, tc.lineSays) {
				t.Fatalf("failed line %+v, want a retryable line saying %q", line, tc.lineSays)
			}
			if n := len(r.activity(backend.OutcomeFailed)); n != 1 {
				t.Fatalf("%d failed lines: %q", n, r.messages(backend.OutcomeFailed))
			}
			inv := r.invitation(id, "Backend Challenge")
			if tc.invFailed && (inv.Status != backend.StatusFailed || line.InvitationID != inv.ID) {
				t.Fatalf("invitation %+v after its last attempt, line %+v", inv, line)
			}
			t.Logf("shown after %d attempts: %s", faultAttempts, line.Message)

			// The fault clears; the recruiter presses Retry.
			r.healWrites("fault")
			if err := r.eng.RetryActivity(context.Background(), line.ID); err != nil {
				t.Fatal(err)
			}
			r.eventually(30*time.Second, func() bool { return tc.doneInLever(r, id) }, r.describe(id))
			r.waitIdle()
			if n := r.emails(id, "Backend Challenge"); n != 1 {
				t.Fatalf("%d invitation e-mails", n)
			}
			if n := len(r.lev.Notes(id)); tc.name == "note" && n != 1 {
				t.Fatalf("%d notes in Lever", n)
			}
		})
	}
}

// panicky is a Qualified client with a bug: while panics is set, asking for
// an invitation panics before anything is sent.
type panicky struct {
	backend.Provider
	panics *atomic.Bool
}

func (p panicky) Invite(ctx context.Context, req backend.InviteRequest) (backend.ProviderInvitation, error) {
	if p.panics.Load() {
		panic("a bug in the invitation call")
	}
	return p.Provider.Invite(ctx, req)
}

func TestNoCandidateMissedWhenAJobPanicsEveryAttempt(t *testing.T) {
	var panics atomic.Bool
	panics.Store(true)
	r := newFaultRig(t, faultRigOptions{wrap: func(p backend.Provider) backend.Provider { return panicky{p, &panics} }})
	id := "opp-panic"
	r.candidate(id, "Backend Challenge")
	r.move(id)
	line := r.failedLine(id)
	r.waitIdle()
	inv := r.invitation(id, "Backend Challenge")
	if !workflow.Retryable(line) || inv.Status != backend.StatusFailed || !strings.Contains(line.Message, "internal error") {
		t.Fatalf("after the last attempt: invitation %+v, line %+v", inv, line)
	}
	if n := len(r.qual.Invitations()); n != 0 {
		t.Fatalf("%d invitations in Qualified", n)
	}
	panics.Store(false)
	if err := r.eng.RetryActivity(context.Background(), line.ID); err != nil {
		t.Fatal(err)
	}
	r.invitedOnce(id)
}

// loseJob has the database refuse, on every attempt, the write that on and
// when pick, and the failed line too, while start sets a job of kind going
// for id: the job is discarded and nothing says so. The faults are lifted
// once it is.
func (r *rig) loseJob(kind, id, on, when string, start func()) {
	r.t.Helper()
	r.breakWrites("lost_write", on, when)
	r.breakWrites("no_failed_line", "INSERT ON activity", "NEW.outcome = 'failed'")
	start()
	r.eventually(30*time.Second, func() bool { return r.jobsIn(kind, rivertype.JobStateDiscarded) == 1 }, r.describe(id))
	r.healWrites("lost_write", "no_failed_line")
}

func TestSweepFindsAnInvitationNeitherDoneNorQueued(t *testing.T) {
	r := newFaultRig(t, faultRigOptions{sweep: 300 * time.Millisecond})
	id := "opp-swept"
	r.candidate(id, "Backend Challenge")
	// What was seen: Qualified e-mails the candidate, the database refuses
	// to record it on every attempt, and refuses the failure too, so the
	// job is discarded with the invitation pending and no line.
	r.loseJob("invite", id, "UPDATE OF status ON invitations", "NEW.status IN ('invited', 'failed')", func() { r.move(id) })
	if n := r.emails(id, "Backend Challenge"); n != 1 {
		t.Fatalf("%d e-mails before the sweep", n)
	}

	r.invitedOnce(id)
	if !contains(r.messages(backend.OutcomeOK), "unfinished piece(s) of work that nothing was doing") {
		t.Fatalf("the sweep left no line: %q", r.messages(backend.OutcomeOK))
	}
	if msgs := r.messages(backend.OutcomeFailed); len(msgs) != 0 {
		t.Fatalf("failed lines: %q", msgs)
	}
}

func TestSweepFindsATagNeitherDoneNorQueued(t *testing.T) {
	r := newFaultRig(t, faultRigOptions{sweep: 300 * time.Millisecond})
	id := "opp-swept-tag"
	r.invited(id)
	r.loseJob("result", id, "UPDATE OF applied_tag ON invitations", "NEW.applied_tag LIKE '% - Started'", func() { r.started(id) })

	r.eventually(30*time.Second, func() bool {
		return r.invitation(id, "Backend Challenge").AppliedTag == "Backend Challenge - Started"
	}, r.describe(id))
	r.waitIdle()
	if !r.hasExactly(id, "Backend Challenge - Started") {
		t.Fatalf("tags %v", r.tags(id))
	}
	if n := r.emails(id, "Backend Challenge"); n != 1 {
		t.Fatalf("%d e-mails", n)
	}
}

func TestSweepShowsWorkItCouldNotFinishAsFailed(t *testing.T) {
	r := newFaultRig(t, faultRigOptions{sweep: 300 * time.Millisecond})
	id := "opp-swept-vain"
	r.candidate(id, "Backend Challenge")
	// The invitation can never be recorded as sent, and no job's failure can
	// be shown: only the sweep's own line gets through.
	r.breakWrites("no_invited", "UPDATE OF status ON invitations", "NEW.status = 'invited'")
	r.breakWrites("no_failed_line", "INSERT ON activity", "NEW.outcome = 'failed' AND NEW.event <> 'sweep'")
	r.move(id)
	r.eventually(60*time.Second, func() bool { return r.invitation(id, "Backend Challenge").Status == backend.StatusFailed }, r.describe(id))
	line := r.failedLine(id)
	if !workflow.Retryable(line) || !strings.Contains(line.Message, "queued this again 3 times") {
		t.Fatalf("failed line %+v", line)
	}
	r.healWrites("no_invited", "no_failed_line")
	r.waitIdle()
	if err := r.eng.RetryActivity(context.Background(), line.ID); err != nil {
		t.Fatal(err)
	}
	r.invitedOnce(id)
}

func TestAFailureShownOnceIsNotRepeatedByPolling(t *testing.T) {
	r := newFaultRig(t, faultRigOptions{poll: 200 * time.Millisecond, sweep: 200 * time.Millisecond})
	id := "opp-shown-once"
	r.invited(id)
	r.breakWrites("no_tag", "UPDATE OF applied_tag ON invitations", "NEW.applied_tag LIKE '% - Started'")
	r.started(id)
	r.failedLine(id)
	// A round of polling that read the invitation before the webhook's job
	// took the new status in may queue a second re-read, and its line; what
	// is promised is that the rounds after add none.
	r.waitIdle()
	shown := len(r.messages(backend.OutcomeFailed))
	// Several rounds of polling and of the sweep go by with the tag behind.
	r.pollRounds(5)
	r.waitIdle()
	if msgs := r.messages(backend.OutcomeFailed); len(msgs) != shown || shown > 2 {
		t.Fatalf("%d failed lines once shown, %d after five rounds of polling: %q", shown, len(msgs), msgs)
	}
	r.healWrites("no_tag")
}
