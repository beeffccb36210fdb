package workflow_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/lever/levertest"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

// moveTogether moves candidates into the trigger stage while the engine is
// stopped, records each delivery, then starts a new engine on the same file
// told that their decisions wait together, as splitting a batch tells it:
// none of them can start before the others are counted.
func (r *rig) moveTogether(ids ...string) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.eng.Stop(ctx); err != nil {
		r.t.Fatal(err)
	}
	for _, id := range ids {
		r.move(id)
	}
	r.eng = r.build()
	workflow.ExpectStageChanges(r.eng, stageAssess, ids)
	workflow.StartTestEngine(r.t, r.eng)
}

// reads counts, since before, the pages of the trigger stage read for
// decisions (the catch-up's own list asks for active candidates only) and
// the candidates read singly.
func (r *rig) reads(before levertest.Stats, pagesBefore int) (pages, single int) {
	for _, q := range r.lev.OpportunityLists()[pagesBefore:] {
		if !q.Has("archived") {
			pages++
		}
	}
	return pages, r.lev.Stats().ByRoute["GET /opportunities/:id"] - before.ByRoute["GET /opportunities/:id"]
}

func (r *rig) noFailures() {
	r.t.Helper()
	if f := r.messages(backend.OutcomeFailed); len(f) != 0 {
		r.t.Fatalf("failed lines: %q", f)
	}
}

// Candidates moved together are decided from one page of their stage: no
// candidate is read on its own, each is invited once.
func TestABulkMoveIsDecidedFromOnePage(t *testing.T) {
	r := newRig(t, rigOptions{})
	ids := r.candidates("opp-bulk", 30)
	r.waitIdle()
	before, pagesBefore := r.lev.Stats(), len(r.lev.OpportunityLists())
	r.moveTogether(ids...)
	r.invitedOnce(ids...)
	r.noFailures()
	if pages, single := r.reads(before, pagesBefore); pages != 1 || single != 0 {
		t.Fatalf("%d pages and %d single reads for %d candidates moved together, want 1 and 0", pages, single, len(ids))
	}
	q := r.lev.OpportunityLists()[pagesBefore]
	if q.Get("stage_id") != stageAssess || q.Get("expand") != "applications" || q.Get("limit") != "100" || q.Get("advanced_at_start") == "" {
		t.Errorf("page asked as %v", q)
	}
}

// A candidate who moved on before the page was read is not in it: their
// decision reads them singly, as a lone one does, and finds them gone from
// the stage.
func TestACandidateMovedOnBeforeThePageIsReadSingly(t *testing.T) {
	r := newRig(t, rigOptions{})
	ids := r.candidates("opp-moved", 10)
	r.waitIdle()
	before, pagesBefore := r.lev.Stats(), len(r.lev.OpportunityLists())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.eng.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		r.move(id)
	}
	// Moved on by the recruiter; that delivery is not for a trigger stage.
	if _, err := r.lev.MoveToStage(ids[0], stageScreen); err != nil {
		t.Fatal(err)
	}
	r.eng = r.build()
	workflow.ExpectStageChanges(r.eng, stageAssess, ids)
	workflow.StartTestEngine(t, r.eng)
	r.invitedOnce(ids[1:]...)
	r.noFailures()
	if n := r.emails(ids[0], "Backend Challenge"); n != 0 {
		t.Fatalf("the candidate who moved on was e-mailed %d times", n)
	}
	if pages, single := r.reads(before, pagesBefore); pages != 1 || single != 1 {
		t.Fatalf("%d pages and %d single reads, want 1 page and 1 single read (the one who moved on)", pages, single)
	}
	if !hasLine(r.linesAbout(ids[0]), backend.OutcomeSkipped) {
		t.Errorf("no skipped line for the candidate who moved on: %+v", r.linesAbout(ids[0]))
	}
}

