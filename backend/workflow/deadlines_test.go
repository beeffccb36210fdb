package workflow_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
	"github.com/assessbridge/assessbridge/backend/sqlite"
	"github.com/assessbridge/assessbridge/backend/workflow"
)

const challenge = "Backend Challenge"

// act queues action for id's invitation and waits until its job is idle.
func (r *rig) act(action string, days int, ids ...string) {
	r.t.Helper()
	var invIDs []int64
	for _, id := range ids {
		invIDs = append(invIDs, r.invitation(id, challenge).ID)
	}
	queued, skipped, err := r.eng.QueueActions(context.Background(), action, invIDs, days)
	if err != nil || len(queued) != len(ids) {
		r.t.Fatalf("QueueActions(%s): queued %v, skipped %v, %v", action, queued, skipped, err)
	}
	r.waitIdle()
}

func (r *rig) lineWith(outcome backend.Outcome, part string) bool {
	for _, m := range r.messages(outcome) {
		if strings.Contains(m, part) {
			return true
		}
	}
	return false
}

func TestDeadlineRuleSendsADeadlineAndTheSweepExpires(t *testing.T) {
	r := newRig(t, rigOptions{sweep: 100 * time.Millisecond})
	ctx := context.Background()
	if err := r.eng.SaveDeadlineRule(ctx, sqlite.DeadlineRule{AssessmentID: r.ids[challenge], ExpireDays: 5, RemindDays: 2}, challenge); err != nil {
		t.Fatal(err)
	}
	before := r.qual.Stats().Requests
	r.invited("opp-late")
	inv := r.qual.Invitations()[0]
	if d := time.Until(inv.ExpiresAt); d < 4*24*time.Hour || d > 5*24*time.Hour {
		t.Errorf("Qualified's deadline is %v away, want 5 days", d)
	}
	if inv.ReminderAt.IsZero() {
		t.Error("no reminder sent with the invitation")
	}
	own := r.invitation("opp-late", challenge)
	marks, err := r.db.Deadlines(ctx, []int64{own.ID})
	if err != nil || !marks[own.ID].ExpiresAt.Equal(inv.ExpiresAt) {
		t.Fatalf("recorded deadline %v, Qualified's %v (%v)", marks[own.ID].ExpiresAt, inv.ExpiresAt, err)
	}
	if !marks[own.ID].ReminderAt.Equal(inv.ReminderAt) {
		t.Errorf("recorded reminder %v, Qualified's %v", marks[own.ID].ReminderAt, inv.ReminderAt)
	}
	// The deadline comes with the invitation: no call more than without.
	if n := r.qual.Stats().Requests - before; n != 2 {
		t.Logf("Qualified calls for the invitation: %d", n)
	}
	// The deadline passes.
	levBefore := r.lev.Stats().Requests
	if err := r.db.SetDeadline(ctx, own.ID, time.Now().Add(-time.Minute), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := r.qual.Expire(own.ResultID); err != nil {
		t.Fatal(err)
	}
	r.eventually(10*time.Second, func() bool { return r.hasExactly("opp-late", challenge+" - Expired") }, r.describe("opp-late"))
	if got := r.invitation("opp-late", challenge).Status; got != backend.StatusExpired {
		t.Errorf("status %s, want expired", got)
	}
	if !r.lineWith(backend.OutcomeOK, "marked expired") {
		t.Errorf("no activity line for the expiry: %q", r.messages(backend.OutcomeOK))
	}
	t.Logf("Lever calls for an expiry: %d", r.lev.Stats().Requests-levBefore)
	// A second go, with a new deadline of 3 days: a new attempt, one e-mail.
	r.act(workflow.ActionRetry, 3, "opp-late")
	r.eventually(10*time.Second, func() bool { return r.hasExactly("opp-late", challenge+" - Invited") }, r.describe("opp-late"))
	again := r.invitation("opp-late", challenge)
	if again.Status != backend.StatusInvited || again.ResultID == own.ResultID {
		t.Errorf("after invite again: %+v", again)
	}
	if n := r.emails("opp-late", challenge); n != 2 {
		t.Errorf("%d e-mails, want 2", n)
	}
	marks, _ = r.db.Deadlines(ctx, []int64{own.ID})
	if d := time.Until(marks[own.ID].ExpiresAt); d < 2*24*time.Hour || d > 3*24*time.Hour {
		t.Errorf("new deadline %v away, want 3 days", d)
	}
}

func TestResendOnePerClickEvenWhenTheAnswerIsLost(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.invited("opp-r")
	before := r.qual.Stats().ByRoute["POST /v1/assessment_invitations/invite_candidates"]
	r.act(workflow.ActionResend, 0, "opp-r")
	if n := r.emails("opp-r", challenge); n != 2 {
		t.Fatalf("%d e-mails after one resend, want 2", n)
	}
	// Qualified sends, and its gateway answers 502: the job is not repeated
	// into a second e-mail, and says so.
	r.qual.FaultNext("POST", "/v1/assessment_invitations", 1, qualifiedtest.Fault{Status: http.StatusBadGateway})
	r.act(workflow.ActionResend, 0, "opp-r")
	if n := r.emails("opp-r", challenge); n != 3 {
		t.Fatalf("%d e-mails after a resend whose answer was lost, want 3", n)
	}
	if !r.lineWith(backend.OutcomeFailed, "never e-mailed twice") {
		t.Errorf("no line saying the resend may have gone: %q", r.messages(backend.OutcomeFailed))
	}
	if n := r.qual.Stats().ByRoute["POST /v1/assessment_invitations/invite_candidates"] - before; n != 2 {
		t.Errorf("%d invite calls for two resends, want 2", n)
	}
	// A resend of a candidate who has started is refused before any call.
	r.started("opp-r")
	r.eventually(5*time.Second, func() bool { return r.invitation("opp-r", challenge).Status == backend.StatusStarted }, r.describe("opp-r"))
	if q, skipped, _ := r.eng.QueueActions(context.Background(), workflow.ActionResend, []int64{r.invitation("opp-r", challenge).ID}, 0); len(q) != 0 || len(skipped) != 1 {
		t.Errorf("resend of a started candidate: queued %v, skipped %v", q, skipped)
	}
}

func TestCancelOnceWhenTheAnswerIsLost(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.invited("opp-c")
	r.started("opp-c")
	r.eventually(5*time.Second, func() bool { return r.hasExactly("opp-c", challenge+" - Started") }, r.describe("opp-c"))
	// Qualified cancels, the answer is lost; the job calls again, Qualified
	// answers the repeat as the first, and the cancel is recorded once.
	r.qual.FaultNext("DELETE", "/v1/assessment_invitations", 1, qualifiedtest.Fault{Status: http.StatusBadGateway})
	levBefore, qBefore := r.lev.Stats().Requests, r.qual.Stats().Requests
	r.act(workflow.ActionCancel, 0, "opp-c")
	r.eventually(10*time.Second, func() bool {
		return r.invitation("opp-c", challenge).Status == backend.StatusClosed && r.hasExactly("opp-c")
	},
		r.describe("opp-c"))
	res := r.result("opp-c", challenge)
	if res.State != "terminated" || res.ClosedReason != "invitation_canceled" {
		t.Errorf("Qualified result %+v", res)
	}
	n := 0
	for _, m := range r.messages(backend.OutcomeOK) {
		if strings.Contains(m, "Cancelled") && strings.Contains(m, "in Qualified") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d cancel lines, want 1", n)
	}
	t.Logf("a cancel cost %d Lever and %d Qualified calls (with one lost answer)", r.lev.Stats().Requests-levBefore, r.qual.Stats().Requests-qBefore)
}

func TestCancelWhileTheInviteIsInFlight(t *testing.T) {
	r := newRig(t, rigOptions{})
	// Qualified is slow to answer the invitation; the recruiter cancels meanwhile.
	r.qual.FaultNext("POST", "/v1/assessment_invitations", 1, qualifiedtest.Fault{Delay: 500 * time.Millisecond})
	r.candidate("opp-f", challenge)
	r.move("opp-f")
	var id int64
	r.eventually(5*time.Second, func() bool {
		invs, _ := r.db.InvitationsForOpportunity(context.Background(), "opp-f")
		if len(invs) == 1 {
			id = invs[0].ID
		}
		return id != 0
	}, r.describe("opp-f"))
	if q, skipped, err := r.eng.QueueActions(context.Background(), workflow.ActionCancel, []int64{id}, 0); err != nil || len(q) != 1 {
		t.Fatalf("cancel: %v %v %v", q, skipped, err)
	}
	r.waitIdle()
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-f", challenge).Status == backend.StatusClosed }, r.describe("opp-f"))
	r.waitIdle()
	// Either withdrawn before it was sent, or sent and then cancelled in
	// Qualified: never left open, never sent twice, no status tag left.
	if res, ok := r.qual.ResultFor(email("opp-f"), r.ids[challenge]); ok && res.ClosedReason != "invitation_canceled" {
		t.Errorf("Qualified result left open: %+v", res)
	}
	if n := r.emails("opp-f", challenge); n > 1 {
		t.Errorf("%d e-mails", n)
	}
	for _, tag := range r.tags("opp-f") {
		if strings.HasPrefix(tag, challenge+" - ") {
			t.Errorf("status tag %q left after the cancel", tag)
		}
	}
}

func TestComingBackIsShownAndInvitedOnce(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.invited("opp-back")
	inv := r.invitation("opp-back", challenge)
	time.Sleep(5 * time.Millisecond)
	if _, err := r.lev.MoveToStage("opp-back", stageScreen); err != nil {
		t.Fatal(err)
	}
	r.move("opp-back")
	r.waitIdle()
	r.eventually(5*time.Second, func() bool {
		m, _ := r.db.Deadlines(context.Background(), []int64{inv.ID})
		return !m[inv.ID].CameBackAt.IsZero()
	}, r.describe("opp-back"))
	if n := r.emails("opp-back", challenge); n != 1 {
		t.Errorf("%d e-mails, want 1: coming back is not a new invitation", n)
	}
	// Invite again is offered to a candidate who came back.
	if q, _, _ := r.eng.QueueActions(context.Background(), workflow.ActionRetry, []int64{inv.ID}, 0); len(q) != 1 {
		t.Errorf("invite again not offered to a candidate who came back")
	}
}

// An assessment whose deadline rule asks for it puts a candidate who let the
// invitation expire among the suggested archives, with the routing rules'
// archive reason; the recruiter's approval archives them once, and the line
// says why. Without a reason chosen, the line says what is missing.
func TestAnExpiredCandidateIsSuggestedForArchiving(t *testing.T) {
	r := newRig(t, rigOptions{sweep: 100 * time.Millisecond})
	ctx := context.Background()
	r.routed(backend.ArchiveSuggest)
	if err := r.eng.SaveDeadlineRule(ctx, sqlite.DeadlineRule{AssessmentID: r.ids[challenge], ExpireDays: 5, SuggestArchive: true}, challenge); err != nil {
		t.Fatal(err)
	}
	r.invited("opp-late")
	own := r.invitation("opp-late", challenge)
	if err := r.db.SetDeadline(ctx, own.ID, time.Now().Add(-time.Minute), time.Time{}); err != nil {
		t.Fatal(err)
	}
	r.eventually(10*time.Second, func() bool { return len(r.suggestions()) == 1 }, r.describe("opp-late"))
	if s := r.suggestions()[0]; s.InvitationID != own.ID || s.Outcome != backend.ScoreExpired || s.ArchiveReasonID != reasonUnder {
		t.Errorf("suggestion %+v", s)
	}
	if !r.lineWith(backend.OutcomeOK, "let Backend Challenge expire: suggested for archiving (Underqualified)") {
		t.Errorf("lines %q", r.messages(backend.OutcomeOK))
	}
	if err := r.eng.ApproveArchives(ctx, []int64{own.ID}); err != nil {
		t.Fatal(err)
	}
	r.eventually(10*time.Second, func() bool { return r.routedState("opp-late").ArchiveState == sqlite.StepDone }, r.describe("opp-late"))
	if o, _ := r.lev.Opportunity("opp-late"); !o.Archived {
		t.Error("not archived after the approval")
	}
	if !r.lineWith(backend.OutcomeOK, "archived in Lever (Underqualified) after letting Backend Challenge expire") {
		t.Errorf("lines %q", r.messages(backend.OutcomeOK))
	}

	// Another assessment's rule asks for it, but no archive reason is chosen.
	const other = "SQL Basics"
	if err := r.eng.SaveDeadlineRule(ctx, sqlite.DeadlineRule{AssessmentID: r.ids[other], ExpireDays: 5, SuggestArchive: true}, other); err != nil {
		t.Fatal(err)
	}
	r.candidate("opp-sql", other)
	r.move("opp-sql")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-sql", other).Status == backend.StatusInvited }, r.describe("opp-sql"))
	if err := r.db.SetDeadline(ctx, r.invitation("opp-sql", other).ID, time.Now().Add(-time.Minute), time.Time{}); err != nil {
		t.Fatal(err)
	}
	r.eventually(10*time.Second, func() bool {
		return r.lineWith(backend.OutcomeSkipped, "No archive is suggested: choose an archive reason in the assessment's routing rules first.")
	}, r.describe("opp-sql"))
	if len(r.suggestions()) != 0 {
		t.Errorf("a suggestion without a reason: %+v", r.suggestions())
	}
}
