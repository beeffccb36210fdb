package qualified_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

func TestInviteDeadline(t *testing.T) {
	clock := newClock()
	sim, c := setup(t, clock.Now)
	aid := sim.AddAssessment(qualifiedtest.Assessment{Title: "Go", ExpirationDays: 10, ReminderDays: 4})
	ctx := context.Background()

	due := clock.Now().Add(5 * 24 * time.Hour)
	inv, err := c.Invite(ctx, backend.InviteRequest{AssessmentID: aid, Email: "a@example.com", ExpiresAt: due, ReminderAt: due.Add(-48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if !inv.ExpiresAt.Equal(due) {
		t.Errorf("ExpiresAt = %v, want %v", inv.ExpiresAt, due)
	}
	inv2, err := c.Invite(ctx, backend.InviteRequest{AssessmentID: aid, Email: "b@example.com", DayDefaults: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := clock.Now().AddDate(0, 0, 10); !inv2.ExpiresAt.Equal(want) {
		t.Errorf("day defaults: ExpiresAt = %v, want %v", inv2.ExpiresAt, want)
	}
	if got := sim.Invitations()[1].ReminderAt; !got.Equal(clock.Now().AddDate(0, 0, 4)) {
		t.Errorf("day defaults: ReminderAt = %v", got)
	}
	as, err := c.Assessments(ctx)
	if err != nil || len(as) != 1 || as[0].DefaultExpirationDays != 10 || as[0].DefaultReminderDays != 4 {
		t.Errorf("Assessments = %+v, %v", as, err)
	}

	// Past the deadline: the invitation says expired, the result stays
	// invited, and the candidate can no longer start.
	clock.Advance(6 * 24 * time.Hour)
	if st := sim.Invitations()[0].State; st != "expired" {
		t.Errorf("state past the deadline = %q, want expired", st)
	}
	r, _ := sim.ResultFor("a@example.com", aid)
	if r.State != "invited" {
		t.Errorf("result state = %q, want invited", r.State)
	}
	if _, err := sim.Start(inv.ResultID); err == nil {
		t.Error("an expired invitation could be started")
	}
}

func TestResendCancelRetry(t *testing.T) {
	clock := newClock()
	sim, c := setup(t, clock.Now)
	aid := sim.AddAssessment(qualifiedtest.Assessment{Title: "Go"})
	ctx := context.Background()
	req := backend.InviteRequest{AssessmentID: aid, Email: "a@example.com"}
	inv := invite(t, c, aid, "a@example.com")

	// A repeated Invite e-mails no one; a Resend e-mails once.
	invite(t, c, aid, "a@example.com")
	if n := sim.EmailsSent("a@example.com", aid); n != 1 {
		t.Fatalf("after a repeated invite: %d e-mails, want 1", n)
	}
	if _, err := c.Resend(ctx, req); err != nil {
		t.Fatal(err)
	}
	if n := sim.EmailsSent("a@example.com", aid); n != 2 {
		t.Fatalf("after a resend: %d e-mails, want 2", n)
	}
	// A resend answered 503 is not repeated by the client: one e-mail at most.
	sim.FailNext(http.MethodPost, "/v1/assessment_invitations", 1, http.StatusServiceUnavailable)
	if _, err := c.Resend(ctx, req); err == nil {
		t.Fatal("a 503 resend succeeded")
	}
	if st := sim.Stats().ByRoute["POST /v1/assessment_invitations/invite_candidates"]; st != 4 {
		t.Errorf("invite calls = %d, want 4 (the failed resend not repeated)", st)
	}

	// Cancel closes a started attempt; cancelling again is no error.
	if _, err := sim.Start(inv.ResultID); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := c.Cancel(ctx, inv.InvitationID); err != nil {
			t.Fatalf("Cancel: %v", err)
		}
	}
	r, err := c.Result(ctx, inv.ResultID)
	if err != nil || r.State != "terminated" || r.Status != backend.StatusClosed {
		t.Fatalf("after cancel: %+v, %v", r, err)
	}
	if got := sim.Results()[0].ClosedReason; got != "invitation_canceled" {
		t.Errorf("closedReason = %q", got)
	}

	// A retake is a new attempt with its own deadline and one e-mail.
	due := clock.Now().Add(72 * time.Hour)
	again, err := c.Retry(ctx, backend.InviteRequest{AssessmentID: aid, Email: "a@example.com", ExpiresAt: due}, backend.RetryRetake)
	if err != nil {
		t.Fatal(err)
	}
	if again.ResultID == inv.ResultID || !again.ExpiresAt.Equal(due) || again.InvitationID != inv.InvitationID {
		t.Errorf("retake = %+v, first %+v", again, inv)
	}
	if n := sim.EmailsSent("a@example.com", aid); n != 3 {
		t.Errorf("after a retake: %d e-mails, want 3", n)
	}
	nr, err := c.Result(ctx, again.ResultID)
	if err != nil || nr.State != "invited" {
		t.Errorf("new take: %+v, %v", nr, err)
	}
	// A retry of an attempt still under way changes nothing and e-mails
	// no one.
	if _, err := c.Retry(ctx, backend.InviteRequest{AssessmentID: aid, Email: "a@example.com"}, backend.RetryReopen); err != nil {
		t.Fatal(err)
	}
	if n := sim.EmailsSent("a@example.com", aid); n != 3 {
		t.Errorf("retry under way: %d e-mails, want 3", n)
	}
	// Reopen brings a handed-in attempt back.
	if _, err := sim.Submit(again.ResultID, 40); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Retry(ctx, backend.InviteRequest{AssessmentID: aid, Email: "a@example.com"}, backend.RetryReopen); err != nil {
		t.Fatal(err)
	}
	if nr, _ := c.Result(ctx, again.ResultID); nr.State != "started" {
		t.Errorf("reopened state = %q, want started", nr.State)
	}
}
