package workflow_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/assessbridge/assessbridge/backend"
	"github.com/assessbridge/assessbridge/backend/qualified"
	"github.com/assessbridge/assessbridge/backend/qualified/qualifiedtest"
)

// TestResultClosedByACancelSaysTheInvitationWasCancelled: Qualified has
// cancelled the invitation (our own cancel, whose answer a stop kept from
// being recorded), and its report of the closed result arrives first: the
// line tells of the cancel, not of a candidate who did not hand in.
func TestResultClosedByACancelSaysTheInvitationWasCancelled(t *testing.T) {
	r := newRig(t, rigOptions{})
	res := r.invited("opp-cxl")
	r.started("opp-cxl")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-cxl", "Backend Challenge").Status == backend.StatusStarted }, r.describe("opp-cxl"))
	r.waitIdle()
	qc := qualified.New(r.qual.URL, qualifiedtest.DefaultAPIKey, qualified.WithHTTPClient(&http.Client{Timeout: clientWait}))
	if err := qc.Cancel(context.Background(), r.invitation("opp-cxl", "Backend Challenge").ProviderInvitationID); err != nil {
		t.Fatal(err)
	}
	r.deliverResult(res.ID, "terminated")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-cxl", "Backend Challenge").Status == backend.StatusClosed }, r.describe("opp-cxl"))
	r.waitIdle()
	if n := r.countLines("opp-cxl", "invitation to Backend Challenge was cancelled."); n != 1 {
		t.Errorf("%d cancelled lines, want 1: %+v", n, r.linesAbout("opp-cxl"))
	}
	if n := r.countLines("opp-cxl", "closed without a submission"); n != 0 {
		t.Errorf("a cancel told as closed without a submission: %+v", r.linesAbout("opp-cxl"))
	}
}

// TestResultClosedByTheTeamStillSaysWithoutASubmission: other closed
// reasons keep their line.
func TestResultClosedByTheTeamStillSaysWithoutASubmission(t *testing.T) {
	r := newRig(t, rigOptions{})
	res := r.invited("opp-term")
	if _, err := r.qual.Terminate(res.ID); err != nil {
		t.Fatal(err)
	}
	r.deliverResult(res.ID, "terminated")
	r.eventually(10*time.Second, func() bool { return r.invitation("opp-term", "Backend Challenge").Status == backend.StatusClosed }, r.describe("opp-term"))
	r.waitIdle()
	if n := r.countLines("opp-term", "closed without a submission"); n != 1 {
		t.Errorf("%d lines, want 1: %+v", n, r.linesAbout("opp-term"))
	}
	for _, a := range r.linesAbout("opp-term") {
		if strings.Contains(a.Message, "was cancelled") {
			t.Errorf("a team's close told as a cancel: %q", a.Message)
		}
	}
}