func hasLine(lines []backend.Activity, o backend.Outcome) bool {
	for _, a := range lines {
		if a.Outcome == o && a.Kind == backend.KindAction {
			return true
		}
	}
	return false
}

// The page says a candidate is active; then Lever's archive arrives before
// their decision. The app knows of the archive, so the page no longer
// answers for them: they are read again, found archived, and not invited.
func TestACandidateArchivedBetweenThePageAndTheDecisionIsNotInvited(t *testing.T) {
	r := newRig(t, rigOptions{})
	ids := r.candidates("opp-arch", 10)
	r.waitIdle()
	before, pagesBefore := r.lev.Stats(), len(r.lev.OpportunityLists())
	// The page is read in full at once, and its answer held back a while:
	// the archive happens meanwhile.
	r.lev.FaultNext("GET", "/opportunities", 1, levertest.Fault{Delay: 700 * time.Millisecond})
	r.moveTogether(ids...)
	r.eventually(10*time.Second, func() bool { return len(r.lev.OpportunityLists()) > pagesBefore }, func() string { return "no page read" })
	r.archive(ids[0])
	r.invitedOnce(ids[1:]...)
	r.noFailures()
	if n := r.emails(ids[0], "Backend Challenge"); n != 0 {
		t.Fatalf("the archived candidate was e-mailed %d times", n)
	}
	// The archived candidate is read again: singly, or in the next page
	// when the archive was recorded before their decision began.
	if pages, single := r.reads(before, pagesBefore); pages+single != 2 {
		t.Fatalf("%d pages and %d single reads, want the first page and one more read (the archived one)", pages, single)
	}
	if r.lev.OpportunityLists()[pagesBefore].Get("stage_id") != stageAssess {
		t.Fatal("the page held back was not the stage's")
	}
}

// A page Lever refuses or fails falls back safely: its retries, or each
// candidate read singly; every candidate decided once, nobody invited
// twice, every job done.
func TestAPageAnswered429Or5xxFallsBackSafely(t *testing.T) {
	for _, tt := range []struct {
		name   string
		status int
		times  int
	}{
		{"429 until the page gives up", http.StatusTooManyRequests, 6},
		{"503 then a page", http.StatusServiceUnavailable, 2},
		{"500 until the page gives up", http.StatusInternalServerError, 6},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t, rigOptions{})
			ids := r.candidates("opp-fault", 12)
			r.waitIdle()
			r.lev.FailNext("GET", "/opportunities", tt.times, tt.status)
			r.moveTogether(ids...)
			r.invitedOnce(ids...)
			r.noFailures()
			r.waitIdle()
			for _, id := range ids {
				if n := len(r.lev.TagOps(id)); n != 2 {
					t.Errorf("%s: %d tag changes, want 2", id, n)
				}
			}
		})
	}
}

// A stage change with nothing else waiting for its stage is read at once,
// singly, with no wait for a page. The time from the delivery to the
// invitation sent is logged (measured on a shared machine: see uptime).
func TestALoneStageChangeIsReadAtOnce(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.candidate("opp-lone", "Backend Challenge")
	r.waitIdle()
	before, pagesBefore := r.lev.Stats(), len(r.lev.OpportunityLists())
	changed := make(chan struct{}, 1)
	r.eng.OnChange(func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	})
	if _, err := r.lev.MoveToStage("opp-lone", stageAssess); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r.accept("opp-lone")
	timeout := time.After(30 * time.Second)
	for r.invitation("opp-lone", "Backend Challenge").Status != backend.StatusInvited {
		select {
		case <-changed:
		case <-timeout:
			t.Fatal(r.describe("opp-lone")())
		}
	}
	t.Logf("a lone candidate: delivery recorded to invitation sent in %s", time.Since(start).Round(time.Millisecond))
	r.invitedOnce("opp-lone")
	if pages, single := r.reads(before, pagesBefore); pages != 0 || single != 1 {
		t.Fatalf("%d pages and %d single reads for a lone candidate, want 0 and 1", pages, single)
	}
}
